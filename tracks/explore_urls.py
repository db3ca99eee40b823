"""URLs of the pages beyond the tracks (names without a namespace: /search/, /occupations/, /metros/)."""

from django.urls import path

from tracks import explore_views as views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("compare/", views.compare, name="compare"),
    path("metros/", views.metro_index, name="metro_index"),
    path("metros/<str:code>/", views.metro_detail, name="metro"),
    path("metros/<str:code>/data/tracks.csv", views.metro_csv, name="metro_csv"),
    path("states/<str:postal>/", views.state_detail, name="state"),
    path("states/<str:postal>/data/tracks.csv", views.state_csv, name="state_csv"),
]

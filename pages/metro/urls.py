from django.urls import path

from pages.metro import views

urlpatterns = [
    path("metros/", views.metro_index, name="metro_index"),
    path("metros/<str:code>/", views.metro_detail, name="metro"),
    path("metros/<str:code>/data/tracks.csv", views.metro_csv, name="metro_csv"),
]

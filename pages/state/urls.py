from django.urls import path

from pages.state import views

urlpatterns = [
    path("states/<str:postal>/", views.state_detail, name="state"),
    path("states/<str:postal>/data/tracks.csv", views.state_csv, name="state_csv"),
]

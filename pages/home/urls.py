from django.urls import path

from pages.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tracks.csv", views.tracks_csv, name="tracks_csv"),
]

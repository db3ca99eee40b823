"""Public pages that are not track pages: home, methodology, sitemap, robots.txt."""

from django.urls import path

from careers.views import site

urlpatterns = [
    path("", site.home, name="home"),
    path("tracks.csv", site.tracks_csv, name="tracks_csv"),
]

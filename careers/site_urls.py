"""Public pages that are not track pages: home, methodology, sitemap, robots.txt."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from careers.views import site

urlpatterns = [
    path("", site.home, name="home"),
    path("tracks.csv", site.tracks_csv, name="tracks_csv"),
    path("methodology/", site.methodology, name="methodology"),
    path("sitemap.xml", sitemap, {"sitemaps": site.SITEMAPS}, name="sitemap"),
    path("robots.txt", site.robots_txt, name="robots_txt"),
]

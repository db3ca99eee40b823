from django.contrib.sitemaps.views import sitemap
from django.urls import path

from pages.sitemap import views
from pages.sitemap.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

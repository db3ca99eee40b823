from django.contrib.sitemaps.views import sitemap
from django.urls import path

from pages.cache import public_page
from pages.sitemap import views
from pages.sitemap.sitemaps import SITEMAPS

# The sitemap is a public page like the others: cached whole by the generation (pages.cache), public,
# compressed; its only query parameter is Django's page number ``p``.
urlpatterns = [
    path("sitemap.xml", public_page(query=("p",))(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

"""Public pages that are not track pages: home, methodology, sitemap, robots.txt."""

urlpatterns = []

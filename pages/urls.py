"""Every public page's URLs, one include a page (URL names are global: ``occupation``, ``metro``, …;
the track page's are ``tracks:detail`` and ``tracks:chart_csv``)."""

from django.urls import include, path

urlpatterns = [
    path("", include("pages.occupation.urls")),
]

"""Every public page's URLs, one include a page (URL names are global: ``occupation``, ``metro``, …;
the track page's are ``tracks:detail`` and ``tracks:chart_csv``)."""

from django.urls import include, path

urlpatterns = [
    path("", include("pages.home.urls")),
    path("tracks/", include("pages.track.urls")),
    path("", include("pages.search.urls")),
    path("", include("pages.moves.urls")),  # before the occupation page's data/<table>.csv
    path("", include("pages.occupation.urls")),
    path("", include("pages.compare.urls")),
    path("", include("pages.metro.urls")),
    path("", include("pages.state.urls")),
    path("", include("pages.methodology.urls")),
    path("", include("pages.sitemap.urls")),
]

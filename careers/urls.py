from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careers.views.health import healthz, ping

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    path("", include("pages.urls")),
    path("", include("careers.member_urls")),
]

# A database error raised outside a view (in a middleware) is a 503 too, not a 500.
handler500 = "careers.views.errors.server_error"

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

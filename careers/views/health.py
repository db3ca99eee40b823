"""Liveness for load balancers (``healthz``: 200 while the database answers, 503 when not) and
``ping``, the minimal view benchmarks compare against."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def ping(request):
    """The smallest Django view: no database, no template. The baseline in benchmarks."""
    return HttpResponse("pong", content_type="text/plain")


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")

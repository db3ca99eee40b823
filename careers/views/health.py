"""Liveness for load balancers (``healthz``) and ``ping``, the minimal view benchmarks compare against.

``healthz`` answers 200 only while the database answers *and can write*: 503 when it is down or frozen
(the request's deadline ends the wait; ``careers.middleware``) and 503 "database is read-only" when it
answers but refuses writes (PostgreSQL's ``default_transaction_read_only``, a hot standby, SQLite's
``query_only``). A read-only database serves cached and read-only pages, but no sign-in, sign-up or
save works, so the host is not healthy; every host sees the same database, so a balancer that takes
them all out keeps none, and one that fails open (most do) keeps sending readers.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from careers.middleware import DatabaseUnavailableMiddleware


@never_cache
def ping(request):
    """The smallest Django view: no database, no template. The baseline in benchmarks."""
    return HttpResponse("pong", content_type="text/plain")


@never_cache
def healthz(request):
    if database_read_only():
        response = HttpResponse("database is read-only", content_type="text/plain", status=503)
        response["Retry-After"] = str(DatabaseUnavailableMiddleware.retry_after_seconds)
        return response
    return HttpResponse("ok", content_type="text/plain")


def database_read_only() -> bool:
    """One query: whether the database refuses writes (and a connection error if it does not answer)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('transaction_read_only')")
            return cursor.fetchone()[0] == "on"
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only")
            return bool(cursor.fetchone()[0])
        cursor.execute("SELECT 1")
        return False

"""Cross-cutting response behaviour: security headers Django has no setting for, a deadline on the
database, and a friendly 503 when the database is unreachable, frozen or read-only (the site recovers
by itself once it is back)."""

import logging
import sqlite3

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

from careers.deadline import database_deadline

logger = logging.getLogger(__name__)

# PostgreSQL's "read_only_sql_transaction": a write on a read-only database (default_transaction_read_only,
# a hot standby, a read-only role's default) or in a read-only transaction.
READ_ONLY_SQLSTATE = "25006"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class DatabaseDeadlineMiddleware:
    """Give the request its database deadline (``careers.deadline``): first in ``MIDDLEWARE``, so the
    page cache, the session and every view wait for the database only until then. The admin gets
    ``DATABASE_ADMIN_DEADLINE_SECONDS`` (an editor's save rebuilds pages), the rest
    ``DATABASE_REQUEST_DEADLINE_SECONDS``; 0 means none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            seconds = settings.DATABASE_ADMIN_DEADLINE_SECONDS
        else:
            seconds = settings.DATABASE_REQUEST_DEADLINE_SECONDS
        if not seconds:
            return self.get_response(request)
        with database_deadline(seconds):
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turn a lost, frozen or read-only database into a 503 page with Retry-After, instead of a
    traceback or a hang.

    Django closes a connection that raised at the end of the request, and with ``CONN_HEALTH_CHECKS``
    on it checks persistent connections before reuse, so the site heals as soon as the database
    answers again; ``connect_timeout`` and the request's deadline (settings) keep a dead or frozen
    server from hanging requests. This answers errors raised by views; the same errors raised in a
    middleware (a session saved on a read-only database) reach ``careers.views.errors.server_error``,
    which answers them the same way.
    """

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.error("Database unavailable: %s", exception)
        return database_unavailable_response(request)


def database_unavailable_response(request) -> HttpResponse:
    _drop_queued_messages(request)
    return service_unavailable_response(unsaved=request.method not in ("GET", "HEAD", "OPTIONS"))


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` (or what caused it) says the database cannot answer or cannot write:
    unreachable, timed out, closed, frozen past the deadline, or read-only."""
    seen = 0
    while exception is not None and seen < 6:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        if getattr(exception, "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        if isinstance(exception, sqlite3.OperationalError):  # "attempt to write a readonly database"
            return True
        if _is_psycopg_unavailable(exception):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def _is_psycopg_unavailable(exception: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is in requirements.txt
        return False
    return isinstance(exception, (psycopg.OperationalError, psycopg.InterfaceError))


def _drop_queued_messages(request) -> None:
    """Forget the messages this request queued: a view may have said "saved" before the commit failed,
    and the message middleware would otherwise carry that notice to the next page. Iterating a storage
    marks its messages read, so none of them is stored again."""
    storage = getattr(request, "_messages", None)
    if storage is not None:
        for _message in storage:
            pass


def service_unavailable_response(*, unsaved: bool = False) -> HttpResponse:
    """The 503 page; ``unsaved`` when the request sent something (a form), which was not saved."""
    html = render_to_string("503.html", {"unsaved": unsaved})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DatabaseUnavailableMiddleware.retry_after_seconds)
    response["Cache-Control"] = "no-store"
    return response


# Characters PostgreSQL cannot store in text (NUL) and that no form or query of ours ever needs.
REFUSED_CHARACTERS = frozenset("\x00")


def _has_refused(value: str) -> bool:
    return any(ch in REFUSED_CHARACTERS for ch in value) or _has_surrogate(value)


def _has_surrogate(value: str) -> bool:
    # Lone surrogates cannot be encoded as UTF-8, so PostgreSQL never sees them intact.
    return any("\ud800" <= ch <= "\udfff" for ch in value)


class BadInputMiddleware:
    """Answer 400 for a path, query string or form field carrying characters PostgreSQL refuses.

    Every public page, member form and admin filter passes through here, so none of them can turn a NUL
    byte into a database error (500). Multipart file contents are not inspected, only field values.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            return HttpResponseBadRequest(
                render_to_string("400.html", request=None), content_type="text/html; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:
        if _has_refused(request.path):
            return True
        for key, values in request.GET.lists():
            if _has_refused(key) or any(_has_refused(value) for value in values):
                return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if _has_refused(key) or any(isinstance(v, str) and _has_refused(v) for v in values):
                    return True
        return False

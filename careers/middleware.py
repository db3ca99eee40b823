"""Cross-cutting response behaviour: security headers Django has no setting for, and a friendly 503
when the database is unreachable (the site recovers by itself once it is back)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

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


class DatabaseUnavailableMiddleware:
    """Turn a lost database into a 503 page with Retry-After, instead of a traceback or a hang.

    Django closes a connection that raised at the end of the request, and with ``CONN_HEALTH_CHECKS``
    on it checks persistent connections before reuse, so the site heals as soon as the database
    answers again; ``connect_timeout`` (settings) keeps a dead server from hanging requests.
    """

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)) and not _is_connection_error(
            exception
        ):
            return None
        logger.error("Database unavailable: %s", exception)
        _drop_queued_messages(request)
        return service_unavailable_response(unsaved=request.method not in ("GET", "HEAD", "OPTIONS"))


def _drop_queued_messages(request) -> None:
    """Forget the messages this request queued: a view may have said "saved" before the commit failed,
    and the message middleware would otherwise carry that notice to the next page. Iterating a storage
    marks its messages read, so none of them is stored again."""
    storage = getattr(request, "_messages", None)
    if storage is not None:
        for _message in storage:
            pass


def _is_connection_error(exception: BaseException) -> bool:
    cause = exception.__cause__ or exception.__context__
    return isinstance(cause, (OperationalError, InterfaceError))


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

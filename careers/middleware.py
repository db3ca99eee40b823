"""Cross-cutting response behaviour: security headers Django has no setting for, and a friendly 503
when the database is unreachable (the site recovers by itself once it is back)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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
        return service_unavailable_response()


def _is_connection_error(exception: BaseException) -> bool:
    cause = exception.__cause__ or exception.__context__
    return isinstance(cause, (OperationalError, InterfaceError))


def service_unavailable_response() -> HttpResponse:
    html = render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DatabaseUnavailableMiddleware.retry_after_seconds)
    response["Cache-Control"] = "no-store"
    return response

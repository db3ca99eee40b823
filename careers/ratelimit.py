"""Per-client rate limiting for the forms that guard accounts, kept in the shared cache.

A fixed-window counter per (scope, client address): each POST to a limited view adds one; past
``limit`` within ``period`` seconds the view answers 429 with a ``Retry-After`` header, whatever was
posted, until the window ends. Only POSTs count, so reading a form is never limited. The counters live
in the default cache (Redis in production), so every app server behind the load balancer shares them.

The client is ``REMOTE_ADDR``. Behind N trusted proxies that append to ``X-Forwarded-For`` (a load
balancer, then gunicorn), set ``DJANGO_TRUSTED_PROXY_COUNT=N``: the address the outermost trusted proxy
saw is then used, and anything a client wrote further left in the header is ignored.

If the cache is down the limiter lets requests through (it must not turn an outage into a lockout).

Where it applies (see ``careers/member_urls.py`` and ``careers/admin.py``): sign-up, sign-in, password
reset requests, resending the verification email, and the admin login.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

# (attempts, seconds) per client address. Generous enough for a person who mistypes, tight enough to
# make guessing passwords or flooding inboxes slow.
LIMITS = {
    "signup": (10, 60 * 60),
    "login": (10, 5 * 60),
    "password-reset": (5, 60 * 60),
    "verify-resend": (5, 60 * 60),
    "admin-login": (10, 5 * 60),
}


def client_address(request) -> str:
    """The client's IP address, trusting only as many ``X-Forwarded-For`` hops as configured."""
    proxies = getattr(settings, "RATELIMIT_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _hit(scope: str, address: str, limit: int, period: int) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window ends)."""
    now = time.time()
    window = int(now // period)
    retry_after = int((window + 1) * period - now) + 1
    key = f"ratelimit:{scope}:{address}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a new window has begun
        cache.set(key, 1, timeout=period + 1)
        count = 1
    except Exception:  # the cache is unreachable: fail open, loudly
        logger.warning("Rate limiter cache unavailable; letting %s through", scope, exc_info=True)
        return True, 0
    if count is None:  # some backends swallow errors and answer None
        return True, 0
    return count <= limit, retry_after


def ratelimit(scope: str):
    """Decorate a view so POSTs beyond ``LIMITS[scope]`` from one client get a 429 page."""
    limit, period = LIMITS[scope]

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                allowed, retry_after = _hit(scope, client_address(request), limit, period)
                if not allowed:
                    response = TemplateResponse(
                        request,
                        "registration/rate_limited.html",
                        {"retry_minutes": max(1, -(-retry_after // 60))},
                        status=429,
                    )
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

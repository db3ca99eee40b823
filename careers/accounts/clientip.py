"""The client's IP address, for rate limits (allauth) and admin lockouts (django-axes).

gunicorn listens on a Unix socket or loopback only, behind nginx, which overwrites ``X-Real-IP`` with the
address it saw (itself taking it from a load balancer only when configured with ``set_real_ip_from``).
So ``X-Real-IP`` is believed only from a trusted proxy (``TRUSTED_PROXIES``: loopback, and ``unix`` for a
socket, where ``REMOTE_ADDR`` is empty); anyone else is who ``REMOTE_ADDR`` says, whatever they send in
``X-Real-IP`` or ``X-Forwarded-For``.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(settings.TRUSTED_PROXIES)
    from_proxy = (remote in trusted) or (not remote and "unix" in trusted)
    if from_proxy:
        forwarded = _valid(request.META.get("HTTP_X_REAL_IP", ""))
        if forwarded:
            return forwarded
    return _valid(remote) or "0.0.0.0"

"""Addresses of public pages. The canonical address is ``SITE_URL`` and the page's path, never the
request's host (a page cached for one host is served to all, and search engines must see one address
per page)."""

from django.conf import settings
from django.urls import reverse


def canonical_url(where: str, **kwargs) -> str:
    """``where`` is a path ("/tracks/operations/") or a URL name (with its ``kwargs``): its full address."""
    path = where if where.startswith("/") else reverse(where, kwargs=kwargs or None)
    return f"{settings.SITE_URL}{path}"


def track_path(track) -> str:
    """A track page's path (``/tracks/<slug>/``)."""
    return reverse("tracks:detail", kwargs={"slug": track.slug})

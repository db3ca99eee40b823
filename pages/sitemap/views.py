"""``robots.txt``: what crawlers may skip (never naming the admin path), and where the sitemap is."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from pages.links import canonical_url


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Never names the admin path: DJANGO_ADMIN_URL is there to keep it out of sight."""
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /me/",
        "Disallow: /get-started/",
        "Disallow: /*?metro=",
        "",
        f"Sitemap: {canonical_url('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

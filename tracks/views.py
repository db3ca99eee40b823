"""The track page and the CSV behind each of its charts. Views parse input, call a selector, render."""

import csv
import zlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tracks.models import Track
from tracks.selectors import CACHE_SECONDS, MetroNotFound, published_track, track_page_context_for

PAGE_TEMPLATE = "tracks/track_detail.html"


def _track_or_404(slug: str) -> Track:
    try:
        return published_track(slug)
    except Track.DoesNotExist:
        raise Http404("No published track with this address.") from None


@require_safe
def track_detail(request, slug: str):
    track = _track_or_404(slug)
    metro_code = request.GET.get("metro", "").strip() or None
    try:
        context = track_page_context_for(track, metro_code)
    except MetroNotFound:
        return render(
            request,
            "tracks/metro_not_found.html",
            {"track": track, "metro_code": metro_code[:40]},
            status=404,
        )
    return render(request, PAGE_TEMPLATE, {**context, "body_html": page_body(context)})


def page_body(context: dict):
    """The page's <article>, rendered once per cache key (the context's own): the header and footer
    around it still follow the visitor (signed in or not)."""
    key = context.get("cache_key")
    packed = cache.get(f"{key}:body") if key else None
    if packed is not None:
        return mark_safe(zlib.decompress(packed).decode())  # noqa: S308 - our own template's output
    body = render_to_string(f"{PAGE_TEMPLATE}#page-body", context)
    if key:
        # About 110 kB of HTML packs into about 20 kB: hundreds of metro views fit in the cache.
        cache.set(f"{key}:body", zlib.compress(body.encode(), 6), CACHE_SECONDS)
    return body


@require_safe
def chart_csv(request, slug: str, chart: str):
    track = _track_or_404(slug)
    context = track_page_context_for(track)
    found = context["charts"].get(chart)
    if found is None:
        raise Http404("This track page has no chart with that name.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{track.slug}-{found.key}.csv"'
    writer = csv.writer(response)
    writer.writerow([*found.csv_headers, "source"])
    for row in found.csv_rows:
        writer.writerow([*row, found.source])
    return response

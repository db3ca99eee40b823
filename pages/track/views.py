"""The track page and the CSV behind each of its charts, read from snapshots: no request computes.

Views parse input, read one snapshot, render. Both pages are public: they read no session and set no
cookie (``pages.cache`` caches and validates them by the data generation).
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.csv import csv_response
from pages.track.figures import MetroNotFound
from pages.track.render import PAGE_TEMPLATE
from pages.track.snapshots import SnapshotMissing, published_page, served_page
from salaries.places import is_typed_place, match_metros
from tracks.models import Track

TYPED_MAX = 80  # characters of typed text shown back


def _page_or_404(slug: str, read=served_page):
    try:
        return read(slug)
    except Track.DoesNotExist:
        raise Http404("No published track with this address.") from None


def _not_built(request, error: SnapshotMissing):
    response = render(request, "pages/track/not_built.html", {"track": error.track}, status=503)
    response["Retry-After"] = "60"
    return response


@require_safe
@public_page(query=("metro",))
def track_detail(request, slug: str):
    metro_code = request.GET.get("metro", "").strip() or None
    if metro_code is not None and is_typed_place(metro_code):
        return _typed_metro(request, slug, metro_code)
    try:
        page = _page_or_404(slug, lambda slug: served_page(slug, metro_code))
    except SnapshotMissing as missing:
        return _not_built(request, missing)
    except MetroNotFound as not_found:
        return render(
            request,
            "pages/track/metro_not_found.html",
            {"track": not_found.track, "metro_code": metro_code[:40]},
            status=404,
        )
    return render(request, PAGE_TEMPLATE, page.as_context())


def _typed_metro(request, slug: str, typed: str):
    """The picker sent text, not a code (no JavaScript, or text the list did not match): resolve it with
    the one metro matcher (``salaries.places.match_metros``) among the track's metros. One match goes to
    its view; several are listed to choose from; none says so, keeping the text in the picker."""
    typed = typed[:TYPED_MAX]
    try:
        page = _page_or_404(slug, published_page)
    except SnapshotMissing as missing:
        return _not_built(request, missing)
    # The track's own metros, from its stored page: typed text never reads the federal data.
    names = {option["code"]: option["name"] for option in page.location["metro_options"]}
    codes = match_metros(typed, names)
    if len(codes) == 1:
        return HttpResponseRedirect(f"{page.canonical_path}?metro={codes[0]}#pay-by-location")
    context = {
        "track": page.track,
        "canonical_path": page.canonical_path,
        "typed": typed,
        "matches": [{"code": code, "name": names[code]} for code in codes],
        "metro_options": [
            {"code": code, "name": name} for code, name in sorted(names.items(), key=lambda i: i[1])
        ],
    }
    return render(request, "pages/track/metro_choose.html", context, status=200 if codes else 404)


@require_safe
@public_page
def chart_csv(request, slug: str, chart: str):
    try:
        page = _page_or_404(slug, published_page)
    except SnapshotMissing as missing:
        return _not_built(request, missing)
    found = page.charts.get(chart)
    if found is None:
        raise Http404("This track page has no chart with that name.")
    filename = f"{page.track.slug}-{found.key}.csv"
    return csv_response(filename, found.csv_headers, found.csv_rows, found.source)

"""The metro pages: the index of metros and states, one metro's page and its CSV, read from the stored
snapshots (one query each, no statistic computed, no session, no cookie)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.csv import csv_response
from pages.links import canonical_url
from pages.metro import selectors
from pages.metro.selectors import CBSA_RE
from salaries.places import match_metros

QUERY_MAX = 80  # characters of a filter query read


def place_or_404(code: str, pattern, read, kind: str) -> dict:
    """A metro's or a state's stored page; 404 for a malformed code or one with no page."""
    page = read(code) if pattern.match(code) else None
    if page is None:
        raise Http404(f"No {kind} page for this code.")
    return page


def place_csv(page: dict, filename: str):
    """A metro's or a state's table of tracks as CSV."""
    source = f"BLS OEWS, {page['oews_vintage']}; BEA Regional Price Parities {page['rpp_year']}"
    return csv_response(filename, page["csv_headers"], page["csv_rows"], source)


def _metro_or_404(code: str) -> dict:
    return place_or_404(code, CBSA_RE, selectors.metro_snapshot, "metro")


@require_safe
@public_page
def metro_detail(request, code: str):
    page = _metro_or_404(code)
    return render(
        request,
        "pages/metro/detail.html",
        {
            "page": page,
            "csv_url": reverse("metro_csv", kwargs={"code": code}),
            "canonical_url": canonical_url("metro", code=code),
        },
    )


@require_safe
@public_page
def metro_csv(request, code: str):
    return place_csv(_metro_or_404(code), f"metro-{code}-tracks.csv")


@require_safe
@public_page(query=("q",))
def metro_index(request):
    """Every metro and state; ``?q=`` filters the metros with the one metro matcher (what the filter box
    does in the browser, for a reader without JavaScript)."""
    metros = selectors.metro_index()
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    shown = metros
    if query:
        by_code = {m["code"]: m for m in metros}
        shown = [by_code[code] for code in match_metros(query, {m["code"]: m["name"] for m in metros})]
    return render(
        request,
        "pages/metro/index.html",
        {
            "metros": metros,
            "shown": shown,
            "query": query,
            "states": selectors.state_index(),
            "canonical_url": canonical_url("metro_index"),
        },
    )

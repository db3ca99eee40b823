"""Public pages beyond the tracks: job-title search, occupation pages, metro pages, compare.

Each view parses its input, reads snapshots (``tracks.explore``) and renders: a fixed number of queries,
no statistics computed, no session, no cookie.
"""

import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.csv import csv_response
from pages.occupation import compare as occupation_compare
from pages.occupation.selectors import occupation_compare_snapshots
from tracks import explore
from tracks.compare import parse_slugs, pay_figure, shared_and_distinct_skills
from tracks.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise

SOC_RE = re.compile(r"^\d{2}-\d{4}$")
CBSA_RE = re.compile(r"^\d{5}$")
POSTAL_RE = re.compile(r"^[A-Z]{2}$")
EXAMPLES = ["registered nurse", "software developer", "product manager", "electrician", "accountant"]


@require_safe
@public_page
def search(request):
    raw = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = raw.replace("\x00", "")
    index = explore.search_index()
    results = index.search(query) if index is not None and query else []
    too_short = bool(query) and len(normalise(query)) < MIN_QUERY_LENGTH
    return render(
        request,
        "pages/search/search.html",
        {
            "query": query,
            "results": results,
            "too_short": too_short,
            "index_ready": index is not None,
            "examples": EXAMPLES,
            "canonical_url": f"{settings.SITE_URL}{reverse('search')}",
        },
    )


def _place_or_404(code: str, pattern, read, kind: str) -> dict:
    """A metro's or a state's stored page; 404 for a malformed code or one with no page."""
    page = read(code) if pattern.match(code) else None
    if page is None:
        raise Http404(f"No {kind} page for this code.")
    return page


def _place_csv(page: dict, filename: str):
    source = f"BLS OEWS, {page['oews_vintage']}; BEA Regional Price Parities {page['rpp_year']}"
    return csv_response(filename, page["csv_headers"], page["csv_rows"], source)


def _metro_or_404(code: str) -> dict:
    return _place_or_404(code, CBSA_RE, explore.metro_snapshot, "metro")


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
            "canonical_url": f"{settings.SITE_URL}{reverse('metro', kwargs={'code': code})}",
        },
    )


@require_safe
@public_page
def metro_csv(request, code: str):
    return _place_csv(_metro_or_404(code), f"metro-{code}-tracks.csv")


@require_safe
@public_page
def metro_index(request):
    return render(
        request,
        "pages/metro/index.html",
        {
            "metros": explore.metro_index(),
            "states": explore.state_index(),
            "canonical_url": f"{settings.SITE_URL}{reverse('metro_index')}",
        },
    )


def _state_or_404(postal: str) -> dict:
    return _place_or_404(postal, POSTAL_RE, explore.state_snapshot, "state")


@require_safe
@public_page
def state_detail(request, postal: str):
    page = _state_or_404(postal)
    return render(
        request,
        "pages/metro/detail.html",
        {
            "page": page,
            "is_state": True,
            "csv_url": reverse("state_csv", kwargs={"postal": postal}),
            "canonical_url": f"{settings.SITE_URL}{reverse('state', kwargs={'postal': postal})}",
        },
    )


@require_safe
@public_page
def state_csv(request, postal: str):
    return _place_csv(_state_or_404(postal), f"state-{postal}-tracks.csv")


@require_safe
@public_page
def compare(request):
    if "occupations" in request.GET:
        return compare_occupations(request)
    slugs = parse_slugs(",".join(request.GET.getlist("tracks")))
    tracks = explore.compare_snapshots(slugs)
    metro_code = request.GET.get("metro", "").strip()
    metro = explore.metro_snapshot(metro_code) if CBSA_RE.match(metro_code) else None
    metro_rows = []
    if metro is not None:
        by_slug = {row["slug"]: row for row in metro["tracks"]}
        metro_rows = [by_slug[t["slug"]] for t in tracks if t["slug"] in by_slug]
    figure = pay_figure(tracks) if tracks else None
    return render(
        request,
        "pages/compare/tracks.html",
        {
            "tracks": tracks,
            "asked": slugs,
            "choices": explore.compare_choices(),
            "metros": explore.metro_index() if tracks else [],
            "metro": metro,
            "metro_code": metro_code[:5],
            "metro_rows": metro_rows,
            "figure": figure,
            "skills": shared_and_distinct_skills(tracks) if tracks else None,
            "tracks_param": ",".join(t["slug"] for t in tracks),
            "canonical_url": f"{settings.SITE_URL}{reverse('compare')}",
        },
    )


def compare_occupations(request):
    """``/compare/?occupations=15-1252,15-1211[,...]``: two or three occupations from their snapshots;
    anything else is a 200 page explaining what to pass."""
    raw = ",".join(request.GET.getlist("occupations")).replace("\x00", "")
    codes = occupation_compare.parse_codes(raw)
    found = occupation_compare_snapshots(codes)
    columns = [occupation_compare.occupation_column(code, payload) for code, payload in found]
    enough = len(columns) >= occupation_compare.MIN_OCCUPATIONS
    missing = [c for c in codes if c not in {col["code"] for col in columns}]
    metro_code = request.GET.get("metro", "").strip()[:5]
    metros = explore.metro_index() if enough else []
    metro = None
    if enough and CBSA_RE.match(metro_code):
        metro = next((m for m in metros if m["code"] == metro_code), None)
    return render(
        request,
        "pages/compare/occupations.html",
        {
            "columns": columns if enough else [],
            "asked": [p.strip() for p in raw.split(",") if p.strip()][:10],
            "missing": missing,
            "metros": metros,
            "metro": metro,
            "metro_code": metro_code if CBSA_RE.match(metro_code) else "",
            "metro_rows": occupation_compare.metro_rows(columns, metro_code) if metro else [],
            "figure": pay_figure(columns) if enough else None,
            "skills": shared_and_distinct_skills(columns) if enough else None,
            "codes_param": ",".join(c["code"] for c in columns),
            "canonical_url": f"{settings.SITE_URL}{reverse('compare')}",
        },
    )

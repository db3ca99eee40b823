"""``/compare/?tracks=a,b[,c][&metro=<CBSA>]`` and ``/compare/?occupations=<SOC>,<SOC>[,...]``: read
from snapshots (a fixed number of queries; the menus of tracks and metros are one stored row, never
every metro's snapshot); anything else is a 200 page explaining what to pass."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.compare import selectors
from pages.compare.build import parse_slugs, pay_figure, shared_and_distinct_skills, with_selected
from pages.links import canonical_url
from pages.metro.selectors import CBSA_RE, metro_snapshot
from pages.occupation import compare as occupation_compare
from pages.occupation.selectors import occupation_compare_snapshots


@require_safe
@public_page(query=("tracks", "occupations", "metro"))
def compare(request):
    if "occupations" in request.GET:
        return compare_occupations(request)
    slugs = parse_slugs(",".join(request.GET.getlist("tracks")))
    tracks = selectors.compare_snapshots(slugs)
    metro_code = request.GET.get("metro", "").strip()
    metro = metro_snapshot(metro_code) if CBSA_RE.match(metro_code) else None
    metro_rows = []
    if metro is not None:
        by_slug = {row["slug"]: row for row in metro["tracks"]}
        metro_rows = [by_slug[t["slug"]] for t in tracks if t["slug"] in by_slug]
    figure = pay_figure(tracks) if tracks else None
    menus = selectors.compare_menus("track_options", "metro_options")
    return render(
        request,
        "pages/compare/tracks.html",
        {
            "tracks": tracks,
            "asked": slugs,
            # One picker per column, its track selected; the stored menus' <option>s, not re-rendered.
            "pickers": [
                {"n": str(n), "options": with_selected(menus["track_options"], slug)}
                for n, slug in enumerate([t["slug"] for t in tracks] + [""] * 3, 1)
            ][:3],
            "metro_options": with_selected(menus["metro_options"], metro_code[:5]) if tracks else "",
            "metro": metro,
            "metro_code": metro_code[:5],
            "metro_rows": metro_rows,
            "figure": figure,
            "skills": shared_and_distinct_skills(tracks) if tracks else None,
            "tracks_param": ",".join(t["slug"] for t in tracks),
            "canonical_url": canonical_url("compare"),
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
    menus = selectors.compare_menus("metros", "metro_options") if enough else selectors.NO_MENUS
    metro = None
    if enough and CBSA_RE.match(metro_code):
        metro = next((m for m in menus["metros"] if m["code"] == metro_code), None)
    selected = metro_code if CBSA_RE.match(metro_code) else ""
    return render(
        request,
        "pages/compare/occupations.html",
        {
            "columns": columns if enough else [],
            "asked": [p.strip() for p in raw.split(",") if p.strip()][:10],
            "missing": missing,
            "metro_options": with_selected(menus["metro_options"], selected),
            "metro": metro,
            "metro_code": selected,
            "metro_rows": occupation_compare.metro_rows(columns, metro_code) if metro else [],
            "figure": pay_figure(columns) if enough else None,
            "skills": shared_and_distinct_skills(columns) if enough else None,
            "codes_param": ",".join(c["code"] for c in columns),
            "canonical_url": canonical_url("compare"),
        },
    )

"""``/compare/?tracks=a,b[,c][&metro=<CBSA>]`` and ``/compare/?occupations=<SOC>,<SOC>[,...]``: read
from snapshots (a track comparison is one query: the tracks' rows and columns, the menus and the metro's
section, all stored rendered; never every metro's snapshot); anything else is a 200 page explaining
what to pass."""

from django.shortcuts import render
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.compare import selectors
from pages.compare.build import (
    parse_slugs,
    pay_figure,
    shared_and_distinct_skills,
    skills_html,
    with_selected,
)
from pages.compare.render import render_markup
from pages.links import canonical_url
from pages.metro.selectors import CBSA_RE
from pages.occupation import compare as occupation_compare
from pages.occupation.selectors import occupation_compare_snapshots


@require_safe
@public_page(query=("tracks", "occupations", "metro"))
def compare(request):
    if "occupations" in request.GET:
        return compare_occupations(request)
    slugs = parse_slugs(",".join(request.GET.getlist("tracks")))
    metro_code = request.GET.get("metro", "").strip()
    stored = selectors.comparison(slugs, metro_code if CBSA_RE.match(metro_code) else None)
    tracks, metro = stored.tracks, stored.metro
    context = {
        "tracks": [{"slug": t["slug"], "ladder": t["html"]["ladder"]} for t in tracks],
        "asked": slugs,
        # One picker per column, its track selected; the stored menus' <option>s, not re-rendered.
        "pickers": [
            {"n": str(n), "options": with_selected(stored.track_options, slug)}
            for n, slug in enumerate([t["slug"] for t in tracks] + [""] * 3, 1)
        ][:3],
        "metro_options": with_selected(stored.metro_options, metro_code[:5]) if tracks else "",
        "metro": {k: str(metro[k]) for k in ("name", "oews_vintage", "rpp", "rpp_year", "url")}
        if metro
        else None,
        "metro_code": metro_code[:5],
        # The tracks' parts as stored (rendered when built), strung together in the tracks' order;
        # the first track's head the tables (their headings, sources).
        "names": joined((t["html"]["name"] for t in tracks), " and "),
        "first": {k: tracks[0]["html"][k] for k in FIRST_PARTS} if tracks else {},
        "headline_rows": joined(t["html"]["headline_row"] for t in tracks),
        "pay_rows": joined(t["html"]["pay_row"] for t in tracks),
        "metro_rows": joined(metro["rows"][t["slug"]] for t in tracks if t["slug"] in metro["rows"])
        if metro
        else "",
        "figure_script": json_script(pay_figure(tracks), "chart-data-compare-pay") if tracks else "",
        "skills": skills_html(tracks) if tracks else None,
        "canonical_url": canonical_url("compare"),
    }
    if not tracks:
        return render(request, "pages/compare/tracks.html", context)
    return render_markup(request, "pages/compare/tracks.html", context)


FIRST_PARTS = ("facts_head", "sources", "quantiles_head", "skills_source")


def joined(parts, separator: str = "") -> SafeString:
    """Stored HTML parts (each escaped when it was built) one after the other."""
    return SafeString(separator.join(parts))


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

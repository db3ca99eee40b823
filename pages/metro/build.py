"""Metro pages (``/metros/<CBSA>/``): every track's jobs and median pay in one metro, nominal and at U.S.
prices, against the national figure, with the metro's rank among ranked metros. Built for every metro at
once when data or the catalogue changes (``rebuild_metro_snapshots``); pages only read the snapshots.

The track figures come from the same functions as the track page's metro view
(``pages.track.data.metro_figures`` over ``salaries.selectors.track_wage_rows``), so the two agree; in a
full rebuild they are the very figures the track pages computed (``build_memo``). State pages are built
from the same inputs (``PlaceInputs``) by ``pages.state.build``, with the same payload (``place_payload``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import StringAgg, Value
from django.urls import reverse
from django.utils import timezone

from pages.formatting import adjusted_csv, adjusted_display, format_percent_change
from pages.store import Kind, Written, write_snapshots
from pages.track.data import WageData, distribution, metro_figures
from pages.track.snapshots import metro_figures_key
from salaries import selectors as data
from salaries import snapshot_reads
from salaries.generation import build_memo
from salaries.models import DataRelease
from salaries.statistics.location import (
    TIER_LABELS,
    TIER_SMALLER,
    adjusted_lower_bound,
    adjusted_rank_value,
    median_rank_value,
    metro_tiers,
    ranked_count,
    ranks,
)
from salaries.statistics.mixture import track_employment, track_pay
from salaries.statistics.wages import NOT_AVAILABLE, Quantile, format_dollars
from tracks.models import Track


@dataclass
class PlaceInputs:
    """What metro and state pages are built from, read once per rebuild."""

    oews: DataRelease
    rpp_year: int | None
    tracks: list[Track]  # published, by name, each with ``codes`` (its occupations, comma-separated)
    per_track: list[dict]  # ``track_figures_by_metro`` of ``tracks``
    rpp: dict[str, float]  # area code -> all-items RPP of ``rpp_year``
    areas: list[dict]  # every area: code, name, area_type, state
    built_at: datetime


def place_inputs() -> PlaceInputs | None:
    """The inputs of every metro and state page (None when no OEWS release is loaded)."""
    releases = data.current_releases()
    oews = releases.get(DataRelease.Source.OEWS)
    if oews is None:
        return None
    oews_year = data.survey_year(oews)
    rpp_year = data.rpp_year_for(oews_year)
    tracks = list(
        Track.objects.published()
        .annotate(codes=StringAgg("occupations__occupation_id", delimiter=Value(","), default=Value("")))
        .order_by("name")
    )
    return PlaceInputs(
        oews=oews,
        rpp_year=rpp_year,
        tracks=tracks,
        per_track=track_figures_by_metro(tracks, oews, oews_year),
        rpp=snapshot_reads.price_parities(rpp_year),
        areas=snapshot_reads.areas(),
        built_at=timezone.now(),
    )


def track_figures_by_metro(tracks, oews, oews_year):
    """For each track: (national pay, {metro code: figures}, ranks by median, ranks at U.S. prices).

    In a full rebuild the track pages, built first, have left each track's figures (computed from the
    same rows by the same functions: ``pages.track.snapshots``); otherwise they are computed here."""
    results = []
    memo = build_memo() or {}
    for track in tracks:
        codes = sorted(track.codes.split(",")) if track.codes else []
        entry = memo.get(metro_figures_key(oews, codes)) if codes else None
        if entry is None:
            entry = _track_metro_figures(codes, oews, oews_year)
        figures = entry["figures"]
        results.append(
            {
                **entry,
                "track": track,
                "rank_median": ranks(figures.values(), median_rank_value),
                "rank_adjusted": ranks(figures.values(), adjusted_rank_value),
                "ranked_count": ranked_count(figures.values()),
            }
        )
    return results


def _track_metro_figures(codes, oews, oews_year) -> dict:
    rows = data.track_wage_rows(release_id=oews.pk, codes=codes, oews_year=oews_year) if codes else []
    wages = WageData.from_rows(rows)
    national = [distribution(wages.national[c]) for c in codes if c in wages.national]
    return {
        "pay": track_pay(national) if national else None,
        "employment": track_employment(national) if national else None,
        "figures": {m.area_code: m for m in metro_figures(wages, codes)},
        "rpp_year": wages.rpp_year,
        "national_mix": {
            c: wages.national[c]["employment"]
            for c in codes
            if c in wages.national and wages.national[c]["employment"]
        },
    }


def metro_states(name: str) -> list[str]:
    """Postal codes of the states a metro spans, from its OEWS name ("Memphis, TN-MS-AR" -> TN, MS, AR)."""
    tail = name.rsplit(",", 1)[-1] if "," in name else ""
    return [part.strip() for part in tail.split("-") if len(part.strip()) == 2 and part.strip().isalpha()]


def _vs(value, national) -> str | None:
    if value is None or not national:
        return None
    return format_percent_change(round((value / national - 1) * 100, 1))


def place_payload(metro: dict, tier: str, total: int | None, rpp, rpp_year, per_track, oews_vintage) -> dict:
    """One metro's or state's page (pure): its facts and one row per track."""
    rows = []
    for entry in per_track:
        track = entry["track"]
        m = entry["figures"].get(metro["code"])
        national = entry["pay"].median if entry["pay"] else None
        url = reverse("tracks:detail", kwargs={"slug": track.slug})
        row = {
            "slug": track.slug,
            "name": track.name,
            "url": url,
            "metro_url": (
                f"{url}?{urlencode({'metro': metro['code']})}"
                if m is not None and metro.get("area_type", "metro") == "metro"
                else None
            ),
            "national_median": national.display() if national else NOT_AVAILABLE,
            "national_jobs": f"{entry['employment'].total:,}" if entry["employment"] else NOT_AVAILABLE,
            "jobs": None,
            "jobs_value": 0,
            "median": NOT_AVAILABLE,
            "adjusted": NOT_AVAILABLE,
            "vs_national": None,
            "rank_median": None,
            "rank_adjusted": None,
            "ranked_count": entry["ranked_count"],
            "rankable": False,
        }
        if m is not None:
            bound = adjusted_lower_bound(m) if m.adjusted_median is None else None
            if m.adjusted_median is not None:
                adjusted, adjusted_cell = adjusted_display(m.adjusted_median), adjusted_csv(m.adjusted_median)
            elif bound is not None:  # a top-coded median: the least it can be at U.S. prices
                least = Quantile.of(bound)  # at or above the top code: "$239,200 or more" (the rule)
                adjusted = least.display() if least.top_coded else f"{format_dollars(bound)} or more"
                adjusted_cell = least.csv_value() if least.top_coded else f">={int(bound)}"
            else:
                adjusted, adjusted_cell = "", ""
            row.update(
                jobs=f"{m.employment:,}",
                jobs_value=m.employment,
                median=m.median.display(),
                median_value=m.median.value,
                median_csv=m.median.csv_value(),
                adjusted=adjusted,
                adjusted_value=m.adjusted_median,
                adjusted_csv=adjusted_cell,
                reliability=m.reliability.display() if m.reliability and m.reliability.rough else "",
                reliability_csv=m.reliability.csv_value() if m.reliability else "",
                vs_national=_vs(m.median.value, national.value if national else None),
                rank_median=entry["rank_median"].get(m.area_code),
                rank_adjusted=entry["rank_adjusted"].get(m.area_code),
                rankable=m.rankable,
            )
        rows.append(row)
    rows.sort(key=lambda r: (-r["jobs_value"], r["name"]))
    return {
        "code": metro["code"],
        "name": metro["name"],
        "state": metro["state"],
        "states": metro.get("states", []),
        "tier": tier,
        "tier_label": TIER_LABELS.get(tier, tier),
        "total_employment": f"{total:,}" if total else NOT_AVAILABLE,
        "rpp": f"{rpp:.1f}" if rpp is not None else None,
        "rpp_year": rpp_year,
        "oews_vintage": oews_vintage,
        "tracks": rows,
        "csv_headers": [
            "track",
            "jobs",
            "median_annual",
            "median_at_us_prices",
            "national_median",
            "rank_by_median",
            "rank_at_us_prices",
            "ranked_metros",
            "reliability",
        ],
        "csv_rows": [
            [
                r["name"],
                r["jobs_value"] or "",
                r.get("median_csv", ""),
                r.get("adjusted_csv", ""),
                r["national_median"],
                r["rank_median"] or "",
                r["rank_adjusted"] or "",
                r["ranked_count"],
                r.get("reliability_csv", ""),
            ]
            for r in rows
        ],
    }


def metro_areas(places: PlaceInputs) -> list[dict]:
    """Every metro area, with the postal codes of the states it spans."""
    return [{**a, "states": metro_states(a["name"])} for a in places.areas if a["area_type"] == "metro"]


def rebuild_metro_snapshots(places: PlaceInputs | None) -> Written:
    """Store every metro page's snapshot (in the caller's transaction), writing only what changed."""
    if places is None:
        return Written()
    oews = places.oews
    totals = snapshot_reads.metro_totals(oews.pk)
    tiers = metro_tiers(totals)
    payloads = {
        metro["code"]: place_payload(
            metro,
            tiers.get(metro["code"], TIER_SMALLER),
            totals.get(metro["code"]),
            places.rpp.get(metro["code"]),
            places.rpp_year,
            places.per_track,
            oews.vintage,
        )
        for metro in metro_areas(places)
    }
    return write_snapshots(Kind.METRO, payloads)

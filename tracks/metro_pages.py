"""Metro pages (``/metros/<CBSA>/``): every track's jobs and median pay in one metro, nominal and at U.S.
prices, against the national figure, with the metro's rank among ranked metros. Built for every metro at
once when data or the catalogue changes (``rebuild_metro_snapshots``); pages only read the snapshots.

The track figures come from the same functions as the track page's metro view
(``tracks.selectors.metro_figures`` over ``salaries.selectors.track_wage_rows``), so the two agree.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import StringAgg, Value
from django.urls import reverse
from django.utils import timezone

from pages.bulk_writes import insert_rows
from pages.formatting import format_percent_change
from salaries import selectors as data
from salaries import snapshot_reads
from salaries.generation import build_memo
from salaries.models import DataRelease
from salaries.statistics.location import (
    TIER_LABELS,
    TIER_SMALLER,
    MetroTrackFigures,
    metro_tiers,
    metro_track_figures,
)
from salaries.statistics.mixture import track_employment, track_pay
from salaries.statistics.wages import NOT_AVAILABLE, format_dollars
from tracks.models import PageSnapshot, Track
from tracks.page.data import WageData, distribution, metro_figures
from tracks.page.snapshots import metro_figures_key


def _rank_of(figures: dict[str, MetroTrackFigures], value) -> dict[str, int]:
    """Metro code -> rank (1 = highest) among ranked metros with a known value."""
    ranked = [m for m in figures.values() if m.rankable and value(m) is not None]
    ranked.sort(key=lambda m: (-value(m), m.area_code))
    return {m.area_code: rank for rank, m in enumerate(ranked, start=1)}


def track_figures_by_metro(tracks, oews, oews_year):
    """For each track: (national pay, {metro code: figures}, ranks by median, ranks at U.S. prices).

    In a full rebuild the track pages, built first, have left each track's figures (computed from the
    same rows by the same functions: ``tracks.page.snapshots``); otherwise they are computed here."""
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
                "rank_median": _rank_of(figures, lambda m: m.median.value),
                "rank_adjusted": _rank_of(figures, lambda m: m.adjusted_median),
                "ranked_count": sum(1 for m in figures.values() if m.rankable and m.median.known),
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


def metro_payload(metro: dict, tier: str, total: int | None, rpp, rpp_year, per_track, oews_vintage) -> dict:
    """One metro's page (pure): its facts and one row per track."""
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
            row.update(
                jobs=f"{m.employment:,}",
                jobs_value=m.employment,
                median=m.median.display(),
                median_value=m.median.value,
                adjusted=format_dollars(m.adjusted_median) if m.adjusted_median is not None else "",
                adjusted_value=m.adjusted_median,
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
        ],
        "csv_rows": [
            [
                r["name"],
                r["jobs_value"] or "",
                r.get("median_value") if r.get("median_value") is not None else "",
                r.get("adjusted_value") if r.get("adjusted_value") is not None else "",
                r["national_median"],
                r["rank_median"] or "",
                r["rank_adjusted"] or "",
                r["ranked_count"],
            ]
            for r in rows
        ],
    }


def state_track_figures(tracks, per_track_metro, oews, rpp: dict[str, float]):
    """For each track, the same shape as ``track_figures_by_metro`` but over states (one query)."""
    codes = sorted({c for t in tracks for c in (t.codes.split(",") if t.codes else [])})
    rows = snapshot_reads.state_rows(oews.pk, codes)
    by_state: dict[str, dict[str, dict]] = {}
    names = {}
    for row in rows:
        by_state.setdefault(row["area_id"], {})[row["occupation_id"]] = row
        names[row["area_id"]] = row["area__name"]
    results = []
    for track, metro_entry in zip(tracks, per_track_metro, strict=True):
        track_codes = sorted(track.codes.split(",")) if track.codes else []
        pay = metro_entry["pay"]
        national_mix = metro_entry["national_mix"]
        figures = {}
        for state, found in by_state.items():
            dists = [distribution(found[c]) for c in track_codes if c in found]
            if not any(d.employment for d in dists):
                continue
            figures[state] = metro_track_figures(
                area_code=state,
                area_name=names[state],
                distributions=dists,
                rpp=rpp.get(state),
                tier="state",
                national_mix=national_mix,
            )
        results.append(
            {
                "track": track,
                "pay": pay,
                "employment": metro_entry["employment"],
                "figures": figures,
                "rank_median": _rank_of(figures, lambda m: m.median.value),
                "rank_adjusted": _rank_of(figures, lambda m: m.adjusted_median),
                "ranked_count": sum(1 for m in figures.values() if m.rankable and m.median.known),
            }
        )
    return results


def rebuild_metro_snapshots(fingerprint: str) -> int:
    releases = data.current_releases()
    oews = releases.get(DataRelease.Source.OEWS)
    if oews is None:
        return 0
    oews_year = data.survey_year(oews)
    rpp_year = data.rpp_year_for(oews_year)
    tracks = list(
        Track.objects.published()
        .annotate(codes=StringAgg("occupations__occupation_id", delimiter=Value(","), default=Value("")))
        .order_by("name")
    )
    per_track = track_figures_by_metro(tracks, oews, oews_year)
    totals = snapshot_reads.metro_totals(oews.pk)
    tiers = metro_tiers(totals)
    rpp = snapshot_reads.price_parities(rpp_year)
    metros = [
        {**a, "states": metro_states(a["name"])} for a in snapshot_reads.areas() if a["area_type"] == "metro"
    ]
    now = timezone.now()
    snapshots = []
    for metro in metros:
        payload = metro_payload(
            metro,
            tiers.get(metro["code"], TIER_SMALLER),
            totals.get(metro["code"]),
            rpp.get(metro["code"]),
            rpp_year,
            per_track,
            oews.vintage,
        )
        snapshots.append(
            PageSnapshot(
                kind=PageSnapshot.Kind.METRO,
                key=metro["code"],
                payload=payload,
                fingerprint=fingerprint,
                built_at=now,
            )
        )
    metros_by_state: dict[str, list[dict]] = {}
    for metro in metros:
        for state in metro["states"]:
            metros_by_state.setdefault(state, []).append({"code": metro["code"], "name": metro["name"]})
    states = [a for a in snapshot_reads.areas() if a["area_type"] == "state"]
    per_state_track = state_track_figures(tracks, per_track, oews, rpp)
    for state in states:
        payload = metro_payload(
            state, "state", None, rpp.get(state["code"]), rpp_year, per_state_track, oews.vintage
        )
        payload["metros"] = sorted(metros_by_state.get(state["state"], []), key=lambda m: m["name"])
        snapshots.append(
            PageSnapshot(
                kind=PageSnapshot.Kind.STATE,
                key=state["state"],
                payload=payload,
                fingerprint=fingerprint,
                built_at=now,
            )
        )
    with transaction.atomic():
        PageSnapshot.objects.filter(kind__in=[PageSnapshot.Kind.METRO, PageSnapshot.Kind.STATE]).delete()
        insert_rows(snapshots)
    return len(snapshots)

"""One metro's panel on the track page (``?metro=<CBSA>``): the track's jobs and pay there, nominal and
at U.S. prices, each occupation's median and each rung's band, hourly where the track is mostly paid by
the hour."""

from __future__ import annotations

from pages.formatting import adjusted_display, count, hourly_display, signed_percent
from pages.track.data import distribution
from pages.track.figures import MetroNotFound, TrackFigures
from pages.track.sections.ladder import rungs as ladder_rungs
from salaries.statistics.mixture import track_employment, track_pay
from salaries.statistics.wages import NOT_AVAILABLE, Quantile


def metro_panel(figures: TrackFigures, metro_code: str) -> dict:
    metro = figures.metros_by_code.get(metro_code)
    if metro is None:
        raise MetroNotFound(metro_code)
    rows = figures.wages.metro.get(metro_code, {})
    dists = figures.metro_dists[metro_code]
    pay = figures.metro_pays.get(metro_code) or track_pay(dists)
    employment = track_employment(dists)
    occupations = []
    for code in figures.track_codes:
        row = rows.get(code)
        occupations.append(
            {
                "code": code,
                "title": figures.wages.national.get(code, {}).get("occupation__title", code),
                "employment": count(row["employment"]) if row and row["employment"] else "not published",
                "median": distribution(row).quantile("p50").display() if row else NOT_AVAILABLE,
            }
        )
    national = figures.pay.median.value if figures.pay else None
    rungs = ladder_rungs(figures, rows)
    # The track's hourly rule (pages.track.guidance.hourly): mostly hourly work -> hourly equivalents
    # (annual / 2,080, stated on the page) beside the annual figures.
    shows_hourly = figures.shows_hourly
    if shows_hourly:
        for occupation, code in zip(occupations, figures.track_codes, strict=True):
            row = rows.get(code)
            occupation["median_hourly"] = (
                hourly_display(distribution(row).quantile("p50")) if row else NOT_AVAILABLE
            )
        for rung in rungs:
            rung["band_hourly"] = (
                f"{hourly_display(rung['low'])} to {hourly_display(rung['high'])}"
                if rung["low"].known or rung["low"].top_coded
                else NOT_AVAILABLE
            )
    hourly = {
        "shows": shows_hourly,
        "median": hourly_display(pay.median) if shows_hourly else "",
        "range": (
            f"{hourly_display(pay.p10)} to {hourly_display(pay.p90)}"
            if shows_hourly and pay.range_display() != NOT_AVAILABLE
            else ""
        ),
        "adjusted_median": (
            hourly_display(Quantile(metro.adjusted_median))
            if shows_hourly and metro.adjusted_median is not None
            else ""
        ),
    }
    return {
        "code": metro.area_code,
        "name": metro.area_name,
        "tier": metro.tier,
        "tier_label": metro.tier_label,
        "rankable": metro.rankable,
        "reliability": metro.reliability.display() if metro.reliability and metro.reliability.rough else "",
        "employment": count(employment.total),
        "suppressed": employment.suppressed,
        "median": pay.median.display(),
        "range": pay.range_display(),
        "rpp": f"{metro.rpp:.1f}" if metro.rpp is not None else None,
        "rpp_year": figures.wages.rpp_year,
        "adjusted_median": adjusted_display(metro.adjusted_median)
        if metro.adjusted_median is not None
        else None,
        "adjusted_median_value": metro.adjusted_median,  # the number, for followed tracks (careers)
        "vs_national": (
            signed_percent((pay.median.value / national - 1) * 100)
            if pay.median.value is not None and national
            else None
        ),
        "occupations": occupations,
        "rungs": rungs,
        "hourly": hourly,
        "source": figures.oews_label,
    }

"""Pay by location: the sentence, the metros with the most track jobs, where pay goes furthest, the
metro picker's options and the rules behind them."""

from __future__ import annotations

from pages.charts.families import Chart
from pages.formatting import vintage_label
from pages.track.figures import TrackFigures
from salaries.models import DataRelease
from salaries.statistics.location import (
    LARGEST_METROS_COUNT,
    MID_MARKET_COUNT,
    MIN_METRO_EMPLOYMENT,
    MIN_PUBLISHED_SHARE,
    metros_where_pay_goes_furthest,
    top_metros_by_jobs,
)


def location_section(figures: TrackFigures, charts_by_key: dict[str, Chart]) -> dict:
    rpp_release = figures.releases.get(DataRelease.Source.RPP)
    rpp_year = figures.wages.rpp_year
    top = top_metros_by_jobs(figures.metros, n=10)
    furthest = metros_where_pay_goes_furthest(figures.metros, n=10)
    pairing = (
        f"{figures.oews_label} wages, adjusted with BEA Regional Price Parities for {rpp_year}, the latest "
        f"BEA publishes ({vintage_label(rpp_release)})"
        if rpp_year
        else f"{figures.oews_label}; no BEA Regional Price Parities loaded"
    )
    metro_chart = figures.add_chart_family(
        charts_by_key,
        "metro-pay",
        "metro_pay",
        top,
        source=pairing,
    )
    furthest_chart = figures.add_chart_family(
        charts_by_key,
        "pay-goes-furthest",
        "pay_goes_furthest",
        furthest,
        source=pairing,
    )
    left_out = sum(1 for m in figures.metros if not m.rankable)
    return {
        "sentence": figures.location_sentence,
        "charts": [metro_chart, furthest_chart],
        "rpp_year": rpp_year,
        "oews_vintage": vintage_label(figures.oews),
        "metro_options": [
            {"code": m.area_code, "name": m.area_name}
            for m in sorted(figures.metros, key=lambda m: m.area_name)
        ],
        "metro_codes": {m.area_code for m in figures.metros},
        "metro_count": len(figures.metros),
        "left_out": left_out,
        "rule": (
            f"A metro is ranked only where at least {MIN_PUBLISHED_SHARE:.0%} of the track’s "
            f"national employment mix has published wages and the track has at least "
            f"{MIN_METRO_EMPLOYMENT:,} jobs; {left_out} of {len(figures.metros)} metros fall "
            "short and are left out of the ranking."
        ),
        "tier_rule": (
            f"Metro tiers rank metros by total employment, all occupations: the "
            f"{LARGEST_METROS_COUNT} largest are “largest”, the next "
            f"{MID_MARKET_COUNT} “mid-market”, the rest “smaller”."
        ),
    }

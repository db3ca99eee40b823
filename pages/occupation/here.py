"""One occupation in one metro area: the figures the occupation page shows once a reader picks a metro
(pure: rows in, JSON-ready dicts out; no database).

``metro_views`` is called once per occupation at snapshot time, from the same cross-industry metro rows
and ``MetroTrackFigures`` as the page's "Pay in every metro area" table (``pages.occupation.build``),
and stored as one ``pages.Snapshot`` row of kind ``occupation_metro`` per occupation: {"m<CBSA>": view}.
A request with ``?metro=<CBSA>`` reads only that metro's view (a JSON key of the stored row), so the
page computes nothing and never loads the other metros.

Each view: jobs, the published percentiles (annual and BLS's own hourly), each annual one at U.S. prices
(nominal ÷ (RPP / 100), to $10; the price-adjusted rule of ``pages.formatting``), where the metro ranks
among the ranked metros for this occupation on median pay and at U.S. prices (``salaries.statistics.
location.ranks``, the metro and state pages' rule), and how sure the figures are
(``salaries.statistics.reliability``).
"""

from __future__ import annotations

from pages.formatting import (
    NOT_PUBLISHED,
    adjusted_display,
    published_annual,
    published_annual_wage,
    published_count,
    published_hourly,
)
from salaries.statistics.location import (
    TIER_LABELS,
    MetroTrackFigures,
    adjusted_rank_value,
    median_rank_value,
    price_adjusted,
    ranks,
)
from salaries.statistics.wages import NOT_AVAILABLE, Quantile, format_dollars, round_to_ten

PERCENTILES = (
    ("10th percentile", "annual_p10", "hourly_p10"),
    ("25th percentile", "annual_p25", "hourly_p25"),
    ("Median", "annual_median", "hourly_median"),
    ("75th percentile", "annual_p75", "hourly_p75"),
    ("90th percentile", "annual_p90", "hourly_p90"),
)


def view_key(code: str) -> str:
    """The JSON key of one metro's view: "m" + its CBSA code (a key of digits alone would be read as
    an array index by the database's JSON path)."""
    return f"m{code}"


def at_us_prices(wage: Quantile, rpp: float | None) -> str:
    """An annual wage at U.S. prices: to $10; "$239,200 or more" when that is at or above the top code;
    a top-coded wage's least value ("$221,070 or more"); "not published" / "not available"."""
    if rpp is None:
        return NOT_AVAILABLE
    if wage.known:
        return adjusted_display(float(round_to_ten(price_adjusted(wage.value, rpp))))
    if wage.top_coded:
        least = float(round_to_ten(price_adjusted(wage.top_code, rpp)))
        bound = Quantile.of(least)
        return bound.display() if bound.top_coded else f"{format_dollars(least)} or more"
    return NOT_PUBLISHED


def metro_views(metros: list[MetroTrackFigures], rows_by_area: dict[str, dict]) -> dict[str, dict]:
    """{"m<CBSA>": view} for every metro with published employment for the occupation."""
    by_median = ranks(metros, median_rank_value)
    by_adjusted = ranks(metros, adjusted_rank_value)
    views = {}
    for m in metros:
        row = rows_by_area[m.area_code]
        views[view_key(m.area_code)] = {
            "code": m.area_code,
            "name": m.area_name,
            "jobs": published_count(row.get("employment")),
            "hourly_only": bool(row.get("hourly_only")),
            # [annual, at U.S. prices, hourly] per percentile, in PERCENTILES' order (``expanded`` labels
            # them when read): a metro's view is stored ~800 times per occupation, so it stays compact.
            "pay": [
                [
                    published_annual(row, annual),
                    at_us_prices(published_annual_wage(row, annual), m.rpp),
                    published_hourly(row, hourly),
                ]
                for _, annual, hourly in PERCENTILES
            ],
            "rpp": None if m.rpp is None else f"{m.rpp:.1f}",
            "rank_median": by_median.get(m.area_code),
            "rank_adjusted": by_adjusted.get(m.area_code),
            "ranked_median": len(by_median),
            "ranked_adjusted": len(by_adjusted),
            "rankable": m.rankable,
            "tier": m.tier,
            "reliability": m.reliability.display() if m.reliability else "",
            "rough": bool(m.reliability and m.reliability.rough),
        }
    return views


def expanded(view: dict | None) -> dict | None:
    """A stored view as the template reads it: its pay rows labelled ("percentiles": [{"label",
    "annual", "at_us_prices", "hourly"}], labels short enough for a phone's table: "10th", "Median")
    and its size tier named (no figure is computed)."""
    if view is None:
        return None
    rows = [
        {"label": label.split()[0], "annual": annual, "at_us_prices": adjusted, "hourly": hourly}
        for (label, _, _), (annual, adjusted, hourly) in zip(PERCENTILES, view["pay"], strict=True)
    ]
    return {**view, "percentiles": rows, "tier": TIER_LABELS.get(view["tier"], view["tier"])}


def metro_options(metros: list[MetroTrackFigures]) -> list[dict]:
    """The picker's list: every metro with a view, A to Z."""
    return [{"code": m.area_code, "name": m.area_name} for m in sorted(metros, key=lambda m: m.area_name)]

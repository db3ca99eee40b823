"""Trends: a track's employment and median pay by survey year, in nominal and constant dollars.

Rules
-----
Trends
    Each survey year's track employment and mixture median, with that year's top code. Constant dollars
    = nominal x CPI-U(May of base year) / CPI-U(May of that year), rounded to $10; none where a CPI
    value is missing or the median is top-coded. Years where the track's code set changes are flagged
    as breaks (the caller decides them from the SOC crosswalk) and the charts do not join across them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from salaries.statistics.mixture import mixture_median, track_employment
from salaries.statistics.wages import Quantile, WageDistribution, round_to_ten, top_code_for_year


@dataclass(frozen=True)
class TrendPoint:
    year: int
    employment: int | None
    median: Quantile
    median_constant: float | None
    soc_break: bool  # True where the track's code set changed vs previous year


def constant_dollars(nominal: float, cpi_year: float, cpi_base: float) -> float:
    """Nominal dollars of one May restated in base-year May dollars: nominal * CPI(base) / CPI(year)."""
    if not (float(cpi_year) > 0 and float(cpi_base) > 0):
        raise ValueError("CPI values must be positive")
    return float(nominal) * float(cpi_base) / float(cpi_year)


def trend_series(
    rows_by_year: dict[int, list[WageDistribution]],
    cpi_may: dict[int, float],
    base_year: int,
    breaks: set[int],
) -> list[TrendPoint]:
    """Track employment and median by survey year; constant dollars in ``base_year`` May prices."""
    base_cpi = cpi_may.get(base_year)
    points = []
    for year in sorted(rows_by_year):
        top_code = top_code_for_year(year)
        rows = [replace(d, top_code=top_code) for d in rows_by_year[year]]
        employment = track_employment(rows)
        median = mixture_median(rows)
        constant = None
        if median.known and base_cpi and cpi_may.get(year):
            constant = float(round_to_ten(constant_dollars(median.value, cpi_may[year], base_cpi)))
        points.append(
            TrendPoint(
                year=year,
                employment=employment.total if employment.published else None,
                median=median,
                median_constant=constant,
                soc_break=year in breaks,
            )
        )
    return points

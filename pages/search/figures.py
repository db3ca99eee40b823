"""The two figures each search result shows, written when the index is built (pure: rows in, strings out).

- **Median pay**: the occupation's published cross-industry median, annual ("$80,920", "$239,200 or
  more" when top-coded, "not published" when BLS withholds it); for an occupation BLS publishes only
  hourly wages for, the hourly median ("$17.56 an hour"). The reliability rule
  (``salaries.statistics.reliability``) marks a rough figure "rough estimate".
- **Projected growth**: BLS Employment Projections' ten-year change in jobs ("+6.2%"), or "not
  published" when BLS projects nothing for the code.

National figures go into the index's occupation entries (``pages.search.build``); a metro's figures go
into one stored row per metro (``pages.search.store``), read by a search that names a metro. A request
only looks the strings up.
"""

from __future__ import annotations

from pages.formatting import NOT_PUBLISHED, format_percent_change, published_annual, published_hourly
from salaries.statistics import reliability
from salaries.statistics.projections import projected_change


def median_pay(row: dict | None) -> str:
    """The median of one WageEstimate ``.values()`` row as the result shows it."""
    if row is None:
        return NOT_PUBLISHED
    annual = published_annual(row, "annual_median")
    if annual != NOT_PUBLISHED or not row.get("hourly_only"):
        return annual
    hourly = published_hourly(row, "hourly_median")
    return hourly if hourly == NOT_PUBLISHED else f"{hourly} an hour"


def how_sure(row: dict | None) -> str:
    """ "rough estimate" when the reliability rule marks the row's figures, else ""."""
    return "" if row is None else reliability.of_row(row).label


def growth(projection: dict | None) -> str:
    """The projected ten-year change in jobs of one Projection ``.values()`` row."""
    if projection is None:
        return NOT_PUBLISHED
    return format_percent_change(projected_change([projection]).change_percent)


def pay(row: dict | None) -> list[str]:
    """[median pay, how sure]: what is stored for one occupation in one place."""
    return [median_pay(row), how_sure(row)]


def metro_pay(rows: list[dict]) -> dict[str, dict[str, list[str]]]:
    """metro code -> occupation code -> [median pay, how sure], from metro cross-industry rows
    (``area_id``, ``occupation_id`` and the wage fields); rows with no published jobs are left out, as on
    the occupation page's metro table."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        if not row.get("employment"):
            continue
        found.setdefault(row["area_id"], {})[row["occupation_id"]] = pay(row)
    return found

"""Projections: BLS Employment Projections summed over a track's occupations.

Rules
-----
Projections
    Sums of the track's occupations' BLS Employment Projections (thousands, including self-employed):
    base and projected employment, change (sum of published changes) and annual openings; percent change
    = total change / total base employment x 100, one decimal, halves up; for one occupation, BLS's own
    percent. Summary rows and mixed projection periods are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ProjectionSummary:
    base_year: int
    proj_year: int
    employment_base: float  # thousands
    employment_projected: float  # thousands
    change: float  # thousands
    change_percent: float  # percent
    openings_annual: float  # thousands


def _thousands(value) -> float:
    return round(float(value), 1)


def projected_change(rows: list[dict]) -> ProjectionSummary:
    """Sum of the track's occupations' projections (rows are Projection ``.values()`` dicts)."""
    if not rows:
        raise ValueError("no projection rows")
    if any(str(r.get("occ_type", "Line item")).lower() == "summary" for r in rows):
        raise ValueError("summary rows would double count; pass line items only")
    codes = [r["occ_code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("an occupation appears twice")
    years = {(int(r["base_year"]), int(r["proj_year"])) for r in rows}
    if len(years) != 1:
        raise ValueError(f"rows mix projection periods: {sorted(years)}")
    (base_year, proj_year) = years.pop()
    base = _thousands(sum(Decimal(str(r["employment_base"])) for r in rows))
    projected = _thousands(sum(Decimal(str(r["employment_projected"])) for r in rows))
    change = _thousands(sum(Decimal(str(r["change"])) for r in rows))
    openings = _thousands(sum(Decimal(str(r["openings_annual"])) for r in rows))
    if len(rows) == 1 and rows[0].get("change_percent") is not None:
        percent = _thousands(rows[0]["change_percent"])
    else:
        percent = float(
            (Decimal(str(change)) * 100 / Decimal(str(base))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    return ProjectionSummary(
        base_year=base_year,
        proj_year=proj_year,
        employment_base=base,
        employment_projected=projected,
        change=change,
        change_percent=percent,
        openings_annual=openings,
    )

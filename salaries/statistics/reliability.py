"""How sure a figure is: a stated rule on BLS's published relative standard errors and job counts (pure).

Rules
-----
One occupation in one place (a WageEstimate row)
    OEWS publishes the relative standard error of each employment estimate (``EMP_PRSE``) and of each
    mean wage (``MEAN_PRSE``), in percent. A figure is a **rough estimate** when any of these holds:

    - its employment estimate's relative standard error is above ``EMPLOYMENT_RSE_LIMIT`` (25%);
    - its mean wage's relative standard error is above ``MEAN_RSE_LIMIT`` (20%);
    - it rests on fewer than ``MIN_JOBS`` (100) jobs.

    Each reason is named. A figure BLS does not publish (``*``/``**``) is left out, with that reason,
    by the rules that already govern suppression; this rule marks the published ones.

A track in one place (pooled occupations)
    The track's employment is a sum of independent estimates, so its relative standard error is
    sqrt(sum((employment_i x rse_i)^2)) / sum(employment_i) over its occupations with published
    employment there (``pooled``); its mean-wage error is the same formula over the mean-wage errors
    (employment-weighted). The same three limits then apply to the track's figures, the job count being
    the track's jobs there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

EMPLOYMENT_RSE_LIMIT = 25.0  # percent
MEAN_RSE_LIMIT = 20.0  # percent
MIN_JOBS = 100
ROUGH = "rough estimate"
FIRM = "firm"


@dataclass(frozen=True)
class Reliability:
    """How sure a figure is: ``rough`` with the reasons, or firm (no reasons)."""

    reasons: tuple[str, ...] = ()

    @property
    def rough(self) -> bool:
        return bool(self.reasons)

    @property
    def label(self) -> str:
        """ "rough estimate" or "" (a firm figure needs no mark)."""
        return ROUGH if self.rough else ""

    def display(self) -> str:
        """ "rough estimate (employment error 31%)" or "firm"."""
        return f"{ROUGH} ({'; '.join(self.reasons)})" if self.rough else FIRM

    def csv_value(self) -> str:
        """The CSV cell: "rough estimate: employment error 31%" or "firm"."""
        return f"{ROUGH}: {'; '.join(self.reasons)}" if self.rough else FIRM


def _number(value) -> float | None:
    return None if value is None else float(value)


def assess(employment, employment_rse=None, mean_rse=None) -> Reliability:
    """The rule for one figure: its job count and its published relative standard errors (percent)."""
    reasons = []
    emp_rse, wage_rse = _number(employment_rse), _number(mean_rse)
    if emp_rse is not None and emp_rse > EMPLOYMENT_RSE_LIMIT:
        reasons.append(f"employment error {emp_rse:g}%, above {EMPLOYMENT_RSE_LIMIT:.0f}%")
    if wage_rse is not None and wage_rse > MEAN_RSE_LIMIT:
        reasons.append(f"mean-wage error {wage_rse:g}%, above {MEAN_RSE_LIMIT:.0f}%")
    if employment is not None and employment < MIN_JOBS:
        reasons.append(f"fewer than {MIN_JOBS} jobs")
    return Reliability(tuple(reasons))


def of_row(row: dict) -> Reliability:
    """The rule for one WageEstimate ``.values()`` row (``employment``, ``employment_rse``, ``mean_rse``)."""
    return assess(row.get("employment"), row.get("employment_rse"), row.get("mean_rse"))


def pooled_rse(parts: Iterable[tuple[float, float | None]]) -> float | None:
    """sqrt(sum((employment x rse)^2)) / sum(employment) over (employment, rse) parts with both known."""
    known = [(float(e), float(r)) for e, r in parts if e and r is not None]
    total = sum(e for e, _ in known)
    if not total:
        return None
    return math.sqrt(sum((e * r) ** 2 for e, r in known)) / total


def pooled(rows: Iterable[dict]) -> Reliability:
    """The rule for a track's figures in one place, from its occupations' rows there."""
    rows = [r for r in rows if r.get("employment")]
    if not rows:
        return Reliability()  # nothing published here: left out by the suppression rules
    employment = sum(int(r["employment"]) for r in rows)
    return assess(
        employment,
        pooled_rse((r["employment"], _number(r.get("employment_rse"))) for r in rows),
        pooled_rse((r["employment"], _number(r.get("mean_rse"))) for r in rows),
    )

"""Trends: which published codes stand for the track in each survey year (the SOC-crosswalk series).

Moved unchanged from ``tracks.selectors``; the algorithm is issue-11's to revise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from salaries import statistics
from tracks.page.data import distribution


@dataclass
class HistoryPlan:
    rows_by_year: dict[int, list[statistics.WageDistribution]]
    cpi_may: dict[int, float]
    breaks: set[int]
    approximate_years: list[int]
    missing_years: dict[int, list[str]]  # year -> track codes with no counterpart that year
    codes_by_year: dict[int, list[str]]


def plan_history(track_codes, history_rows: list[dict], crosswalk: list[dict]) -> HistoryPlan:
    """Decide, for each survey year, which published codes make up the track (pure).

    SOC 2018 years (2021 on) use the track's codes as they are. Earlier years use the BLS SOC 2010 to
    2018 crosswalk: a published code that the crosswalk lists as a 2010 code stands for the 2018 codes
    it maps to; a broad group published as if detailed (``11-3010``) stands for every code under it;
    any other code (2019-2020 hybrid years) stands for itself. A year is shown only if every
    track code has a counterpart; it is "approximate" if a counterpart also covers work outside the
    track (a split code). Wherever the set of codes changes, or years are missing, the series breaks.
    """
    track = set(track_codes)
    targets_of: dict[str, set[str]] = defaultdict(set)
    for pair in crosswalk:
        targets_of[pair["soc2010_code"]].add(pair["soc2018_code"])
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    cpi: dict[int, float] = {}
    basis: dict[int, str] = {}
    for row in history_rows:
        by_year[row["year"]][row["occ_code"]] = row
        basis[row["year"]] = row.get("soc_basis") or ""
        if row.get("cpi_may") is not None:
            cpi[row["year"]] = float(row["cpi_may"])

    plan = HistoryPlan({}, cpi, set(), [], {}, {})
    previous_year, previous_signature = None, None
    for year in sorted(by_year):
        present = by_year[year]
        is_2018 = "2018" in basis[year] and "2010" not in basis[year]
        contributing, covered, approximate = set(), set(), False
        for code in present:
            if is_2018:
                targets = {code}
            elif code in targets_of:
                targets = targets_of[code]
            elif code.endswith("0"):
                # A broad SOC group published at the lowest level (e.g. 11-3010 in 2019-2020): it holds
                # every detailed code under it, in the 2010 and in the 2018 structure.
                prefix = code[:6]
                targets = {t for old, new in targets_of.items() if old.startswith(prefix) for t in new}
                targets |= {t for t in track if t.startswith(prefix)}
            else:
                targets = {code}
            # A track code may itself be a broad group that OEWS publishes as one line (13-1020).
            targets = {t if t in track or t[:6] + "0" not in track else t[:6] + "0" for t in targets}
            if targets & track:
                contributing.add(code)
                covered |= targets & track
                approximate = approximate or bool(targets - track)
        missing = sorted(track - covered)
        if missing:
            plan.missing_years[year] = missing
            continue
        signature = (frozenset(contributing), approximate)
        if previous_year is not None and (signature != previous_signature or year != previous_year + 1):
            plan.breaks.add(year)
        if approximate:
            plan.approximate_years.append(year)
        plan.rows_by_year[year] = [distribution(present[c], "occ_code") for c in sorted(contributing)]
        plan.codes_by_year[year] = sorted(contributing)
        previous_year, previous_signature = year, signature
    return plan


def year_ranges(years) -> str:
    """[2011, 2012, 2013, 2019] -> "2011–2013, 2019"."""
    years = sorted(years)
    parts, start = [], None
    for i, year in enumerate(years):
        if start is None:
            start = year
        if i + 1 == len(years) or years[i + 1] != year + 1:
            parts.append(str(start) if start == year else f"{start}–{year}")
            start = None
    return ", ".join(parts)

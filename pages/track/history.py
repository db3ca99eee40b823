"""Trends: which published codes stand for the track in each survey year (the SOC-crosswalk series).

Moved from ``tracks.selectors`` (issue 9); issue 11 fixed two defects: in 2019-2020 a code BLS published
as a SOC 2018 code is no longer remapped through the crosswalk, and a code the crosswalk sends outside
the track is no longer folded into a track broad group because its number starts the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pages.track.data import distribution
from salaries.statistics.wages import WageDistribution


@dataclass
class HistoryPlan:
    rows_by_year: dict[int, list[WageDistribution]]
    cpi_may: dict[int, float]
    breaks: set[int]
    approximate_years: list[int]
    missing_years: dict[int, list[str]]  # year -> track codes with no counterpart that year
    codes_by_year: dict[int, list[str]]


def plan_history(track_codes, history_rows: list[dict], crosswalk: list[dict]) -> HistoryPlan:
    """Decide, for each survey year, which published codes make up the track (pure).

    SOC 2018 years (2021 on) use the track's codes as they are. Earlier years use the BLS SOC 2010 to
    2018 crosswalk:

    - a broad group published as if detailed (``11-3010``) stands for every code under it;
    - in the 2019-2020 hybrid years, a code BLS published in its own right as a SOC 2018 code stands
      for itself and is never remapped: a code the crosswalk maps to itself (``51-9199``, which in 2019
      and 2020 is the SOC 2018 residual, published beside the split-off ``51-9161``/``51-9162``), or a
      code that is a SOC 2018 code of the crosswalk. It is remapped only when one of its in-track SOC
      2018 targets is not published separately that year (then it still holds that work);
    - any other code the crosswalk lists as a SOC 2010 code stands for the 2018 codes it maps to;
    - a code the crosswalk sends outside the track counts for nothing: it is never folded into a track
      broad group because its number starts the same way (``51-2091`` and ``51-2093``, under the SOC
      2010 broad group ``51-2090``, go to ``51-2051`` and ``51-2061`` in SOC 2018, outside a track that
      holds the SOC 2018 ``51-2090``). ``crosswalk`` must therefore hold the pairs of every SOC 2010
      code under the track's broad groups (``salaries.selectors.crosswalk_rows`` does);
    - a code that is neither (an OEWS-only aggregate such as ``51-2098``, team assemblers with the
      residual assemblers) stands for itself, counted under its broad group when that is a track code.

    Crosswalk targets, and codes published as SOC 2018 codes, that are detailed codes under a track
    code that is itself a broad group (``13-1020``) count toward that track code. A year is shown only
    if every track code has a counterpart; it is "approximate" if a counterpart also covers work
    outside the track (a split code). Wherever the set of codes changes, or years are missing, the
    series breaks.
    """
    track = set(track_codes)
    targets_of: dict[str, set[str]] = defaultdict(set)
    for pair in crosswalk:
        targets_of[pair["soc2010_code"]].add(pair["soc2018_code"])
    known_2018 = {t for targets in targets_of.values() for t in targets}
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    cpi: dict[int, float] = {}
    basis: dict[int, str] = {}
    for row in history_rows:
        by_year[row["year"]][row["occ_code"]] = row
        basis[row["year"]] = row.get("soc_basis") or ""
        if row.get("cpi_may") is not None:
            cpi[row["year"]] = float(row["cpi_may"])

    def into_track(targets: set[str]) -> set[str]:
        """SOC 2018 codes -> the track codes they count toward (a detailed code under a broad track code
        counts toward it)."""
        return {t if t in track or t[:6] + "0" not in track else t[:6] + "0" for t in targets}

    plan = HistoryPlan({}, cpi, set(), [], {}, {})
    previous_year, previous_signature = None, None
    for year in sorted(by_year):
        present = by_year[year]
        is_2018 = "2018" in basis[year] and "2010" not in basis[year]
        hybrid = "2018" in basis[year] and "2010" in basis[year]
        contributing, covered, approximate = set(), set(), False
        for code in present:
            if is_2018 or hybrid and _published_as_2018(code, targets_of, known_2018, track, present):
                targets = into_track({code})
            elif code in targets_of:
                targets = into_track(targets_of[code])
            elif code.endswith("0"):
                # A broad SOC group published at the lowest level (e.g. 11-3010 in 2019-2020): it holds
                # every detailed code under it, in the 2010 and in the 2018 structure.
                prefix = code[:6]
                targets = {t for old, new in targets_of.items() if old.startswith(prefix) for t in new}
                targets |= {t for t in track if t.startswith(prefix)}
                targets = into_track(targets)
            else:
                # Not a SOC 2010 code of the crosswalk (which lists every SOC 2010 code under the track's
                # broad groups): an OEWS-only aggregate such as 51-2098, counted under its broad group.
                targets = into_track({code})
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


def _published_as_2018(code, targets_of, known_2018, track, present) -> bool:
    """In a 2019-2020 hybrid year: is ``code`` published as the SOC 2018 code of the same number?"""
    if code in targets_of:
        if code not in targets_of[code]:
            return False  # a SOC 2010 code that SOC 2018 retired: remap it
        # The code also exists in SOC 2018. It still holds split-off work the track needs only if one of
        # its in-track targets is not published separately that year.
        others = {t for t in targets_of[code] - {code} if t in track or t[:6] + "0" in track}
        return all(t in present or t[:6] + "0" in present for t in others)
    return code in known_2018 or code in track


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

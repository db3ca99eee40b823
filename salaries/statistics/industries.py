"""Industry shares: where a track's jobs are, by NAICS sector, and what they pay there.

Rules
-----
Industry shares
    Track employment in each of the 20 NAICS sectors (national OEWS by industry) over the sum across
    those sectors; the OEWS government ownership designations overlap sector 99 and are refused. Pay in a
    sector is the mixture median of the track's occupations in that sector.

Industry overlap
    The overlap of two tracks' industries = sum over sectors of the smaller of the two tracks' shares
    (each side normalised to sum to 1), 0..1: the evidence that two tracks' teams work together.

Sector titles
    BLS's time-series files prefix a sector's title with its code ("Sector 54 - Professional, ...");
    ``clean_sector_title`` drops it.
"""

from __future__ import annotations

from dataclasses import dataclass

from salaries.statistics.mixture import mixture_median, track_employment
from salaries.statistics.wages import Quantile, WageDistribution

OEWS_OWNERSHIP_DESIGNATIONS = frozenset({"999101", "999201", "999301"})


@dataclass(frozen=True)
class IndustryShare:
    code: str
    title: str
    employment: int
    share: float
    median: Quantile


def industry_shares(
    by_sector: dict[str, list[WageDistribution]], titles: dict[str, str]
) -> list[IndustryShare]:
    """Track employment per sector over track employment across sectors; sorted by share, largest first.

    Pass the 20 NAICS sectors only: the OEWS ownership designations (``999101`` federal, ``999201``
    state, ``999301`` local government) overlap sector ``99-100`` and would count government jobs twice,
    so they are refused.
    """
    designations = sorted(code for code in by_sector if code in OEWS_OWNERSHIP_DESIGNATIONS)
    if designations:
        raise ValueError(f"ownership designations {designations} overlap the sectors; pass sectors only")
    employment = {code: track_employment(rows).total for code, rows in by_sector.items()}
    total = sum(employment.values())
    if not total:
        return []
    shares = [
        IndustryShare(
            code=code,
            title=titles.get(code, code),
            employment=employment[code],
            share=employment[code] / total,
            median=mixture_median(rows),
        )
        for code, rows in by_sector.items()
        if employment[code] > 0
    ]
    return sorted(shares, key=lambda s: (-s.employment, s.code))


def industry_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Sum over sectors of the smaller share (each side normalised to sum to 1); 0..1."""
    total_a, total_b = sum(a.values()), sum(b.values())
    if not total_a or not total_b:
        return 0.0
    return min(1.0, sum(min(a[k] / total_a, b[k] / total_b) for k in set(a) & set(b)))


def clean_sector_title(title: str) -> str:
    """``"Sector 54 - Professional, …"`` -> ``"Professional, …"`` (BLS time-series titles carry codes)."""
    head, sep, rest = title.partition(" - ")
    if sep and head.split(" ")[0] in {"Sector", "Sectors"}:
        return rest.strip() or title
    return title

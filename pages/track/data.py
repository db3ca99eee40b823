"""OEWS rows sorted into the shapes the statistics layer takes, and the track's figures in every metro."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from salaries import selectors as data
from salaries.statistics.location import TIER_SMALLER, MetroTrackFigures, metro_tiers, metro_track_figures
from salaries.statistics.mixture import TrackPay
from salaries.statistics.reliability import pooled
from salaries.statistics.wages import WageDistribution


def distribution(row: dict, code_field: str = "occupation_id") -> WageDistribution:
    """One ``.values()`` row (WageEstimate or NationalOccupationYear) as a wage distribution."""
    return WageDistribution.from_values(row, code_key=code_field)


@dataclass
class WageData:
    """The OEWS rows of one track page, sorted into the shapes the statistics layer takes."""

    national: dict[str, dict]  # code -> national cross-industry row
    metro: dict[str, dict[str, dict]]  # area code -> code -> row
    metro_names: dict[str, str]
    metro_totals: dict[str, int]  # all-occupation employment by metro
    metro_rpp: dict[str, float]
    rpp_year: int | None
    sectors: dict[str, dict[str, dict]]  # sector code -> code -> row
    sector_titles: dict[str, str]

    @classmethod
    def from_rows(cls, rows: list[dict]) -> WageData:
        national, metro, sectors = {}, defaultdict(dict), defaultdict(dict)
        names, totals, rpp, titles = {}, {}, {}, {}
        rpp_year = None
        for row in rows:
            code, area, industry = row["occupation_id"], row["area_id"], row["industry_id"]
            if area == data.NATIONAL_AREA:
                if industry == data.CROSS_INDUSTRY:
                    national[code] = row
                else:
                    sectors[industry][code] = row
                    titles[industry] = row["industry__title"]
                continue
            names[area] = row["area__name"]
            if row["rpp"] is not None:
                rpp[area] = float(row["rpp"])
                rpp_year = row["rpp_year"]
            if code == data.ALL_OCCUPATIONS:
                if row["employment"] is not None:
                    totals[area] = row["employment"]
            else:
                metro[area][code] = row
        return cls(national, dict(metro), names, totals, rpp, rpp_year, dict(sectors), titles)


# --------------------------------------------------------------------------------------------------
# Metros


def metro_distributions(wages: WageData, track_codes: list[str]) -> dict[str, list]:
    """Metro code -> the track's wage distributions there, for every metro where it has published
    employment (pure)."""
    found = {}
    for area, rows in wages.metro.items():
        dists = [distribution(rows[code]) for code in track_codes if code in rows]
        if any(d.employment for d in dists):
            found[area] = dists
    return found


def metro_figures(
    wages: WageData,
    track_codes: list[str],
    *,
    dists: dict[str, list] | None = None,
    pays: dict[str, TrackPay] | None = None,
) -> list[MetroTrackFigures]:
    """The track's figures in every metro where it has published employment (pure). ``dists`` and
    ``pays`` (``metro_distributions`` and each metro's ``track_pay``), when the caller has them, save
    computing them again."""
    tiers = metro_tiers(wages.metro_totals)
    national_mix = {
        code: wages.national[code]["employment"]
        for code in track_codes
        if code in wages.national and wages.national[code]["employment"]
    }
    if dists is None:
        dists = metro_distributions(wages, track_codes)
    pays = pays or {}
    figures = [
        metro_track_figures(
            area_code=area,
            area_name=wages.metro_names[area],
            distributions=area_dists,
            rpp=wages.metro_rpp.get(area),
            tier=tiers.get(area, TIER_SMALLER),
            national_mix=national_mix,
            pay=pays.get(area),
            reliability=pooled(wages.metro[area][c] for c in track_codes if c in wages.metro.get(area, {})),
        )
        for area, area_dists in dists.items()
    ]
    figures.sort(key=lambda m: m.area_name)
    return figures

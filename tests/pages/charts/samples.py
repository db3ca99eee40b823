"""Figures' inputs shared by the chart tests: metros, trend points, industry shares, rungs, projections."""

from pages.charts import industries, ladder, location, moves, projections, trends
from pages.moves.rows import Place, move_rows
from salaries.statistics.industries import IndustryShare
from salaries.statistics.location import MetroTrackFigures
from salaries.statistics.trends import TrendPoint
from salaries.statistics.wages import Quantile
from tests.pages.moves.samples import PAYLOAD as MOVES_PAYLOAD

TOP = Quantile(None, top_coded=True)


def metro(code, name, employment, median, rpp, adjusted, tier="largest", rankable=True):
    return MetroTrackFigures(code, name, employment, median, rpp, adjusted, tier, rankable)


METROS = [
    metro("35620", "New York-Newark-Jersey City, NY-NJ", 343_870, Quantile(138_250), 112.563, 122_820.0),
    metro(
        "47900",
        "Washington-Arlington-Alexandria, DC-VA-MD-WV",
        227_900,
        Quantile(136_090),
        108.884,
        124_990.0,
    ),
    metro("99999", "Richtown, ST", 5_000, TOP, 120.0, None),
    metro("12345", "Nowhere, ST", 2_000, Quantile(90_000), None, None, tier="smaller", rankable=False),
]
POINTS = [
    TrendPoint(2017, 3_000_000, Quantile(80_000, top_code=208_000), 100_000.0, False),
    TrendPoint(2018, None, Quantile(None, top_code=208_000), None, False),
    TrendPoint(2019, 3_200_000, Quantile(90_000, top_code=208_000), 105_000.0, True),
    TrendPoint(2025, 3_500_000, Quantile(105_000), 105_000.0, False),
]
SHARES = [
    IndustryShare(
        "54--55", "Sector 54 - Professional, Scientific, and Technical Services", 600, 0.6, Quantile(120_570)
    ),
    IndustryShare("31--34", "Sectors 31, 32, and 33 - Manufacturing", 395, 0.395, Quantile(115_050)),
    IndustryShare("11--12", "Sector 11 - Agriculture, Forestry, Fishing and Hunting", 5, 0.005, TOP),
]
RUNGS = [
    {
        "title": "Project Coordinator",
        "level": "entry",
        "level_label": "Entry level",
        "occupation_code": "13-1082",
        "band": "p10_p50",
        "band_label": "10th percentile to median of Project Management Specialists",
        "low": Quantile(61_580),
        "high": Quantile(102_320),
    },
    {
        "title": "Director of Operations",
        "level": "senior",
        "level_label": "Senior",
        "occupation_code": "11-1021",
        "band": "p75_p90",
        "band_label": "75th to 90th percentile of General and Operations Managers",
        "low": Quantile(167_280),
        "high": TOP,
    },
    {
        "title": "Chief of Staff",
        "level": "executive",
        "level_label": "Executive",
        "occupation_code": "11-9199",
        "band": "p25_p75",
        "band_label": "middle 50% of Managers, All Other",
        "low": Quantile(None),
        "high": Quantile(None),
    },
]
PROJECTIONS = [
    {
        "occ_code": "13-1111",
        "occ_title": "Management Analysts",
        "employment_base": 1000.0,
        "employment_projected": 988.0,
        "change": -12.0,
        "change_percent": -1.2,
        "openings_annual": 98.8,
    },
    {
        "occ_code": "13-1081",
        "occ_title": "Logisticians",
        "employment_base": 251.0,
        "employment_projected": 294.4,
        "change": 43.4,
        "change_percent": 17.3,
        "openings_annual": 26.5,
    },
]


def all_figures():
    return {
        "employment_trend": trends.employment_trend_chart(POINTS),
        "pay_trend": trends.pay_trend_chart(POINTS),
        "metro_pay": location.metro_pay_chart(METROS),
        "pay_goes_furthest": location.pay_goes_furthest_chart(METROS[:2]),
        "industry": industries.industry_chart(SHARES),
        "ladder": ladder.ladder_chart(RUNGS),
        "projection": projections.projection_chart(PROJECTIONS),
        "moves": moves.moves_chart(move_rows(MOVES_PAYLOAD, Place())),
    }


def walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def trend(years, employment, medians, constants, breaks=()):
    return [
        TrendPoint(year, jobs, Quantile(median), constant, year in breaks)
        for year, jobs, median, constant in zip(years, employment, medians, constants, strict=True)
    ]


# The Operations track's jobs: printed values that could touch ticks, lines and each other.
OPERATIONS_YEARS = list(range(2012, 2026))
OPERATIONS_JOBS = [3_730_000, 3_850_000, 3_930_000, 3_990_000, 4_080_000, 4_110_000, 4_140_000]
OPERATIONS_JOBS += [4_210_000, 4_360_000, 4_160_000, 4_680_000, 5_060_000, 5_330_000, 5_270_000]


def many_metros(n):
    return [
        metro(f"{i:05}", f"City{i}-Other, ST", 1000 - i, Quantile(50_000 + i), 100.0, 50_000.0 + i)
        for i in range(n)
    ]

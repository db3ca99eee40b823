"""Pay by location: price-adjusted and equivalent pay, metro tiers, a track's figures in one place (a
metro or a state), and the rankings of metros.

Rules
-----
Price-adjusted pay
    nominal / (RPP / 100), BEA Regional Price Parity, all items, for the metro (U.S. = 100), as in BLS's
    Monthly Labor Review "Purchasing power: using wage statistics with regional price parities"
    (April 2016). RPPs compare places within one year; the page names the RPP year used
    (``rpp_pairing``). A metro's price-adjusted median is rounded to the nearest $10 like the median.
    ``equivalent_pay`` = pay x RPP(to) / RPP(from): the pay with the same buying power elsewhere.

Metro tiers
    Metros ranked by all-occupation employment (ties by CBSA code): ranks 1-25 "largest", 26-100
    "mid-market", the rest "smaller" (``LARGEST_METROS_COUNT``, ``MID_MARKET_COUNT``).

Ranking metros
    A metro is ranked only if occupations holding at least ``MIN_PUBLISHED_SHARE`` (80%) of the track's
    national employment have published employment and wages there, and the metro has at least
    ``MIN_METRO_EMPLOYMENT`` (1,000) track jobs. "Most track jobs" lists every metro with jobs (the
    table marks limited data); "where pay goes furthest" ranks ranked metros by price-adjusted median,
    highest first; ties go to the lower area code.

    ``ranks`` numbers the ranked metros with a known value by that value, highest first (ties by area
    code): the metro pages' "rank among ranked metros".

Ranking a top-coded metro
    A ranked metro whose median is top-coded ("$239,200 or more") stays ranked when its whole job mix is
    published (every occupation of the track with national jobs has published employment and wages
    there, ``published_share`` = 1): it is ranked by the least its median can be, the top code
    (``median_rank_value``), and at U.S. prices by the top code / (RPP / 100), rounded to $10
    (``adjusted_rank_value``, shown "$X or more"). Its true place can only be higher; metros tied at the
    bound are ordered by area code. The "where pay goes furthest" chart draws values, so it still leaves
    such metros out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from salaries.statistics.mixture import TrackPay, mixture_median, track_employment
from salaries.statistics.reliability import Reliability
from salaries.statistics.wages import HourlyWage, Quantile, WageDistribution, round_to_ten


def price_adjusted(nominal: float, rpp_all_items: float) -> float:
    """Pay in average-U.S. prices: nominal / (RPP / 100)."""
    rpp = float(rpp_all_items)
    if not rpp > 0:
        raise ValueError("a regional price parity must be positive")
    return float(nominal) / (rpp / 100)


def equivalent_pay(pay: float, rpp_from: float, rpp_to: float) -> float:
    """Pay needed where prices are ``rpp_to`` for the buying power of ``pay`` where they are ``rpp_from``."""
    if not (float(rpp_from) > 0 and float(rpp_to) > 0):
        raise ValueError("regional price parities must be positive")
    return float(pay) * float(rpp_to) / float(rpp_from)


# --------------------------------------------------------------------------------------------------
# Metros

LARGEST_METROS_COUNT = 25  # metros ranked 1-25 by all-occupation employment are "largest"
MID_MARKET_COUNT = 75  # the next 75 (ranks 26-100) are "mid-market"; the rest are "smaller"
TIER_LARGEST, TIER_MID_MARKET, TIER_SMALLER = "largest", "mid-market", "smaller"
TIER_LABELS = {
    TIER_LARGEST: "largest metros",
    TIER_MID_MARKET: "mid-market metros",
    TIER_SMALLER: "smaller metros",
}
MIN_PUBLISHED_SHARE = 0.8  # occupations holding >= 80% of the track's national jobs have published wages
MIN_METRO_EMPLOYMENT = 1_000  # and the metro has at least 1,000 track jobs with published employment


@dataclass(frozen=True)
class MetroTrackFigures:
    area_code: str
    area_name: str
    employment: int
    median: Quantile
    rpp: float | None
    adjusted_median: float | None
    tier: str  # "largest", "mid-market", "smaller"
    rankable: bool  # meets the minimum-published-data rule
    published_share: float | None = None  # share of the track's national jobs with published data here
    occupations_left_out: int = 0
    # One occupation's figures carry BLS's own hourly median (``HourlyWage``); a pooled figure (a track's
    # mixture) has none, and its hourly equivalent is the annual figure / 2,080 (``wages`` module).
    hourly_median: HourlyWage | None = None
    # How sure the figures are (``salaries.statistics.reliability``); None where the rows carry no errors
    reliability: Reliability | None = None

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, self.tier)


def metro_tiers(total_employment_by_metro: dict[str, int]) -> dict[str, str]:
    """Tier of each metro by its all-occupation employment rank (see the module's rules)."""
    ranked = sorted(total_employment_by_metro.items(), key=lambda item: (-(item[1] or 0), item[0]))
    tiers = {}
    for rank, (code, _) in enumerate(ranked, start=1):
        if rank <= LARGEST_METROS_COUNT:
            tiers[code] = TIER_LARGEST
        elif rank <= LARGEST_METROS_COUNT + MID_MARKET_COUNT:
            tiers[code] = TIER_MID_MARKET
        else:
            tiers[code] = TIER_SMALLER
    return tiers


def published_share(distributions: Iterable[WageDistribution], national_mix: Mapping[str, int]) -> float:
    """Share of the track's national employment held by occupations with published data in this area."""
    national_total = sum(v for v in national_mix.values() if v)
    if not national_total:
        return 0.0
    covered = sum(national_mix.get(d.occupation_code) or 0 for d in distributions if d.usable_for_pay)
    return covered / national_total


def metro_track_figures(
    *,
    area_code: str,
    area_name: str,
    distributions: Iterable[WageDistribution],
    rpp: float | None,
    tier: str,
    national_mix: Mapping[str, int],
    pay: TrackPay | None = None,
    reliability: Reliability | None = None,
) -> MetroTrackFigures:
    """One metro's track figures; ``national_mix`` is the track's national employment by occupation.

    ``pay``: ``track_pay(distributions)`` when the caller has already solved it (its median is then
    used as is: the same mixture, the same solver)."""
    rows = list(distributions)
    employment = track_employment(rows)  # refuses non-detailed rows and duplicates
    # the page shows only the median per metro: no need for all five quantiles
    median = pay.median if pay is not None else mixture_median(rows)
    share = published_share(rows, national_mix)
    adjusted = None
    if rpp is not None and median.known:
        adjusted = float(round_to_ten(price_adjusted(median.value, rpp)))
    return MetroTrackFigures(
        area_code=area_code,
        area_name=area_name,
        employment=employment.total,
        median=median,
        rpp=None if rpp is None else float(rpp),
        adjusted_median=adjusted,
        tier=tier,
        rankable=share >= MIN_PUBLISHED_SHARE and employment.total >= MIN_METRO_EMPLOYMENT,
        published_share=share,
        occupations_left_out=sum(1 for d in rows if not d.usable_for_pay),  # as TrackPay counts them
        reliability=reliability,
    )


def middle(values: list[float]) -> float:
    """The middle value (the mean of the two middle ones when there is an even number)."""
    values = sorted(values)
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def top_metros_by_jobs(metros: Iterable[MetroTrackFigures], n: int = 10) -> list[MetroTrackFigures]:
    """The ``n`` metros with the most track jobs (ties by area code)."""
    ranked = sorted((m for m in metros if m.employment > 0), key=lambda m: (-m.employment, m.area_code))
    return ranked[:n]


def metros_where_pay_goes_furthest(
    metros: Iterable[MetroTrackFigures], n: int = 10
) -> list[MetroTrackFigures]:
    """Ranked metros by price-adjusted median pay, highest first (ties by area code)."""
    ranked = sorted(
        (m for m in metros if m.rankable and m.adjusted_median is not None),
        key=lambda m: (-m.adjusted_median, m.area_code),
    )
    return ranked[:n]


def whole_mix_published(m: MetroTrackFigures) -> bool:
    """Every occupation of the track with national jobs has published employment and wages here."""
    return m.published_share is not None and m.published_share >= 1 - 1e-9


def median_rank_value(m: MetroTrackFigures) -> float | None:
    """The value a metro is ranked by on median pay: its median, or the top code when the median is
    top-coded and the whole job mix is published (the least it can be); None otherwise."""
    if m.median.known:
        return m.median.value
    if m.median.top_coded and whole_mix_published(m):
        return float(m.median.top_code)
    return None


def adjusted_lower_bound(m: MetroTrackFigures) -> float | None:
    """A top-coded median's least value at U.S. prices (top code / (RPP / 100), to $10) when the whole
    job mix is published and the metro has a price parity; None otherwise."""
    if m.median.top_coded and whole_mix_published(m) and m.rpp is not None:
        return float(round_to_ten(price_adjusted(m.median.top_code, m.rpp)))
    return None


def adjusted_rank_value(m: MetroTrackFigures) -> float | None:
    """The value a metro is ranked by at U.S. prices: its price-adjusted median, or the lower bound of a
    top-coded one (``adjusted_lower_bound``)."""
    return m.adjusted_median if m.adjusted_median is not None else adjusted_lower_bound(m)


def ranked_count(figures: Iterable[MetroTrackFigures]) -> int:
    """How many places are ranked on median pay (the "of N" of a rank)."""
    return sum(1 for m in figures if m.rankable and median_rank_value(m) is not None)


def ranks(
    figures: Iterable[MetroTrackFigures], value: Callable[[MetroTrackFigures], float | None]
) -> dict[str, int]:
    """Area code -> rank (1 = highest ``value``) among ranked places with a known value (ties by code)."""
    ranked = [m for m in figures if m.rankable and value(m) is not None]
    ranked.sort(key=lambda m: (-value(m), m.area_code))
    return {m.area_code: rank for rank, m in enumerate(ranked, start=1)}

"""The sentences a page shows around the numbers (pure functions): the pay-by-location sentence, where a
member's pay sits in an occupation's distribution, and how the RPP year pairs with the OEWS year.

Rules
-----
Pay-by-location sentence
    For the largest and the mid-market tiers: the median across the tier's ranked metros (with a known
    median and RPP) of the metro medians, and of the price-adjusted medians, each shown rounded to
    $1,000. Share of the nominal gap closed by prices = 1 - adjusted gap / nominal gap: >= 1/2 "much",
    >= 1/5 "some", >= 0 "little", < 0 "widens", > 1 "pay goes further in" the lower-paid tier.
"""

from __future__ import annotations

from pages.formatting import about_thousand
from salaries.statistics.location import (
    TIER_LARGEST,
    TIER_MID_MARKET,
    TIER_SMALLER,
    MetroTrackFigures,
    middle,
)
from salaries.statistics.wages import (
    NOT_AVAILABLE,
    PERCENTILES,
    WageDistribution,
)


def rpp_pairing(oews_year: int, rpp_year: int) -> str:
    """How the page names the pairing: "May 2025 wages at 2024 prices (BEA Regional Price Parities)"."""
    return f"May {oews_year} wages at {rpp_year} prices (BEA Regional Price Parities)"


TIER_PHRASES = {
    TIER_LARGEST: "the largest metros",
    TIER_MID_MARKET: "mid-market metros",
    TIER_SMALLER: "smaller metros",
}


def pay_by_location_sentence(metros: list[MetroTrackFigures]) -> str:
    """E.g. "Median pay runs from about $X in mid-market metros to about $Y in the largest metros; cost
    of living closes much of that gap." (see the module's rules)."""
    by_tier: dict[str, list[MetroTrackFigures]] = {TIER_LARGEST: [], TIER_MID_MARKET: []}
    for m in metros:
        if m.tier in by_tier and m.rankable and m.median.known and m.adjusted_median is not None:
            by_tier[m.tier].append(m)
    if not by_tier[TIER_LARGEST] or not by_tier[TIER_MID_MARKET]:
        return (
            "There is not enough published data to compare median pay in the largest and mid-market metros "
            "for this track."
        )
    nominal = {t: middle([m.median.value for m in ms]) for t, ms in by_tier.items()}
    adjusted = {t: middle([m.adjusted_median for m in ms]) for t, ms in by_tier.items()}
    low, high = sorted(by_tier, key=lambda t: (nominal[t], t != TIER_MID_MARKET))
    clause = _price_clause(nominal, adjusted, low, high)
    if about_thousand(nominal[low]) == about_thousand(nominal[high]):
        if about_thousand(adjusted[low]) == about_thousand(adjusted[high]):
            clause = "cost of living does not change that"
        else:
            better = max(by_tier, key=lambda t: adjusted[t])
            clause = f"after cost of living, pay goes further in {TIER_PHRASES[better]}"
        both = about_thousand(nominal[high])
        return f"Median pay is about {both} in both the largest and mid-market metros; {clause}."
    return (
        f"Median pay runs from about {about_thousand(nominal[low])} in {TIER_PHRASES[low]} to about "
        f"{about_thousand(nominal[high])} in {TIER_PHRASES[high]}; {clause}."
    )


def _price_clause(nominal, adjusted, low, high) -> str:
    gap = nominal[high] - nominal[low]  # > 0: the caller handles tiers whose pay rounds alike
    adjusted_gap = adjusted[high] - adjusted[low]
    closed = 1 - adjusted_gap / gap
    if closed > 1:
        return f"after cost of living, pay goes further in {TIER_PHRASES[low]}"
    if closed >= 0.5:
        return "cost of living closes much of that gap"
    if closed >= 0.2:
        return "cost of living closes some of that gap"
    if closed >= 0:
        return "cost of living closes little of that gap"
    return "cost of living widens that gap"


def percentile_position(pay: float, dist: WageDistribution) -> str:
    """Where ``pay`` sits among an occupation's published percentiles, e.g. "between the 25th and 50th
    percentile"."""
    ordinals = {"p10": "10th", "p25": "25th", "p50": "50th", "p75": "75th", "p90": "90th"}
    if not dist.has_wages:
        return NOT_AVAILABLE
    previous = None
    for p in PERCENTILES:
        if dist.is_top_coded(p):
            # the next percentile is at or above the top code: only "above the previous" is known
            if pay >= dist.top_code:
                return f"at or above the {ordinals[previous]} percentile" if previous else NOT_AVAILABLE
            if previous is None:
                return "below the 10th percentile"
            return f"between the {ordinals[previous]} and {ordinals[p]} percentile"
        value = dist.value(p)
        if pay == value:
            return f"at the {ordinals[p]} percentile"
        if pay < value:
            if previous is None:
                return "below the 10th percentile"
            return f"between the {ordinals[previous]} and {ordinals[p]} percentile"
        previous = p
    return "above the 90th percentile"


def and_list(items) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

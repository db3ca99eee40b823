"""The words around the numbers: the methodology's notes and the sentences a page shows.

``salaries.statistics`` computes figures; this module says them in English (pure functions too).
``METHOD_NOTES`` (key -> paragraph) is what the methodology page prints, one per rule in
``salaries.statistics``'s module docstring.
"""

from __future__ import annotations

from salaries.statistics.location import (
    LARGEST_METROS_COUNT,
    MID_MARKET_COUNT,
    MIN_METRO_EMPLOYMENT,
    MIN_PUBLISHED_SHARE,
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
    format_dollars,
    round_half_up,
)

METHOD_NOTES: dict[str, str] = {
    "detailed_occupations": (
        "A career track is a set of detailed occupations from the Standard Occupational Classification "
        "(SOC). We add up detailed occupations only. The BLS files also contain broader groups that "
        "already include those occupations, and adding both would count the same jobs twice."
    ),
    "track_employment": (
        "Jobs in a track are the sum of the published employment of its occupations in that place. "
        "When BLS does not publish an occupation's employment somewhere (usually because the estimate "
        "is too small or too uncertain), that occupation is left out of the sum, and we say how many "
        "were left out."
    ),
    "track_pay": (
        "BLS publishes five points of each occupation's annual pay: the 10th, 25th, 50th (median), 75th "
        "and 90th percentiles. We draw each occupation's pay distribution through those points, with "
        "straight lines between them. Then we pool the occupations, each weighted by how many people "
        "work in it, and read the track's 10th, 25th, median, 75th and 90th percentiles off that pooled "
        "distribution. This is not an average of the occupations' medians: a track's median is the pay "
        "that half of all the track's workers earn less than. Results are rounded to the nearest $10, as "
        "BLS rounds annual wages. For a track with one occupation, the figures are exactly the ones BLS "
        "publishes."
    ),
    "tails": (
        "Below an occupation's 10th percentile we continue the spread between its 10th and 25th "
        "percentiles down until no workers are left. Above its 90th percentile we use a Pareto tail (the "
        "standard shape for the top of a pay distribution) fitted to its 75th and 90th percentiles. "
        "These tails matter only for the track's 10th and 90th percentiles."
    ),
    "top_coding": (
        "BLS does not publish annual wages of $239,200 or more; it only says the wage is at least that "
        "much. We never turn that into a bigger number. When a track percentile may lie at or above "
        '$239,200, we show "$239,200 or more". We decide this cautiously: we assume that everything BLS '
        "did not publish for an occupation lies at or above $239,200, and show a number only if the track "
        "percentile is still below $239,200. To place that number, we assume the occupation's unpublished "
        "percentile sits at $239,200 itself, the least it can be. Earlier surveys used lower limits "
        "($187,200 a year in May 2011 to 2015, $208,000 in 2016 to 2021), and the trend figures use each "
        "year's own limit. (BLS states the limits from 2013 on; for 2011 and 2012 we infer $187,200 from "
        "the files themselves, whose highest published hourly wage is just under $90.)"
    ),
    "left_out": (
        "An occupation counts toward track pay only when BLS publishes both its employment and its annual "
        "pay percentiles in that place. Occupations paid by the hour only (no annual figures) and "
        "occupations whose figures BLS withheld are left out, and the page says how many."
    ),
    "price_adjusted": (
        "Price-adjusted pay divides pay by the metro's Regional Price Parity (RPP) from the Bureau of "
        "Economic Analysis, all items, where the U.S. average is 100: pay / (RPP / 100). A metro where "
        "prices are 10% above average (RPP 110) turns $110,000 into $100,000 of average-U.S. buying power. "
        'This is the method of the BLS Monthly Labor Review article "Purchasing power: using wage '
        'statistics with regional price parities" (April 2016). RPPs compare places within a single '
        "year, not across years, so we name the RPP year we pair with each OEWS year."
    ),
}


def rpp_pairing(oews_year: int, rpp_year: int) -> str:
    """How the page names the pairing: "May 2025 wages at 2024 prices (BEA Regional Price Parities)"."""
    return f"May {oews_year} wages at {rpp_year} prices (BEA Regional Price Parities)"


TIER_PHRASES = {
    TIER_LARGEST: "the largest metros",
    TIER_MID_MARKET: "mid-market metros",
    TIER_SMALLER: "smaller metros",
}


METHOD_NOTES["equivalent_pay"] = (
    "What your pay would need to be elsewhere for the same buying power is your pay times the other "
    "place's Regional Price Parity divided by your place's: $80,000 where prices are at the U.S. average "
    "(RPP 100) is matched by $92,000 where they are 15% above it (RPP 115)."
)


METHOD_NOTES["percentile_position"] = (
    "Where your pay sits is read against the published percentiles of the occupation your role maps to, "
    'for example "between the 25th and 50th percentile": at least a quarter of the people in that '
    "occupation earn less and at least half earn more."
)


METHOD_NOTES["metro_tiers"] = (
    f"Metro areas are sorted by their total employment across all occupations in the OEWS release. The "
    f"{LARGEST_METROS_COUNT} biggest are the largest metros; the next {MID_MARKET_COUNT} (ranks "
    f"{LARGEST_METROS_COUNT + 1} to {LARGEST_METROS_COUNT + MID_MARKET_COUNT}) are mid-market metros; all "
    f"others are smaller metros. Ties are broken by the metro's code, so the tiers never change unless "
    f"the data do."
)


METHOD_NOTES["metro_ranking"] = (
    f"A metro is ranked only when its track figures rest on enough published data: occupations that "
    f"hold at least {MIN_PUBLISHED_SHARE:.0%} of the track's jobs nationwide must have published employment "
    f"and pay there, and the metro must have at least {MIN_METRO_EMPLOYMENT:,} track jobs. Metros below "
    f"that bar still show their figures, marked as resting on limited data, but are left out of the "
    f"rankings."
)


METHOD_NOTES["pay_by_location"] = (
    "The pay-by-location sentence compares the middle metro of each tier: the median, across the ranked "
    "metros of a tier, of each metro's track median pay, rounded to the nearest $1,000. It then does the "
    "same with price-adjusted pay and says how much of the gap between tiers the difference in prices "
    "explains: much (half or more), some (a fifth to a half), little (less than a fifth), or whether "
    "prices reverse or widen it."
)


METHOD_NOTES["pay_goes_furthest"] = (
    "Where pay goes furthest ranks the ranked metros by their price-adjusted track median pay, highest "
    'first. Metros whose median is "$239,200 or more" or that have no price parity are not ranked.'
)


def _about(value: float) -> str:
    return format_dollars(round_half_up(value, 1_000))


def pay_by_location_sentence(metros: list[MetroTrackFigures]) -> str:
    """E.g. "Median pay runs from about $X in mid-market metros to about $Y in the largest metros; cost
    of living closes much of that gap." (see METHOD_NOTES["pay_by_location"])."""
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
    if _about(nominal[low]) == _about(nominal[high]):
        if _about(adjusted[low]) == _about(adjusted[high]):
            clause = "cost of living does not change that"
        else:
            better = max(by_tier, key=lambda t: adjusted[t])
            clause = f"after cost of living, pay goes further in {TIER_PHRASES[better]}"
        both = _about(nominal[high])
        return f"Median pay is about {both} in both the largest and mid-market metros; {clause}."
    return (
        f"Median pay runs from about {_about(nominal[low])} in {TIER_PHRASES[low]} to about "
        f"{_about(nominal[high])} in {TIER_PHRASES[high]}; {clause}."
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


METHOD_NOTES["industry_shares"] = (
    "Industry shares use BLS's national estimates by industry sector. A sector's share is the track's "
    "published employment in that sector divided by the track's published employment summed across all "
    "sectors. Pay by sector is the track's median in that sector, worked out the same way as the track's "
    "overall median."
)


METHOD_NOTES["trends"] = (
    "The trend charts use BLS's national estimates for each May survey. Jobs and median pay for each year "
    "are worked out the same way as this year's figures, from the occupations as BLS coded them that year. "
    "Constant dollars restate each May's pay in the prices of the latest May, using the Consumer Price "
    "Index for All Urban Consumers (CPI-U, U.S. city average, not seasonally adjusted): pay x CPI(latest "
    "May) / CPI(that May), rounded to the nearest $10. BLS cautions that these estimates are not built as "
    "a time series: each year pools three years of survey panels, and methods change. Where the "
    "occupations' codes changed (the 2018 revision of the SOC; the crosswalk is many-to-many), the chart "
    "marks a break instead of joining unlike series."
)


METHOD_NOTES["projections"] = (
    "Projected change comes from the BLS Employment Projections: employment in the base year and the "
    "projected year, the change, and the average number of openings each year (from growth and from "
    "people leaving the occupation), in thousands of jobs. Unlike the OEWS figures elsewhere on the page, "
    "these include the self-employed. For a track we add up its occupations' figures; the percent change "
    "is the total change over total base-year employment. For a single occupation we show BLS's own "
    "percent."
)


METHOD_NOTES["skills"] = (
    "Skills come from O*NET, which rates how important each of 35 skills is to an occupation, from 1 (not "
    "important) to 5 (extremely important). A track's skill profile is the average importance of each "
    "skill across its occupations, weighted by each occupation's employment. The track page ranks skills by "
    "how much more the track needs them than the average job (see \u201cWhat sets a track apart\u201d). "
    "In Get Started, the tracks that fit your own ratings are found by the cosine similarity of your "
    "ratings and each track's skill profile, measured from the bottom of O*NET's scale."
)
METHOD_NOTES["related_tracks"] = (
    "Editors choose which tracks to link; the data show why. The skills evidence is how alike the two "
    "tracks are in what sets each apart from the average job (see \u201cHow alike two tracks are\u201d), "
    'with the skills and knowledge both need more than the average job. "Teams '
    'work together" is the overlap of the industries that employ the two tracks: for each sector, the '
    "smaller of its two shares, added up (0 = no industry in common, 1 = identical industry mix)."
)


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

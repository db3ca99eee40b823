"""Hand-built wage distributions and metro figures shared by the statistics tests (and the sentences').

Shorthand: F_X(x) is occupation X's CDF, G(x) the employment-weighted mixture; straight lines between
published percentiles; the lower tail of an occupation continues its p10-p25 density down to F = 0 at
p10 - (2/3)(p25 - p10); above p90 a Pareto tail 1 - F = 0.10 (x / p90) ** -k, k = ln 2.5 / ln(p90 / p75).
"""

import math

from salaries.statistics.location import MetroTrackFigures, price_adjusted
from salaries.statistics.mixture import TrackPay
from salaries.statistics.wages import TOP_CODE_ANNUAL, Quantile, WageDistribution, round_to_ten


def dist(
    code, employment, p10, p25, p50, p75, p90, top_coded=(), o_group="detailed", top_code=TOP_CODE_ANNUAL
):
    return WageDistribution(
        code, employment, p10, p25, p50, p75, p90, frozenset(top_coded), o_group, top_code
    )


# A: 40k/50k/60k/80k/100k.  B: A shifted up by $20,000.  Both 100 jobs.
A = dist("11-0001", 100, 40_000, 50_000, 60_000, 80_000, 100_000)
B = dist("11-0002", 100, 60_000, 70_000, 80_000, 100_000, 120_000)
# C: median $200,000, 75th and 90th top-coded ('#').
C = dist("11-0003", 100, 100_000, 150_000, 200_000, None, None, top_coded={"p75", "p90"})
K_A = math.log(2.5) / math.log(100_000 / 80_000)  # Pareto index of A's upper tail, 4.10628...


def upper_tail_a(x):
    return 1 - 0.10 * (x / 100_000) ** -K_A


def values(pay: TrackPay):
    return [q.value for q in pay.quantiles().values()]


def metro(code, tier, median, rpp, employment=5_000, rankable=True):
    adjusted = None if median is None or rpp is None else round_to_ten(price_adjusted(median, rpp))
    return MetroTrackFigures(
        area_code=code,
        area_name=f"Metro {code}",
        employment=employment,
        median=Quantile(median),
        rpp=rpp,
        adjusted_median=adjusted,
        tier=tier,
        rankable=rankable,
    )


LARGEST = [
    metro("1", "largest", 100_000, 110.0),  # adjusted 90,909.09 -> 90,910
    metro("2", "largest", 110_000, 115.0),  # 95,652.17 -> 95,650
    metro("3", "largest", 120_000, 120.0),  # 100,000
    metro("4", "largest", 200_000, 100.0, rankable=False),  # not ranked: ignored
]


MID = [
    metro("5", "mid-market", 80_000, 95.0),  # 84,210.53 -> 84,210
    metro("6", "mid-market", 90_000, 100.0),  # 90,000
    metro("7", "smaller", 10_000, 80.0),  # smaller tier: not in the sentence
]

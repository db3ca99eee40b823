"""Exact results of the track statistics on hand-built distributions (no database).

Expected figures are worked out by hand in the comments. Shorthand: F_X(x) is occupation X's CDF,
G(x) the employment-weighted mixture; straight lines between published percentiles; the lower tail of
an occupation continues its p10-p25 density down to F = 0 at p10 - (2/3)(p25 - p10); above p90 a Pareto
tail 1 - F = 0.10 (x / p90) ** -k, k = ln 2.5 / ln(p90 / p75).
"""

import math
from fractions import Fraction

import pytest

from salaries.statistics import (
    METHOD_NOTES,
    PERCENTILES,
    TOP_CODE_ANNUAL,
    EmploymentTotal,
    Quantile,
    TrackPay,
    WageDistribution,
    equivalent_pay,
    format_dollars,
    mixture_quantile,
    occupation_pay_band,
    price_adjusted,
    round_to_ten,
    track_employment,
    track_pay,
)


def dist(code, employment, p10, p25, p50, p75, p90, top_coded=(), o_group="detailed"):
    return WageDistribution(code, employment, p10, p25, p50, p75, p90, frozenset(top_coded), o_group)


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


# --- money -----------------------------------------------------------------------------------------


def test_format_dollars():
    assert format_dollars(105_770) == "$105,770"
    assert format_dollars(105_770.5) == "$105,771"  # halves up, not to even
    assert format_dollars(0.4) == "$0"
    assert format_dollars(1_234_567.0) == "$1,234,567"
    assert format_dollars(None) == "not available"


def test_round_to_ten_halves_up():
    assert round_to_ten(73_333.33) == 73_330
    assert round_to_ten(46_666.67) == 46_670
    assert round_to_ten(105_775) == 105_780
    assert round_to_ten(Fraction(211_545, 2)) == 105_770  # 105,772.5


def test_quantile_display():
    assert Quantile(105_770).display() == "$105,770"
    assert Quantile(None, top_coded=True).display() == "$239,200 or more"
    assert Quantile(None).display() == "not available"


def test_quantile_never_holds_a_number_at_or_above_the_top_code():
    with pytest.raises(ValueError):
        Quantile(TOP_CODE_ANNUAL)
    with pytest.raises(ValueError):
        Quantile(250_000)
    with pytest.raises(ValueError):
        Quantile(100_000, top_coded=True)
    assert Quantile.of(253_390) == Quantile(None, top_coded=True)
    assert Quantile.of(239_190) == Quantile(239_190)


# --- employment -------------------------------------------------------------------------------------


def test_track_employment_sums_published_and_counts_suppressed():
    rows = [A, B, dist("11-0004", None, None, None, None, None, None), dist("11-0005", 30, *[None] * 5)]
    # 100 + 100 + 30; one suppressed
    assert track_employment(rows) == EmploymentTotal(total=230, published=3, suppressed=1)


def test_track_employment_refuses_non_detailed_rows_and_duplicates():
    broad = dist("11-1020", 500, None, None, None, None, None, o_group="broad")
    with pytest.raises(ValueError, match="only detailed"):
        track_employment([A, broad])
    with pytest.raises(ValueError, match="twice"):
        track_employment([A, A])
    with pytest.raises(ValueError, match="only detailed"):
        track_pay([A, broad])


# --- track pay: single occupations reproduce their published percentiles -------------------------


@pytest.mark.parametrize(
    "occupation",
    [
        A,
        B,
        # U.S. 11-3013 Facilities Managers, May 2025
        dist("11-3013", 156_180, 64_480, 82_020, 106_660, 138_870, 176_120),
        # equal 10th and 25th, equal 75th and 90th (small areas do publish ties)
        dist("35-3023", 1_230, 29_120, 29_120, 31_200, 37_440, 37_440),
        # a single job
        dist("11-9999", 1, 10, 20, 30, 40, 50),
    ],
)
def test_single_occupation_reproduces_published_percentiles_exactly(occupation):
    pay = track_pay([occupation])
    assert values(pay) == [occupation.value(p) for p in PERCENTILES]
    assert pay.employment == occupation.employment
    assert (pay.occupations_used, pay.occupations_left_out) == (1, 0)


def test_identical_occupations_reproduce_the_shared_percentiles():
    twin = dist("11-0009", 12_345, 40_000, 50_000, 60_000, 80_000, 100_000)
    assert values(track_pay([A, twin])) == [40_000, 50_000, 60_000, 80_000, 100_000]


def test_single_occupation_with_published_values_above_the_top_code():
    # U.S. 11-1021 General and Operations Managers, May 2025: the flat file prints p90 = 253,390,
    # above the $239,200 top code, so it is censored (BLS's workbook shows '#').
    gom = dist("11-1021", 3_503_020, 50_090, 72_320, 105_770, 167_280, 253_390)
    pay = track_pay([gom])
    assert values(pay)[:4] == [50_090, 72_320, 105_770, 167_280]
    assert pay.p90 == Quantile(None, top_coded=True)
    assert pay.range_display() == "$50,090 to $239,200 or more"


def test_single_top_coded_occupation():
    pay = track_pay([C])
    assert [q.display() for q in pay.quantiles().values()] == [
        "$100,000",
        "$150,000",
        "$200,000",
        "$239,200 or more",
        "$239,200 or more",
    ]


def test_all_percentiles_top_coded():
    physicians = dist("29-1211", 500, None, None, None, None, None, top_coded=set(PERCENTILES))
    pay = track_pay([physicians])
    assert all(q.top_coded for q in pay.quantiles().values())
    assert (pay.occupations_used, pay.occupations_left_out) == (1, 0)


# --- track pay: mixtures ----------------------------------------------------------------------------


def test_mixture_of_two_shifted_occupations():
    pay = track_pay([A, B])
    # 10th: B has no jobs below 53,333.33 (60,000 - (2/3)(10,000)); G = F_A / 2 = 0.10 needs F_A = 0.20,
    #   F_A = 0.10 + 0.15 (x - 40,000) / 10,000  =>  x = 46,666.67  -> $46,670.
    assert pay.p10 == Quantile(46_670)
    # 25th: on (53,333.33, 60,000) F_A = 0.25 + 0.25 (x - 50,000)/10,000, F_B = 0.10 (x - 53,333.33)/6,666.67.
    #   x = 57,500: F_A = 0.4375, F_B = 0.0625, mean 0.25.  -> $57,500.
    assert pay.p25 == Quantile(57_500)
    # median: G(70,000) = (0.625 + 0.25)/2 = 0.4375; G(80,000) = (0.75 + 0.5)/2 = 0.625; linear between:
    #   0.4375 + 0.1875 t = 0.5  =>  t = 1/3  =>  x = 73,333.33 -> $73,330 (not the mean of medians, $70,000).
    assert pay.median == Quantile(73_330)
    # 75th: G(80,000) = 0.625; G(100,000) = (0.9 + 0.75)/2 = 0.825; 0.625 + 0.2 t = 0.75 => t = 0.625
    #   => x = 92,500.
    assert pay.p75 == Quantile(92_500)
    # 90th: on (100,000, 120,000) A is in its Pareto tail, B on its 75th-90th line:
    #   (upper_tail_a(x) + 0.75 + 0.15 (x - 100,000)/20,000) / 2 = 0.9  at x = 114,353.53 -> $114,350.
    assert pay.p90 == Quantile(114_350)
    g = lambda x: (upper_tail_a(x) + 0.75 + 0.15 * (x - 100_000) / 20_000) / 2  # noqa: E731
    assert g(114_353) < 0.9 < g(114_354)
    assert (pay.employment, pay.occupations_used, pay.occupations_left_out) == (200, 2, 0)
    assert pay.range_display() == "$46,670 to $114,350"


def test_weights_are_employment():
    a900 = dist("11-0001", 900, 40_000, 50_000, 60_000, 80_000, 100_000)
    pay = track_pay([a900, C])
    # 75th: G = 0.9 F_A + 0.1 F_C. C's lower tail starts at 100,000 - (2/3)(50,000) = 66,666.67.
    #   G(80,000) = 0.9 * 0.75 + 0.1 * 0.10 * (13,333.33/33,333.33) = 0.675 + 0.004 = 0.679
    #   G(100,000) = 0.9 * 0.9 + 0.1 * 0.1 = 0.82; linear between: t = 0.071/0.141 = 71/141
    #   x = 80,000 + 20,000 * 71/141 = 90,070.92 -> $90,070.
    assert pay.p75 == Quantile(90_070)
    # 90th: on (100,000, 150,000): 0.9 upper_tail_a(x) + 0.1 (0.10 + 0.15 (x - 100,000)/50,000) = 0.9
    #   at x = 140,632.94 -> $140,630.  C's top-coded share does not matter here.
    assert pay.p90 == Quantile(140_630)
    g = lambda x: 0.9 * upper_tail_a(x) + 0.1 * (0.10 + 0.15 * (x - 100_000) / 50_000)  # noqa: E731
    assert g(140_632) < 0.9 < g(140_633)
    assert pay.employment == 1_000


def test_top_coded_region_is_reported_as_239200_or_more():
    pay = track_pay([A, C])
    # median: G(100,000) = (F_A 0.9 + F_C 0.1)/2 = 0.5 exactly -> $100,000.
    assert pay.median == Quantile(100_000)
    # 75th: C's CDF above its median ($200,000) is unknown below $239,200. Cautiously (C's remaining
    # half all at or above $239,200) G stays below (1 + 0.5)/2 = 0.75 everywhere under $239,200, so the
    # 75th cannot be pinned below the top code, although a straight line from C's median to $239,200
    # would have put it near $200,900.
    assert pay.p75 == Quantile(None, top_coded=True)
    assert pay.p75.display() == "$239,200 or more"
    assert pay.p90.top_coded


def test_quantile_rounding_to_the_top_code_is_top_coded():
    near = dist("11-0006", 10, 100_000, 150_000, 239_195, 239_198, 239_199)
    # the median, 239,195, rounds to 239,200: never shown as a number
    assert track_pay([near]).median == Quantile(None, top_coded=True)


def test_suppressed_occupations_are_left_out_and_counted():
    no_employment = dist("11-0007", None, 40_000, 50_000, 60_000, 70_000, 80_000)
    no_median = dist("11-0008", 500, 40_000, 50_000, None, 70_000, 80_000)
    hourly_only = dist("27-2011", 800, None, None, None, None, None)
    pay = track_pay([A, B, no_employment, no_median, hourly_only])
    assert values(pay) == values(track_pay([A, B]))
    assert (pay.employment, pay.occupations_used, pay.occupations_left_out) == (200, 2, 3)
    assert pay.left_out_codes == ("11-0007", "11-0008", "27-2011")


def test_nothing_usable_gives_unknown_quantiles():
    pay = track_pay([dist("11-0007", None, 1, 2, 3, 4, 5)])
    assert all(q == Quantile(None) for q in pay.quantiles().values())
    assert pay.range_display() == "not available"
    assert (pay.employment, pay.occupations_used, pay.occupations_left_out) == (0, 0, 1)


def test_mixture_quantiles_are_ordered_and_deterministic():
    rows = [
        A,
        B,
        C,
        dist("11-3013", 156_180, 64_480, 82_020, 106_660, 138_870, 176_120),
        dist("11-1021", 3_503_020, 50_090, 72_320, 105_770, 167_280, 253_390),
    ]
    first = track_pay(rows)
    assert track_pay(list(reversed(rows))) == first
    known = [q.value for q in first.quantiles().values() if q.known]
    assert known == sorted(known)


def test_mixture_quantile_level_bounds():
    with pytest.raises(ValueError):
        mixture_quantile([A], 1)
    assert mixture_quantile([A, B], Fraction(1, 2)) == Quantile(73_330)


def test_out_of_order_percentiles_are_refused():
    with pytest.raises(ValueError, match="out of order"):
        track_pay([dist("11-0010", 5, 50_000, 40_000, 60_000, 70_000, 80_000)])


# --- pay bands and price adjustment ----------------------------------------------------------------


def test_occupation_pay_band():
    assert occupation_pay_band(A, "p25_p75") == (Quantile(50_000), Quantile(80_000))
    assert occupation_pay_band(A, "p10_p50") == (Quantile(40_000), Quantile(60_000))
    assert occupation_pay_band(C, "p50_p90") == (Quantile(200_000), Quantile(None, top_coded=True))
    gom = dist("11-1021", 3_503_020, 50_090, 72_320, 105_770, 167_280, 253_390)
    assert occupation_pay_band(gom, "p75_p90")[1].display() == "$239,200 or more"
    suppressed = dist("11-0011", 10, None, None, None, None, None)
    assert occupation_pay_band(suppressed, "p10_p25") == (Quantile(None), Quantile(None))
    with pytest.raises(ValueError):
        occupation_pay_band(A, "p10_p90")


def test_price_adjusted():
    # $110,000 where prices are 10% above the U.S. average buys what $100,000 buys on average
    assert price_adjusted(110_000, 110.0) == pytest.approx(100_000, abs=1e-9)
    # San Jose 2024 RPP 110.423: 150,000 / 1.10423 = 135,841.26
    assert round(price_adjusted(150_000, 110.423), 2) == 135_841.26
    with pytest.raises(ValueError):
        price_adjusted(100_000, 0)


def test_equivalent_pay():
    # $100,000 at RPP 90 buys what $120,000 buys at RPP 108: 100,000 * 108 / 90
    assert equivalent_pay(100_000, 90, 108) == pytest.approx(120_000)


def test_from_values_reads_model_fields():
    row = {
        "occupation_id": "11-1021",
        "employment": 3_503_020,
        "annual_p10": 50_090,
        "annual_p25": 72_320,
        "annual_median": 105_770,
        "annual_p75": 167_280,
        "annual_p90": None,
        "top_coded_fields": ["annual_p90"],
    }
    d = WageDistribution.from_values(row)
    assert d == dist("11-1021", 3_503_020, 50_090, 72_320, 105_770, 167_280, None, top_coded={"p90"})


def test_method_notes_cover_each_rule():
    for key in ("track_pay", "top_coding", "tails", "left_out", "price_adjusted", "track_employment"):
        assert len(METHOD_NOTES[key]) > 100
    assert "$239,200" in METHOD_NOTES["top_coding"]

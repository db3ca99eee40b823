"""salaries.statistics.wages: rounding, the dollar notation, quantiles and published distributions."""

from decimal import Decimal
from fractions import Fraction

import pytest

from salaries.statistics.wages import (
    TOP_CODE_ANNUAL,
    Quantile,
    WageDistribution,
    format_dollars,
    round_half_up,
    round_to_ten,
    top_code_for_year,
)
from tests.salaries.statistics.samples import dist

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
    top = Quantile(None, top_coded=True)
    assert Quantile(TOP_CODE_ANNUAL) == top
    assert Quantile(250_000) == top
    assert Quantile(100_000, top_coded=True) == top
    assert Quantile.of(253_390) == top
    assert Quantile.of(239_190) == Quantile(239_190)
    # earlier surveys: the year's own top code, named in the display
    assert Quantile(190_000, top_code=187_200).display() == "$187,200 or more"
    assert Quantile(190_000, top_code=208_000).display() == "$190,000"
    assert top.csv_value() == ">=239200" and Quantile(190_000).csv_value() == "190000"


def test_top_code_for_year():
    # BLS field descriptions: $187,200 in 2013-2015, $208,000 in 2016-2021, $239,200 from 2022;
    # 2011-2012 inferred (highest published hourly percentile $89.73, under $90)
    assert [top_code_for_year(y) for y in (2011, 2015, 2016, 2021, 2022, 2025)] == [
        187_200,
        187_200,
        208_000,
        208_000,
        239_200,
        239_200,
    ]
    with pytest.raises(ValueError):
        top_code_for_year(2010)


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


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        # halves go away from zero, whatever the type
        (5, 10, 10),
        (4, 10, 0),
        (-5, 10, -10),
        (-15, 10, -20),
        (14.5, 1, 15),
        (14.49, 1, 14),
        (-14.5, 1, -15),
        (-0.5, 1, -1),
        (0.5, 1, 1),
        (1234.5, 10, 1230),
        (1235.0, 10, 1240),
        (-1235.0, 10, -1240),
        (1e16, 10, 10**16),  # printed with an exponent: the Decimal path
        (1.5e-05, 1, 0),
        (Fraction(5, 2), 1, 3),
        (Fraction(-5, 2), 1, -3),
        (Fraction(12345, 1), 10, 12350),
        (Fraction(-12345, 1), 10, -12350),
        (Fraction(12344, 1), 10, 12340),
        (Decimal("2.5"), 1, 3),
        (Decimal("-2.5"), 1, -3),
        (Decimal("1234.5"), 10, 1230),
        (Decimal("1235"), 10, 1240),
    ],
)
def test_round_half_up(value, step, expected):
    assert round_half_up(value, step) == expected


def test_negative_dollars_and_raw_csv_values():
    assert format_dollars(-1234.5) == "-$1,235"
    assert format_dollars(-0.4) == "$0"
    assert Quantile(None).csv_value() == ""
    assert Quantile(45_000.5).csv_value() == "45000.5"
    assert Quantile(45_000.0).csv_value() == "45000"
    assert Quantile.of(None, top_coded=True, top_code=208_000) == Quantile(
        None, top_coded=True, top_code=208_000
    )


def test_from_values_reads_the_level_and_the_top_coded_aliases():
    row = {
        "occupation_id": "11-0001",
        "employment": "12",
        "annual_p10": 1,
        "annual_p25": 2,
        "annual_median": 3,
    }
    assert WageDistribution.from_values(row).o_group == "detailed"
    assert WageDistribution.from_values({**row, "occupation__level": "major"}).o_group == "major"
    assert (
        WageDistribution.from_values({**row, "o_group": "broad", "occupation__level": "major"}).o_group
        == "broad"
    )
    assert WageDistribution.from_values({**row, "o_group": ""}).o_group == "detailed"
    assert WageDistribution.from_values(row).employment == 12
    assert WageDistribution.from_values({**row, "employment": None}).employment is None
    top = WageDistribution.from_values({**row, "top_coded_fields": ["p75", "annual_pct90", "nonsense"]})
    assert top.top_coded == frozenset({"p75", "p90"})

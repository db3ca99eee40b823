"""salaries.statistics.trends: employment and median pay by survey year, constant dollars, breaks."""

import pytest

from salaries.statistics.mixture import track_pay
from salaries.statistics.trends import TrendPoint, constant_dollars, trend_series
from salaries.statistics.wages import Quantile
from tests.salaries.statistics.samples import A, B, dist


def test_trend_series_constant_dollars_and_breaks():
    rows = {
        2024: [B],  # median 80,000
        2019: [A],  # median 60,000
        2021: [A, B],  # median 73,330; no CPI for 2021 here
        2020: [dist("11-0001", None, None, None, None, None, None)],
    }
    points = trend_series(rows, cpi_may={2019: 250.0, 2024: 300.0}, base_year=2024, breaks={2021})
    assert points == [
        # 60,000 * 300 / 250 = 72,000; the 2016-2021 top code is $208,000
        TrendPoint(2019, 100, Quantile(60_000, top_code=208_000), 72_000.0, False),
        TrendPoint(2020, None, Quantile(None, top_code=208_000), None, False),
        TrendPoint(2021, 200, Quantile(73_330, top_code=208_000), None, True),
        TrendPoint(2024, 100, Quantile(80_000), 80_000.0, False),
    ]


def test_trend_series_uses_each_years_top_code():
    # p90 of $200,000 is a number under the 2022+ top code but "$187,200 or more" in May 2015;
    # a median of $190,000 (published in 2024) is top-coded in 2015 terms, so it has no constant dollars.
    rich = dist("29-1211", 50, 120_000, 150_000, 190_000, 195_000, 200_000)
    points = trend_series({2015: [rich], 2024: [rich]}, {2015: 237.805, 2024: 313.225}, 2024, set())
    assert points[0].median == Quantile(None, top_coded=True, top_code=187_200)
    assert points[0].median.display() == "$187,200 or more"
    assert points[0].median_constant is None
    assert points[1].median == Quantile(190_000)
    assert track_pay([rich]).p90 == Quantile(200_000)
    with pytest.raises(ValueError, match="top codes"):
        track_pay([rich, dist("11-0001", 5, 1, 2, 3, 4, 5, top_code=187_200)])


def test_trend_constant_dollars_round_to_ten():
    # 60,000 * 313.225 / 256.092 = 73,387.77 -> 73,390
    points = trend_series({2019: [A]}, {2019: 256.092, 2024: 313.225}, base_year=2024, breaks=set())
    assert points[0].median_constant == 73_390


def test_constant_dollars_needs_two_positive_cpis_and_small_ones_are_fine():
    assert constant_dollars(100, 0.5, 0.25) == 50.0
    for cpi_year, cpi_base in [(0, 300), (300, 0), (-1, 300), (300, -1)]:
        with pytest.raises(ValueError, match="^CPI values must be positive$"):
            constant_dollars(100, cpi_year, cpi_base)

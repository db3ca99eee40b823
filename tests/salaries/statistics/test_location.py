"""salaries.statistics.location: price adjustment, metro tiers, a track's figures in one metro, rankings."""

import pytest

from salaries.statistics.location import (
    LARGEST_METROS_COUNT,
    MID_MARKET_COUNT,
    equivalent_pay,
    metro_tiers,
    metro_track_figures,
    metros_where_pay_goes_furthest,
    price_adjusted,
    top_metros_by_jobs,
)
from salaries.statistics.wages import Quantile
from tests.salaries.statistics.samples import dist, metro


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


# --- metros -----------------------------------------------------------------------------------------


def test_metro_tiers_by_employment_rank():
    # 120 metros; metro i has 1,000,000 - i * 1,000 jobs, so rank = i + 1.  Two tie at the 25/26 boundary.
    employment = {f"{10000 + i}": 1_000_000 - i * 1_000 for i in range(120)}
    employment["10025"] = employment["10024"]  # tie between ranks 25 and 26: the lower code wins
    tiers = metro_tiers(employment)
    assert LARGEST_METROS_COUNT == 25 and MID_MARKET_COUNT == 75
    assert tiers["10000"] == tiers["10024"] == "largest"
    assert tiers["10025"] == "mid-market"
    assert tiers["10099"] == "mid-market"  # rank 100
    assert tiers["10100"] == tiers["10119"] == "smaller"  # ranks 101 and 120
    assert list(tiers.values()).count("largest") == 25
    assert list(tiers.values()).count("mid-market") == 75


def test_metro_track_figures_and_the_published_data_rule():
    national = {"11-0001": 7_000, "11-0002": 3_000}
    big = metro_track_figures(
        area_code="41940",
        area_name="San Jose-Sunnyvale-Santa Clara, CA",
        distributions=[
            dist("11-0001", 900, 40_000, 50_000, 60_000, 80_000, 100_000),
            dist("11-0002", 300, 60_000, 70_000, 80_000, 100_000, 120_000),
        ],
        rpp=110.423,
        tier="largest",
        national_mix=national,
    )
    # median of 0.75 A + 0.25 B: G(60,000) = 0.75 * 0.5 + 0.25 * 0.1 = 0.4;
    #   G(70,000) = 0.75 * 0.625 + 0.25 * 0.25 = 0.53125; 0.4 + 0.13125 t = 0.5 => t = 0.7619 => 67,619.05
    #   -> $67,620; price-adjusted 67,620 / 1.10423 = 61,237.24 -> $61,240.
    assert big.median == Quantile(67_620)
    assert big.adjusted_median == 61_240
    assert (big.employment, big.published_share, big.rankable) == (1_200, 1.0, True)

    # Only 11-0001 published (70% of national jobs < 80%): shown but not ranked.
    thin = metro_track_figures(
        area_code="10001",
        area_name="Thin, ST",
        distributions=[
            dist("11-0001", 5_000, 40_000, 50_000, 60_000, 80_000, 100_000),
            dist("11-0002", None, None, None, None, None, None),
        ],
        rpp=None,
        tier="smaller",
        national_mix=national,
    )
    assert (thin.published_share, thin.rankable, thin.adjusted_median) == (0.7, False, None)
    assert thin.occupations_left_out == 1
    # All published but 999 jobs (< 1,000): not ranked.
    small = metro_track_figures(
        area_code="10002",
        area_name="Small, ST",
        distributions=[
            dist("11-0001", 900, 40_000, 50_000, 60_000, 80_000, 100_000),
            dist("11-0002", 99, 60_000, 70_000, 80_000, 100_000, 120_000),
        ],
        rpp=90.0,
        tier="smaller",
        national_mix=national,
    )
    assert (small.employment, small.rankable) == (999, False)


def test_top_metros_and_where_pay_goes_furthest():
    metros = [
        metro("1", "largest", 100_000, 110.0, employment=9_000),
        metro("2", "largest", 110_000, 115.0, employment=12_000),
        metro("3", "mid-market", 90_000, 80.0, employment=9_000),  # adjusted 112,500
        metro("4", "smaller", 95_000, 75.0, employment=800, rankable=False),  # 126,670 but not ranked
        metro("5", "smaller", 70_000, None, employment=2_000),  # no RPP
        metro("6", "smaller", 60_000, 100.0, employment=0),
    ]
    assert [m.area_code for m in top_metros_by_jobs(metros, n=3)] == ["2", "1", "3"]
    assert [m.area_code for m in metros_where_pay_goes_furthest(metros)] == ["3", "2", "1", "6"]
    assert [m.area_code for m in metros_where_pay_goes_furthest(metros, n=1)] == ["3"]


def test_price_parities_must_be_positive_and_may_be_small():
    assert price_adjusted(100, 0.5) == 20_000.0
    assert equivalent_pay(100, 0.5, 1.0) == 200.0
    assert equivalent_pay(100, 1.0, 0.5) == 50.0
    with pytest.raises(ValueError, match="^a regional price parity must be positive$"):
        price_adjusted(100, 0)
    for rpp_from, rpp_to in [(0, 100), (100, 0), (-1, 100), (100, -1)]:
        with pytest.raises(ValueError, match="^regional price parities must be positive$"):
            equivalent_pay(100, rpp_from, rpp_to)


def test_metro_tiers_rank_by_employment_then_code_and_unknown_employment_last():
    employment = {f"{n + 100:03}": 1_000 for n in reversed(range(LARGEST_METROS_COUNT + MID_MARKET_COUNT))}
    employment |= {"999": 5_000, "000": None}
    tiers = metro_tiers(employment)
    assert tiers["999"] == "largest"  # the most jobs
    assert tiers["000"] == "smaller"  # no published employment: last
    ranked_codes = sorted(code for code in employment if code not in ("999", "000"))
    assert [tiers[code] for code in ranked_codes[: LARGEST_METROS_COUNT - 1]] == ["largest"] * 24
    assert tiers[ranked_codes[LARGEST_METROS_COUNT - 1]] == "mid-market"  # ties by code
    assert tiers[ranked_codes[-1]] == "smaller"


def test_top_metros_skip_metros_without_jobs_and_keep_one_job():
    metros = [
        metro("1", "largest", 100_000, 100.0, employment=1),
        metro("2", "largest", 100_000, 100.0, employment=0),
    ]
    assert [m.area_code for m in top_metros_by_jobs(metros)] == ["1"]


def test_at_most_ten_metros_where_pay_goes_furthest_by_default():
    metros = [metro(f"{n:02}", "largest", 100_000 + n, 100.0) for n in range(12)]
    assert len(metros_where_pay_goes_furthest(metros)) == 10
    assert len(top_metros_by_jobs(metros)) == 10

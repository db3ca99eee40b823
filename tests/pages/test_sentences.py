"""pages.sentences: the sentences a page shows around the numbers (no database)."""

import pytest

from pages.sentences import pay_by_location_sentence, percentile_position, rpp_pairing
from tests.salaries.statistics.samples import LARGEST, MID, A, C, dist, metro


def test_pay_by_location_sentence():
    # largest: middle of 100k/110k/120k = 110,000; adjusted middle 95,650.
    # mid-market: middle of 80k/90k = 85,000; adjusted (84,210 + 90,000)/2 = 87,105.
    # gap 25,000; adjusted gap 8,545; closed 1 - 8,545/25,000 = 66% -> "much".
    assert pay_by_location_sentence(LARGEST + MID) == (
        "Median pay runs from about $85,000 in mid-market metros to about $110,000 in the largest metros; "
        "cost of living closes much of that gap."
    )


@pytest.mark.parametrize(
    ("mid_rpps", "clause"),
    [
        # mid adjusted = 85,000/0.85 = 100,000 > largest 95,650: the order reverses
        ((85.0, 85.0), "after cost of living, pay goes further in mid-market metros."),
        # mid adjusted 85,000/1.0 = 85,000: adjusted gap 10,650, closed 57% -> much
        ((100.0, 100.0), "cost of living closes much of that gap."),
        # mid adjusted 85,000/1.1 = 77,270: adjusted gap 18,380, closed 26% -> some
        ((110.0, 110.0), "cost of living closes some of that gap."),
        # mid adjusted 85,000/1.2 = 70,830: adjusted gap 24,820, closed 0.7% -> little
        ((120.0, 120.0), "cost of living closes little of that gap."),
        # mid adjusted 85,000/1.3 = 65,380: adjusted gap 30,270 > 25,000 -> widens
        ((130.0, 130.0), "cost of living widens that gap."),
    ],
)
def test_pay_by_location_clause_is_computed(mid_rpps, clause):
    mid = [metro("5", "mid-market", 80_000, mid_rpps[0]), metro("6", "mid-market", 90_000, mid_rpps[1])]
    sentence = pay_by_location_sentence(LARGEST + mid)
    assert sentence.startswith("Median pay runs from about $85,000 in mid-market metros to about $110,000")
    assert sentence.endswith(clause)


def test_pay_by_location_sentence_when_a_tier_is_missing_or_pays_the_same():
    assert "not enough published data" in pay_by_location_sentence(LARGEST)
    same = [metro("5", "mid-market", 110_200, 90.0)]  # about $110,000 too; adjusted 122,440 > 95,650
    assert pay_by_location_sentence(LARGEST + same) == (
        "Median pay is about $110,000 in both the largest and mid-market metros; "
        "after cost of living, pay goes further in mid-market metros."
    )


@pytest.mark.parametrize(
    ("pay", "occupation", "expected"),
    [
        (55_000, A, "between the 25th and 50th percentile"),
        (40_000, A, "at the 10th percentile"),
        (30_000, A, "below the 10th percentile"),
        (150_000, A, "above the 90th percentile"),
        (220_000, C, "between the 50th and 75th percentile"),  # C's 75th is at least $239,200
        (250_000, C, "at or above the 50th percentile"),  # both above $239,200: order unknown
        (50_000, dist("11-0011", 10, *[None] * 5), "not available"),
    ],
)
def test_percentile_position(pay, occupation, expected):
    assert percentile_position(pay, occupation) == expected


def test_rpp_pairing_names_both_years():
    assert rpp_pairing(2025, 2024) == "May 2025 wages at 2024 prices (BEA Regional Price Parities)"

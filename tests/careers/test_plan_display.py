"""careers.plan.adjusted_display on hand-made quantiles (no database): pay in average-U.S. prices."""

from careers.plan import adjusted_display
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_ANNUAL, Quantile


def test_a_value_is_divided_by_the_price_parity_and_rounded_to_ten():
    assert adjusted_display(Quantile(52_000), 104.0) == "$50,000"  # 52,000 / 1.04
    assert adjusted_display(Quantile(45_004), 90.0) == "$50,000"  # 50,004.4 to the nearest $10
    assert adjusted_display(Quantile(50_000), 100.0) == "$50,000"


def test_a_top_coded_value_is_the_adjusted_top_code_or_more():
    assert TOP_CODE_ANNUAL == 239_200
    assert adjusted_display(Quantile(None, top_coded=True), 92.0) == "$260,000 or more"  # 239,200 / 0.92


def test_unknown_value_and_unknown_parity():
    assert adjusted_display(Quantile(None), 104.0) == NOT_AVAILABLE
    assert adjusted_display(Quantile(52_000), None) is None
    assert adjusted_display(Quantile(None, top_coded=True), None) is None

"""salaries.statistics.projections: BLS Employment Projections summed over a track."""

from decimal import Decimal

import pytest

from salaries.statistics.projections import ProjectionSummary, projected_change

PROJECTION_ROWS = [
    {
        "occ_code": "11-1021",
        "occ_type": "Line item",
        "base_year": 2024,
        "proj_year": 2034,
        "employment_base": Decimal("3000.0"),
        "employment_projected": Decimal("3200.0"),
        "change": Decimal("200.0"),
        "change_percent": Decimal("6.7"),
        "openings_annual": Decimal("300.1"),
    },
    {
        "occ_code": "13-1081",
        "occ_type": "Line item",
        "base_year": 2024,
        "proj_year": 2034,
        "employment_base": Decimal("250.0"),
        "employment_projected": Decimal("260.5"),
        "change": Decimal("10.5"),
        "change_percent": Decimal("4.2"),
        "openings_annual": Decimal("20.2"),
    },
]


def test_projected_change_sums_occupations():
    # base 3,000.0 + 250.0 = 3,250.0; projected 3,460.5; change 210.5 = 6.4769% -> 6.5; openings 320.3
    assert projected_change(PROJECTION_ROWS) == ProjectionSummary(
        2024, 2034, 3250.0, 3460.5, 210.5, 6.5, 320.3
    )


def test_projected_change_single_occupation_keeps_bls_percent():
    summary = projected_change(PROJECTION_ROWS[:1])
    assert (summary.change, summary.change_percent) == (200.0, 6.7)  # 200/3000 = 6.67: BLS says 6.7


def test_projected_change_refuses_bad_input():
    with pytest.raises(ValueError):
        projected_change([])
    with pytest.raises(ValueError, match="double count"):
        projected_change([{**PROJECTION_ROWS[0], "occ_type": "Summary"}])
    with pytest.raises(ValueError, match="periods"):
        projected_change([PROJECTION_ROWS[0], {**PROJECTION_ROWS[1], "proj_year": 2033}])


def test_projected_change_says_what_is_wrong():
    with pytest.raises(ValueError, match="^no projection rows$"):
        projected_change([])
    with pytest.raises(ValueError, match="^summary rows would double count; pass line items only$"):
        projected_change([{**PROJECTION_ROWS[0], "occ_type": "SUMMARY"}])
    with pytest.raises(ValueError, match="^an occupation appears twice$"):
        projected_change([PROJECTION_ROWS[0], PROJECTION_ROWS[0]])


def test_rows_without_a_type_are_line_items_and_a_missing_percent_is_computed():
    row = {k: v for k, v in PROJECTION_ROWS[1].items() if k not in ("occ_type", "change_percent")}
    summary = projected_change([row])
    assert summary.change_percent == 4.2  # 10.5 / 250 = 4.2%
    row = {**PROJECTION_ROWS[0], "change": Decimal("201.5")}
    del row["change_percent"]
    assert projected_change([row]).change_percent == 6.7  # 201.5 / 3,000 = 6.717%, not BLS's own
    halves = {**row, "change": Decimal("205.5")}
    assert projected_change([halves]).change_percent == 6.9  # 6.85% rounds half up (not to even)

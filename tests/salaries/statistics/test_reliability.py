"""The reliability rule (salaries.statistics.reliability): rough estimates from published relative
standard errors and job counts, with the reasons; pooled errors for a track."""

import math

from salaries.statistics.reliability import assess, of_row, pooled, pooled_rse


def test_a_firm_figure_has_no_reasons():
    result = assess(5_000, 4.1, 1.2)
    assert not result.rough and result.label == "" and result.csv_value() == "firm"


def test_each_limit_is_a_named_reason():
    assert assess(5_000, 25.0, 20.0).reasons == ()  # at the limits: still firm
    assert assess(5_000, 25.1, 1.0).reasons == ("employment error 25.1%, above 25%",)
    assert assess(5_000, 3.0, 20.5).reasons == ("mean-wage error 20.5%, above 20%",)
    assert assess(99, None, None).reasons == ("fewer than 100 jobs",)
    rough = assess(40, 31.0, 22.0)
    assert rough.rough and rough.label == "rough estimate"
    assert rough.csv_value().startswith("rough estimate: employment error 31%")


def test_a_row_and_a_pooled_track():
    assert of_row({"employment": 120, "employment_rse": 12.0, "mean_rse": 3.0}).reasons == ()
    rows = [
        {"employment": 1_000, "employment_rse": 30.0, "mean_rse": 2.0},
        {"employment": 1_000, "employment_rse": 30.0, "mean_rse": 2.0},
    ]
    # two independent estimates of the same size: the sum's error is 30% / sqrt(2)
    assert math.isclose(pooled_rse((r["employment"], r["employment_rse"]) for r in rows), 30 / math.sqrt(2))
    assert not pooled(rows).rough
    assert pooled([{"employment": None, "employment_rse": None}]).reasons == ()

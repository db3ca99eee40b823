"""pages.charts.projections: projected change by occupation."""

import pytest

from pages.charts import base, projections
from tests.pages.charts.samples import PROJECTIONS

# --- projections ---------------------------------------------------------------------------------------


def test_projection_chart_table_csv_summary():
    figure = projections.projection_chart(PROJECTIONS)
    bar = figure["data"][0]
    assert bar["x"] == [17.3, -1.2]  # fastest growth first
    assert bar["text"] == ["+17.3%", "\u22121.2%"]
    assert bar["marker"]["color"] == [base.COLORS["growth"], base.COLORS["decline"]]
    assert figure["layout"]["xaxis"]["range"] == pytest.approx([-27.68, 27.68])  # 17.3 * 1.6 each side
    assert projections.projection_table(PROJECTIONS) == (
        ["Occupation", "Jobs, base year", "Jobs, projected", "Change", "Openings a year"],
        [
            ["Logisticians", "251,000", "294,400", "+17.3%", "26,500"],
            ["Management Analysts", "1,000,000", "988,000", "\u22121.2%", "98,800"],
        ],
    )
    assert projections.projection_csv(PROJECTIONS)[1][1] == [
        "13-1111",
        "Management Analysts",
        1000.0,
        988.0,
        -12.0,
        -1.2,
        98.8,
    ]
    assert projections.projection_summary(PROJECTIONS) == (
        "Projected change ranges from \u22121.2% for Management Analysts to +17.3% for Logisticians."
    )


def test_projection_chart_keeps_both_ends_and_the_largest():
    rows = [
        {
            "occ_code": f"00-{i:04}",
            "occ_title": f"Occupation {i}",
            "employment_base": float(base),
            "employment_projected": float(base),
            "change": 0.0,
            "change_percent": float(change),
            "openings_annual": 1.0,
        }
        for i, (base, change) in enumerate(
            [(5, 9.0), (900, 4.0), (10, 3.0), (800, 2.0), (700, 1.0), (600, 0.5), (20, 0.2), (1, -3.0)]
        )
    ]
    shown = [r["occ_title"] for r in projections.shown_projections(rows)]
    assert shown == [
        "Occupation 0",
        "Occupation 1",
        "Occupation 3",
        "Occupation 4",
        "Occupation 5",
        "Occupation 7",
    ]
    assert projections.projection_chart(rows)["data"][0]["y"] == shown
    assert len(projections.projection_table(rows)[1]) == 8
    assert projections.projection_summary(rows).endswith(
        " The chart shows 6 of the 8 occupations (those two ends and the largest); the numbers list them all."
    )

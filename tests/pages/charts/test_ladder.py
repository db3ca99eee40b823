"""pages.charts.ladder: the ladder's pay bands."""

from pages.charts import ladder
from tests.pages.charts.samples import RUNGS

# --- ladder --------------------------------------------------------------------------------------------


def test_ladder_chart_marks_open_ended_bands():
    figure = ladder.ladder_chart(RUNGS)
    bars, open_ended = figure["data"]
    assert bars["base"] == [61_580.0, 167_280.0, None]
    assert bars["x"] == [40_740.0, 71_920.0, None]  # 102,320 - 61,580; up to the top code 239,200 - 167,280
    assert open_ended["x"] == [239_200.0] and open_ended["y"] == ["Director of Operations"]
    assert open_ended["name"] == "Open-ended: $239,200 or more"
    assert open_ended["marker"]["symbol"] == "triangle-right"
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == [
        "Project Coordinator: $61,580 to $102,320",
        "Director of Operations: $167,280 to<br>$239,200 or more",
        "Chief of Staff: not available",
        "not available",  # the missing band, printed where its bar would be
    ]
    assert figure["layout"]["showlegend"] is True


def test_ladder_table_csv_summary():
    headers, rows = ladder.ladder_table(RUNGS)
    assert headers == ["Role", "Level", "Pay band", "From", "To"]
    assert rows[1] == [
        "Director of Operations",
        "Senior",
        "75th to 90th percentile of General and Operations Managers",
        "$167,280",
        "$239,200 or more",
    ]
    assert ladder.ladder_csv(RUNGS)[1][1] == [
        "Director of Operations",
        "senior",
        "11-1021",
        "p75_p90",
        167_280,
        ">=239200",
        "80.42",  # 167,280 / 2,080 hours
        ">=115.00",
    ]
    assert ladder.ladder_summary(RUNGS[:2]) == (
        "Pay bands run from $61,580 to $102,320 for Project Coordinator to $167,280 to $239,200 or more for "
        "Director of Operations."
    )

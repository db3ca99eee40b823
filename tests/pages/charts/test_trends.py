"""pages.charts.trends: jobs and pay over time, and labels clear of ticks, lines and each other."""

from pages.charts import base, trends
from tests.pages.charts.samples import OPERATIONS_JOBS, OPERATIONS_YEARS, POINTS, trend

# --- trends ------------------------------------------------------------------------------------------


def test_employment_trend_chart():
    figure = trends.employment_trend_chart(POINTS)
    bar = figure["data"][0]
    assert bar["x"] == [2017, 2019, 2025]  # 2018 has no published employment: no bar
    assert bar["y"] == [3_000_000, 3_200_000, 3_500_000]
    assert bar["text"] == ["3M", "", "3.50M"]  # first and last labelled; the table has every value
    # the 2019 break is a dashed line half a year before it, labelled
    assert [s["x0"] for s in figure["layout"]["shapes"]] == [2018.5]
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["Codes changed"]


def test_pay_trend_chart_breaks_lines_and_names_constant_dollars():
    figure = trends.pay_trend_chart(POINTS)
    nominal, constant = figure["data"]
    # a gap (None) at 2018.5 so the series across the SOC break are not joined; 2018 has no median
    assert nominal["x"] == [2017, 2018, 2018.5, 2019, 2025]
    assert nominal["y"] == [80_000.0, None, None, 90_000.0, 105_000.0]
    assert nominal["connectgaps"] is False
    assert constant["y"] == [100_000.0, None, None, 105_000.0, 105_000.0]
    assert constant["name"] == "Median pay in May 2025 dollars"
    assert constant["line"]["dash"] == "dot"  # told apart by more than colour
    # No value is printed on a line: both lines end on $105,000 (May 2025 is the base year), printed once,
    # right of the last point, where no line runs.
    assert "text" not in nominal and "text" not in constant
    labels = [a for a in figure["layout"]["annotations"] if a["text"] != "Codes changed"]
    assert [(a["text"], a["x"], a["xanchor"]) for a in labels] == [("$105,000", 2025, "left")]
    assert labels[0]["xshift"] > 4  # clear of the last marker (8px across)


def test_trend_tables_and_csv():
    assert trends.employment_trend_table(POINTS) == (
        ["Survey", "Jobs", "Note"],
        [
            ["May 2017", "3,000,000", ""],
            ["May 2018", "not available", ""],
            ["May 2019", "3,200,000", "Occupation codes changed; not comparable with earlier years"],
            ["May 2025", "3,500,000", ""],
        ],
    )
    assert trends.employment_trend_csv(POINTS) == (
        ["year", "employment", "soc_break"],
        [[2017, 3_000_000, False], [2018, "", False], [2019, 3_200_000, True], [2025, 3_500_000, False]],
    )
    headers, rows = trends.pay_trend_table(POINTS)
    assert headers == ["Survey", "Median pay", "In May 2025 dollars", "Note"]
    assert rows[0] == ["May 2017", "$80,000", "$100,000", ""]
    assert rows[1] == ["May 2018", "not available", "not available", ""]
    assert trends.pay_trend_csv(POINTS)[0] == [
        "year",
        "median_annual",
        "median_annual_may_2025_dollars",
        "soc_break",
    ]
    assert trends.pay_trend_csv(POINTS)[1][0] == [2017, 80_000, 100_000, False]


def test_trend_summaries_compare_within_the_latest_comparable_stretch():
    # 2019 starts a new stretch (codes changed), so the comparison is 2019 -> 2025
    assert trends.employment_trend_summary(POINTS) == (
        "Jobs in the track rose 9%, from 3,200,000 in May 2019 to 3,500,000 in May 2025."  # 300,000 / 3.2M
    )
    assert trends.pay_trend_summary(POINTS) == (
        "Median pay went from $90,000 in May 2019 to $105,000 in May 2025; "
        "in May 2025 dollars it held steady."
    )
    assert trends.employment_trend_summary(POINTS[:2]) == (
        "Too few comparable survey years have published employment to show a trend."
    )


# --- labels clear of ticks, lines and each other (issue 10) ---------------------------------------------


def test_break_labels_two_years_apart_sit_in_different_rows():
    # Operations: codes changed in 2019 and again in 2021; on a 360px phone the two labels would print
    # on top of each other in one row.
    points = trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [70_000] * 14, [90_000.0] * 14, breaks={2019, 2021})
    for figure in (trends.employment_trend_chart(points), trends.pay_trend_chart(points)):
        breaks = [a for a in figure["layout"]["annotations"] if a["text"] == "Codes changed"]
        assert [a["x"] for a in breaks] == [2018.5, 2020.5]
        assert breaks[1]["yshift"] - breaks[0]["yshift"] >= trends.BREAK_ROW_PX  # a row apart
        # the figure grew by that row, above the plot: the plotting area keeps its height
        one_row = trends.pay_trend_chart(
            trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [70_000] * 14, [90_000.0] * 14)
        )
        if figure["data"][0]["type"] == "scatter":
            assert figure["layout"]["height"] - one_row["layout"]["height"] == trends.BREAK_ROW_PX
            assert figure["layout"]["margin"]["t"] - one_row["layout"]["margin"]["t"] == trends.BREAK_ROW_PX


def test_break_labels_far_apart_share_a_row():
    # 18 years across: labels need 96 * 18 / 240 = 7.2 years between them to share a row
    assert trends._break_rows([2004.5, 2012.5, 2018.5, 2020.5], span=18) == [0, 0, 1, 0]
    assert trends._break_rows([2018.5], span=14) == [0]


def test_no_jobs_tick_crosses_a_printed_bar_value():
    # Operations: "3.73M" printed above the 2012 bar sat on the 4M tick and its grid line.
    figure = trends.employment_trend_chart(trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [1] * 14, [1.0] * 14))
    layout, bar = figure["layout"], figure["data"][0]
    assert bar["text"][0] == "3.73M" and bar["text"][-1] == "5.27M"
    ticks = layout["yaxis"]["tickvals"]
    assert 4_000_000 not in ticks and len(ticks) >= 3 and ticks[0] == 0
    assert layout["yaxis"]["ticktext"] == [trends._axis_number(t) for t in ticks]
    margin = layout["margin"]
    plot_px = layout["height"] - margin["t"] - margin["b"] - trends.X_TICKS_PX
    per_px = layout["yaxis"]["range"][1] / plot_px
    labelled = [(value, text) for value, text in zip(bar["y"], bar["text"], strict=True) if text]
    for index, (value, text) in enumerate(labelled):
        # no grid line through a printed value; by the axis (the first bar) no tick label beside it
        low = value - (trends.LABEL_CLEAR_BELOW_PX * per_px if index == 0 else 0)
        high = value + trends.LABEL_CLEAR_ABOVE_PX * per_px
        assert not [t for t in ticks if low < t < high], (text, ticks)


def test_clear_ticks_keeps_round_steps_when_nothing_collides():
    assert trends.clear_ticks(5_000_000, [], plot_px=200) == [0, 1e6, 2e6, 3e6, 4e6, 5e6]
    # a label above a bar at 3.9M (3.9M to 4.6M at 25,000 a pixel) rules out every step with a 4M tick
    assert trends.clear_ticks(5_000_000, [3_900_000], plot_px=200) == [0, 2_500_000, 5_000_000]
    # a bar at 4.1M: its label clears the 4M grid line, unless the bar stands by the axis, where the
    # "4M" tick label (10px around 4M) would touch it
    assert 4_000_000 in trends.clear_ticks(5_000_000, [4_100_000], plot_px=200)
    assert 4_000_000 not in trends.clear_ticks(5_000_000, [4_100_000], plot_px=200, by_axis=[4_100_000])


def test_axis_number():
    assert [trends._axis_number(v) for v in (0, 500_000, 1_000_000, 2_500_000, 750)] == [
        "0",
        "500K",
        "1M",
        "2.5M",
        "750",
    ]


def test_pay_trend_end_labels_sit_right_of_every_line_and_apart():
    # Constant dollars in an earlier base year: the two lines end on different figures, $1,000 apart,
    # a few pixels on the chart. Both labels sit right of the last year (no line runs there), pushed
    # apart so they do not touch.
    points = trend([2020, 2021, 2022], [1, 1, 1], [80_000, 82_000, 85_000], [84_000.0, 85_000.0, 86_000.0])
    figure = trends.pay_trend_chart(points, base_year=2023)
    labels = figure["layout"]["annotations"]
    assert [a["text"] for a in labels] == ["$85,000", "$86,000"]
    assert {a["x"] for a in labels} == {2022} and {a["xanchor"] for a in labels} == {"left"}
    assert [a["font"]["color"] for a in labels] == [base.COLORS["nominal"], base.COLORS["adjusted"]]
    layout = figure["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - 72 - trends.X_TICKS_PX
    per_px = (layout["yaxis"]["range"][1] - layout["yaxis"]["range"][0]) / plot_px
    centres = [a["y"] / per_px + a["yshift"] for a in labels]
    assert centres[1] - centres[0] >= trends.END_LABEL_GAP_PX - 0.1
    assert layout["margin"]["r"] >= trends.END_LABEL_MARGIN_PX  # room for "$105,000" beside the plot

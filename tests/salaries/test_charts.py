"""Chart figures, tables, CSV rows and summaries: exact values, JSON safety and the phone rules (no DB)."""

import json

import plotly.graph_objects as go
import pytest

from salaries import charts
from salaries.statistics.industries import IndustryShare
from salaries.statistics.location import MetroTrackFigures
from salaries.statistics.trends import TrendPoint
from salaries.statistics.wages import Quantile

TOP = Quantile(None, top_coded=True)


def metro(code, name, employment, median, rpp, adjusted, tier="largest", rankable=True):
    return MetroTrackFigures(code, name, employment, median, rpp, adjusted, tier, rankable)


METROS = [
    metro("35620", "New York-Newark-Jersey City, NY-NJ", 343_870, Quantile(138_250), 112.563, 122_820.0),
    metro(
        "47900",
        "Washington-Arlington-Alexandria, DC-VA-MD-WV",
        227_900,
        Quantile(136_090),
        108.884,
        124_990.0,
    ),
    metro("99999", "Richtown, ST", 5_000, TOP, 120.0, None),
    metro("12345", "Nowhere, ST", 2_000, Quantile(90_000), None, None, tier="smaller", rankable=False),
]
POINTS = [
    TrendPoint(2017, 3_000_000, Quantile(80_000, top_code=208_000), 100_000.0, False),
    TrendPoint(2018, None, Quantile(None, top_code=208_000), None, False),
    TrendPoint(2019, 3_200_000, Quantile(90_000, top_code=208_000), 105_000.0, True),
    TrendPoint(2025, 3_500_000, Quantile(105_000), 105_000.0, False),
]
SHARES = [
    IndustryShare(
        "54--55", "Sector 54 - Professional, Scientific, and Technical Services", 600, 0.6, Quantile(120_570)
    ),
    IndustryShare("31--34", "Sectors 31, 32, and 33 - Manufacturing", 395, 0.395, Quantile(115_050)),
    IndustryShare("11--12", "Sector 11 - Agriculture, Forestry, Fishing and Hunting", 5, 0.005, TOP),
]
RUNGS = [
    {
        "title": "Project Coordinator",
        "level": "entry",
        "level_label": "Entry level",
        "occupation_code": "13-1082",
        "band": "p10_p50",
        "band_label": "10th percentile to median of Project Management Specialists",
        "low": Quantile(61_580),
        "high": Quantile(102_320),
    },
    {
        "title": "Director of Operations",
        "level": "senior",
        "level_label": "Senior",
        "occupation_code": "11-1021",
        "band": "p75_p90",
        "band_label": "75th to 90th percentile of General and Operations Managers",
        "low": Quantile(167_280),
        "high": TOP,
    },
    {
        "title": "Chief of Staff",
        "level": "executive",
        "level_label": "Executive",
        "occupation_code": "11-9199",
        "band": "p25_p75",
        "band_label": "middle 50% of Managers, All Other",
        "low": Quantile(None),
        "high": Quantile(None),
    },
]
PROJECTIONS = [
    {
        "occ_code": "13-1111",
        "occ_title": "Management Analysts",
        "employment_base": 1000.0,
        "employment_projected": 988.0,
        "change": -12.0,
        "change_percent": -1.2,
        "openings_annual": 98.8,
    },
    {
        "occ_code": "13-1081",
        "occ_title": "Logisticians",
        "employment_base": 251.0,
        "employment_projected": 294.4,
        "change": 43.4,
        "change_percent": 17.3,
        "openings_annual": 26.5,
    },
]


def all_figures():
    return {
        "employment_trend": charts.employment_trend_chart(POINTS),
        "pay_trend": charts.pay_trend_chart(POINTS),
        "metro_pay": charts.metro_pay_chart(METROS),
        "pay_goes_furthest": charts.pay_goes_furthest_chart(METROS[:2]),
        "industry": charts.industry_chart(SHARES),
        "ladder": charts.ladder_chart(RUNGS),
        "projection": charts.projection_chart(PROJECTIONS),
    }


def walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


# --- rules every figure follows ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(all_figures()))
def test_figure_is_json_safe_plain_python(name):
    figure = all_figures()[name]
    json.dumps(figure, allow_nan=False)  # raises on NaN/inf or non-JSON types
    plain = (dict, list, str, int, float, bool, type(None))
    assert all(type(v) in plain for v in walk(figure))  # no numpy scalars, tuples, Decimals


@pytest.mark.parametrize("name", list(all_figures()))
def test_figure_validates_against_plotly_s_schema(name):
    figure = all_figures()[name]
    # plotly.graph_objects validates every property (names, types, enumerated values) and raises
    # ValueError on anything Plotly.js would ignore or reject.
    validated = go.Figure(data=figure["data"], layout=figure["layout"])
    assert len(validated.data) == len(figure["data"])


def test_every_chart_family_is_registered_with_its_four_functions():
    assert set(charts.FAMILIES) == set(all_figures())
    for name, family in charts.FAMILIES.items():
        assert family.chart is getattr(charts, f"{name}_chart")
        assert (family.table, family.csv, family.summary) == (
            getattr(charts, f"{name}_table"),
            getattr(charts, f"{name}_csv"),
            getattr(charts, f"{name}_summary"),
        )


@pytest.mark.parametrize("name", list(all_figures()))
def test_figure_is_phone_friendly(name):
    figure = all_figures()[name]
    layout = figure["layout"]
    assert figure["config"] == {
        "displayModeBar": False,
        "responsive": True,
        "scrollZoom": False,
        "staticPlot": False,
    }
    assert layout["dragmode"] is False
    assert layout["hovermode"] is False  # nothing can be hover-only
    axes = [k for k in layout if k.startswith(("xaxis", "yaxis"))]
    assert axes and all(layout[k]["fixedrange"] is True for k in axes)
    legend = layout["legend"]
    assert (legend["orientation"], legend["yref"], legend["y"], legend["yanchor"]) == (
        "h",
        "container",
        0,
        "bottom",
    )
    if layout["showlegend"]:
        assert layout["margin"]["b"] >= 64  # the legend sits in the bottom margin, clear of the plot
    assert layout["title"]["text"]
    assert layout["font"]["size"] >= 13


def test_chart_colours_have_enough_contrast_on_white():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for key in ("text", "muted", "nominal", "adjusted", "growth", "decline"):
        ratio = 1.05 / (luminance(charts.COLORS[key]) + 0.05)
        assert ratio >= 4.5, key


@pytest.mark.parametrize("name", ["metro_pay", "pay_goes_furthest", "industry", "projection"])
def test_every_bar_value_is_printed(name):
    for trace in all_figures()[name]["data"]:
        for x, text in zip(trace["x"], trace["text"], strict=True):
            assert (x is None) == (text == "")


# --- trends ------------------------------------------------------------------------------------------


def test_employment_trend_chart():
    figure = charts.employment_trend_chart(POINTS)
    bar = figure["data"][0]
    assert bar["x"] == [2017, 2019, 2025]  # 2018 has no published employment: no bar
    assert bar["y"] == [3_000_000, 3_200_000, 3_500_000]
    assert bar["text"] == ["3M", "", "3.50M"]  # first and last labelled; the table has every value
    # the 2019 break is a dashed line half a year before it, labelled
    assert [s["x0"] for s in figure["layout"]["shapes"]] == [2018.5]
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["Codes changed"]


def test_pay_trend_chart_breaks_lines_and_names_constant_dollars():
    figure = charts.pay_trend_chart(POINTS)
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
    assert charts.employment_trend_table(POINTS) == (
        ["Survey", "Jobs", "Note"],
        [
            ["May 2017", "3,000,000", ""],
            ["May 2018", "not available", ""],
            ["May 2019", "3,200,000", "Occupation codes changed; not comparable with earlier years"],
            ["May 2025", "3,500,000", ""],
        ],
    )
    assert charts.employment_trend_csv(POINTS) == (
        ["year", "employment", "soc_break"],
        [[2017, 3_000_000, False], [2018, "", False], [2019, 3_200_000, True], [2025, 3_500_000, False]],
    )
    headers, rows = charts.pay_trend_table(POINTS)
    assert headers == ["Survey", "Median pay", "In May 2025 dollars", "Note"]
    assert rows[0] == ["May 2017", "$80,000", "$100,000", ""]
    assert rows[1] == ["May 2018", "not available", "not available", ""]
    assert charts.pay_trend_csv(POINTS)[0] == [
        "year",
        "median_annual",
        "median_annual_may_2025_dollars",
        "soc_break",
    ]
    assert charts.pay_trend_csv(POINTS)[1][0] == [2017, 80_000, 100_000, False]


def test_trend_summaries_compare_within_the_latest_comparable_stretch():
    # 2019 starts a new stretch (codes changed), so the comparison is 2019 -> 2025
    assert charts.employment_trend_summary(POINTS) == (
        "Jobs in the track rose 9%, from 3,200,000 in May 2019 to 3,500,000 in May 2025."  # 300,000 / 3.2M
    )
    assert charts.pay_trend_summary(POINTS) == (
        "Median pay went from $90,000 in May 2019 to $105,000 in May 2025; "
        "in May 2025 dollars it held steady."
    )
    assert charts.employment_trend_summary(POINTS[:2]) == (
        "Too few comparable survey years have published employment to show a trend."
    )


# --- pay by location -----------------------------------------------------------------------------------


def test_metro_pay_chart():
    figure = charts.metro_pay_chart(METROS)
    nominal, adjusted = figure["data"]
    assert nominal["name"] == "Median pay" and adjusted["name"] == "At average U.S. prices"
    assert nominal["x"] == [138_250.0, 136_090.0, None, 90_000.0]  # top-coded: no bar, never a number
    assert adjusted["x"] == [122_820.0, 124_990.0, None, None]
    assert nominal["text"] == ["$138,250", "$136,090", "", "$90,000"]
    assert adjusted["text"] == ["$122,820", "$124,990", "", ""]
    notes = [a["text"] for a in figure["layout"]["annotations"]]
    # each row's label is printed above its bars (phones have no room for an axis-label column)
    # by principal city, one line each (the table beside the chart has the full names)
    assert notes[:4] == ["New York, NY-NJ", "Washington, DC-VA-MD-WV", "Richtown, ST", "Nowhere, ST"]
    assert notes[4:] == ["median $239,200 or more", "no price parity"]
    assert figure["layout"]["yaxis"]["showticklabels"] is False
    assert all(v is None or v < 239_200 for v in nominal["x"])


def test_metro_tables_csv_and_summaries():
    headers, rows = charts.metro_pay_table(METROS)
    assert headers == [  # the point of the table (pay at U.S. prices) first, then what it comes from
        "Metro area",
        "At U.S. prices",
        "Median pay",
        "Price parity (U.S. = 100)",
        "Jobs",
        "Tier",
    ]
    assert rows[0] == [
        "New York-Newark-Jersey City, NY-NJ",
        "$122,820",
        "$138,250",
        "112.6",
        "343,870",
        "largest",
    ]
    assert rows[2][2] == "$239,200 or more"
    assert rows[3] == [
        "Nowhere, ST",
        "not available",
        "$90,000",
        "not available",
        "2,000",
        "smaller (limited data, not ranked)",
    ]
    csv_headers, csv_rows = charts.metro_pay_csv(METROS)
    assert csv_rows[0] == [
        "35620",
        "New York-Newark-Jersey City, NY-NJ",
        343_870,
        138_250,
        112.563,
        122_820,
        "largest",
        True,
        "66.47",  # 138,250 / 2,080 hours
        "59.05",  # 122,820 / 2,080 hours
    ]
    assert csv_rows[2][3] == ">=239200" and csv_rows[3][4] == ""
    assert csv_rows[2][8] == ">=115.00"  # the top code, by the hour
    assert charts.metro_pay_summary(METROS) == (
        "Of these 4 metros, New York, NY-NJ pays the highest median ($138,250); at average U.S. prices "
        "Washington, DC-VA-MD-WV comes out ahead ($124,990)."
    )
    furthest = [METROS[1], METROS[0]]
    assert charts.pay_goes_furthest_table(furthest)[1][0] == [
        "Washington-Arlington-Alexandria, DC-VA-MD-WV",
        "1",
        "$124,990",
        "$136,090",
        "108.9",
    ]
    assert charts.pay_goes_furthest_csv(furthest)[1][1] == [
        2,
        "35620",
        "New York-Newark-Jersey City, NY-NJ",
        122_820,
        138_250,
        112.563,
        "59.05",
        "66.47",
    ]
    assert charts.pay_goes_furthest_summary(furthest) == (
        "Pay goes furthest in Washington, DC-VA-MD-WV, where the median of $136,090 buys what $124,990 "
        "buys at average U.S. prices."
    )
    assert charts.pay_goes_furthest_summary([]) == "No metro has enough published data to be ranked."


def test_pay_goes_furthest_chart_ranks_in_labels():
    figure = charts.pay_goes_furthest_chart(METROS[:2])
    assert figure["data"][0]["x"] == [122_820.0, 124_990.0]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels[0] == "1. New York, NY-NJ: median $138,250"


# --- industries ----------------------------------------------------------------------------------------


def test_industry_chart_table_csv_summary():
    figure = charts.industry_chart(SHARES)
    bar = figure["data"][0]
    assert bar["x"] == [60.0, 39.5, 0.5]
    assert bar["text"] == ["60% of jobs", "40% of jobs", "<1% of jobs"]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == [
        "Professional, Scientific, and Technical<br>Services: median $120,570",
        "Manufacturing: median $115,050",
        "Agriculture, Forestry, Fishing and<br>Hunting: median $239,200 or more",
    ]
    assert charts.industry_table(SHARES)[1][0] == [
        "Professional, Scientific, and Technical Services",
        "60%",
        "600",
        "$120,570",
    ]
    assert charts.industry_csv(SHARES)[1][2] == [
        "11--12",
        "Sector 11 - Agriculture, Forestry, Fishing and Hunting",
        5,
        0.005,
        ">=239200",
    ]
    assert charts.industry_summary(SHARES) == (
        "Professional, Scientific, and Technical Services holds the largest share of the track's jobs (60%), "
        "at a median of $120,570."
    )


def test_clean_sector_title():
    assert charts.clean_sector_title("Sectors 44 and 45 - Retail Trade") == "Retail Trade"
    assert charts.clean_sector_title("Sector 99 - Federal, State, and Local Government") == (
        "Federal, State, and Local Government"
    )
    assert charts.clean_sector_title("Manufacturing") == "Manufacturing"
    assert charts.clean_sector_title("Pre - K") == "Pre - K"


# --- ladder --------------------------------------------------------------------------------------------


def test_ladder_chart_marks_open_ended_bands():
    figure = charts.ladder_chart(RUNGS)
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
    headers, rows = charts.ladder_table(RUNGS)
    assert headers == ["Role", "Level", "Pay band", "From", "To"]
    assert rows[1] == [
        "Director of Operations",
        "Senior",
        "75th to 90th percentile of General and Operations Managers",
        "$167,280",
        "$239,200 or more",
    ]
    assert charts.ladder_csv(RUNGS)[1][1] == [
        "Director of Operations",
        "senior",
        "11-1021",
        "p75_p90",
        167_280,
        ">=239200",
        "80.42",  # 167,280 / 2,080 hours
        ">=115.00",
    ]
    assert charts.ladder_summary(RUNGS[:2]) == (
        "Pay bands run from $61,580 to $102,320 for Project Coordinator to $167,280 to $239,200 or more for "
        "Director of Operations."
    )


# --- projections ---------------------------------------------------------------------------------------


def test_projection_chart_table_csv_summary():
    figure = charts.projection_chart(PROJECTIONS)
    bar = figure["data"][0]
    assert bar["x"] == [17.3, -1.2]  # fastest growth first
    assert bar["text"] == ["+17.3%", "\u22121.2%"]
    assert bar["marker"]["color"] == [charts.COLORS["growth"], charts.COLORS["decline"]]
    assert figure["layout"]["xaxis"]["range"] == pytest.approx([-27.68, 27.68])  # 17.3 * 1.6 each side
    assert charts.projection_table(PROJECTIONS) == (
        ["Occupation", "Jobs, base year", "Jobs, projected", "Change", "Openings a year"],
        [
            ["Logisticians", "251,000", "294,400", "+17.3%", "26,500"],
            ["Management Analysts", "1,000,000", "988,000", "\u22121.2%", "98,800"],
        ],
    )
    assert charts.projection_csv(PROJECTIONS)[1][1] == [
        "13-1111",
        "Management Analysts",
        1000.0,
        988.0,
        -12.0,
        -1.2,
        98.8,
    ]
    assert charts.projection_summary(PROJECTIONS) == (
        "Projected change ranges from \u22121.2% for Management Analysts to +17.3% for Logisticians."
    )


# --- helpers -------------------------------------------------------------------------------------------


def test_labels():
    assert charts.short_metro_name("San Jose-Sunnyvale-Santa Clara, CA") == "San Jose, CA"
    assert charts.short_metro_name("New York-Newark-Jersey City, NY-NJ") == "New York, NY-NJ"
    assert charts.wrap_label("Tom & Jerry <Inc>", width=40) == "Tom &amp; Jerry &lt;Inc&gt;"
    assert charts.wrap_label("Washington-Arlington-Alexandria, DC-VA-MD-WV", width=42) == (
        "Washington-Arlington-Alexandria,<br>DC-VA-MD-WV"
    )


# --- labels clear of ticks, lines and each other (issue 10) ---------------------------------------------


def trend(years, employment, medians, constants, breaks=()):
    return [
        TrendPoint(year, jobs, Quantile(median), constant, year in breaks)
        for year, jobs, median, constant in zip(years, employment, medians, constants, strict=True)
    ]


OPERATIONS_YEARS = list(range(2012, 2026))
OPERATIONS_JOBS = [3_730_000, 3_850_000, 3_930_000, 3_990_000, 4_080_000, 4_110_000, 4_140_000]
OPERATIONS_JOBS += [4_210_000, 4_360_000, 4_160_000, 4_680_000, 5_060_000, 5_330_000, 5_270_000]


def test_break_labels_two_years_apart_sit_in_different_rows():
    # Operations: codes changed in 2019 and again in 2021; on a 360px phone the two labels would print
    # on top of each other in one row.
    points = trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [70_000] * 14, [90_000.0] * 14, breaks={2019, 2021})
    for figure in (charts.employment_trend_chart(points), charts.pay_trend_chart(points)):
        breaks = [a for a in figure["layout"]["annotations"] if a["text"] == "Codes changed"]
        assert [a["x"] for a in breaks] == [2018.5, 2020.5]
        assert breaks[1]["yshift"] - breaks[0]["yshift"] >= charts.BREAK_ROW_PX  # a row apart
        # the figure grew by that row, above the plot: the plotting area keeps its height
        one_row = charts.pay_trend_chart(
            trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [70_000] * 14, [90_000.0] * 14)
        )
        if figure["data"][0]["type"] == "scatter":
            assert figure["layout"]["height"] - one_row["layout"]["height"] == charts.BREAK_ROW_PX
            assert figure["layout"]["margin"]["t"] - one_row["layout"]["margin"]["t"] == charts.BREAK_ROW_PX


def test_break_labels_far_apart_share_a_row():
    # 18 years across: labels need 96 * 18 / 240 = 7.2 years between them to share a row
    assert charts._break_rows([2004.5, 2012.5, 2018.5, 2020.5], span=18) == [0, 0, 1, 0]
    assert charts._break_rows([2018.5], span=14) == [0]


def test_no_jobs_tick_crosses_a_printed_bar_value():
    # Operations: "3.73M" printed above the 2012 bar sat on the 4M tick and its grid line.
    figure = charts.employment_trend_chart(trend(OPERATIONS_YEARS, OPERATIONS_JOBS, [1] * 14, [1.0] * 14))
    layout, bar = figure["layout"], figure["data"][0]
    assert bar["text"][0] == "3.73M" and bar["text"][-1] == "5.27M"
    ticks = layout["yaxis"]["tickvals"]
    assert 4_000_000 not in ticks and len(ticks) >= 3 and ticks[0] == 0
    assert layout["yaxis"]["ticktext"] == [charts._axis_number(t) for t in ticks]
    margin = layout["margin"]
    plot_px = layout["height"] - margin["t"] - margin["b"] - charts.X_TICKS_PX
    per_px = layout["yaxis"]["range"][1] / plot_px
    labelled = [(value, text) for value, text in zip(bar["y"], bar["text"], strict=True) if text]
    for index, (value, text) in enumerate(labelled):
        # no grid line through a printed value; by the axis (the first bar) no tick label beside it
        low = value - (charts.LABEL_CLEAR_BELOW_PX * per_px if index == 0 else 0)
        high = value + charts.LABEL_CLEAR_ABOVE_PX * per_px
        assert not [t for t in ticks if low < t < high], (text, ticks)


def test_clear_ticks_keeps_round_steps_when_nothing_collides():
    assert charts.clear_ticks(5_000_000, [], plot_px=200) == [0, 1e6, 2e6, 3e6, 4e6, 5e6]
    # a label above a bar at 3.9M (3.9M to 4.6M at 25,000 a pixel) rules out every step with a 4M tick
    assert charts.clear_ticks(5_000_000, [3_900_000], plot_px=200) == [0, 2_500_000, 5_000_000]
    # a bar at 4.1M: its label clears the 4M grid line, unless the bar stands by the axis, where the
    # "4M" tick label (10px around 4M) would touch it
    assert 4_000_000 in charts.clear_ticks(5_000_000, [4_100_000], plot_px=200)
    assert 4_000_000 not in charts.clear_ticks(5_000_000, [4_100_000], plot_px=200, by_axis=[4_100_000])


def test_axis_number():
    assert [charts._axis_number(v) for v in (0, 500_000, 1_000_000, 2_500_000, 750)] == [
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
    figure = charts.pay_trend_chart(points, base_year=2023)
    labels = figure["layout"]["annotations"]
    assert [a["text"] for a in labels] == ["$85,000", "$86,000"]
    assert {a["x"] for a in labels} == {2022} and {a["xanchor"] for a in labels} == {"left"}
    assert [a["font"]["color"] for a in labels] == [charts.COLORS["nominal"], charts.COLORS["adjusted"]]
    layout = figure["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - 72 - charts.X_TICKS_PX
    per_px = (layout["yaxis"]["range"][1] - layout["yaxis"]["range"][0]) / plot_px
    centres = [a["y"] / per_px + a["yshift"] for a in labels]
    assert centres[1] - centres[0] >= charts.END_LABEL_GAP_PX - 0.1
    assert layout["margin"]["r"] >= charts.END_LABEL_MARGIN_PX  # room for "$105,000" beside the plot


def test_bar_labels_sit_on_an_opaque_box_so_the_zero_line_passes_behind():
    figure = charts.projection_chart(PROJECTIONS)
    assert figure["layout"]["xaxis"]["zeroline"] is True
    labels = figure["layout"]["annotations"]
    assert [a["text"] for a in labels] == ["Logisticians", "Management Analysts"]
    assert all(a["bgcolor"] == charts.COLORS["background"] for a in labels)
    assert figure["layout"]["paper_bgcolor"] == charts.COLORS["background"]
    # the ladder's grid lines too
    assert all("bgcolor" in a for a in charts.ladder_chart(RUNGS)["layout"]["annotations"][:3])


@pytest.mark.parametrize("name", list(all_figures()))
def test_figure_is_sized_for_its_card_and_names_its_palette(name):
    layout = all_figures()[name]["layout"]
    # charts.js keeps layout.height as drawn (no title space to cut), so the page can reserve it exactly
    assert layout["meta"]["sized_for_card"] is True
    assert layout["margin"]["t"] == charts.TOP_MARGIN_PX  # one row of break labels at most here
    assert layout["meta"]["palette"] == charts.COLORS  # charts.js swaps these for --chart-<name>


def many_metros(n):
    return [
        metro(f"{i:05}", f"City{i}-Other, ST", 1000 - i, Quantile(50_000 + i), 100.0, 50_000.0 + i)
        for i in range(n)
    ]


def test_bar_charts_draw_at_most_six_rows_and_say_so():
    metros = many_metros(10)
    figure = charts.metro_pay_chart(metros)
    assert figure["data"][0]["y"] == [f"City{i}-Other, ST" for i in range(6)]
    assert figure["layout"]["height"] <= 460  # a phone page stays within its screens
    # two bars a row, each thick enough that their value labels (13px text, ~16px boxes) do not touch
    assert figure["layout"]["bargap"] == pytest.approx(1 - 2 * charts.PAIRED_BAR_PX / (34 + 17 + 8))
    assert charts.PAIRED_BAR_PX >= 16
    assert charts.metro_pay_summary(metros).endswith(
        " The chart shows the first 6 of the 10 metros; the numbers list them all."
    )
    assert len(charts.metro_pay_table(metros)[1]) == 10
    assert len(charts.pay_goes_furthest_chart(metros)["data"][0]["y"]) == 6
    assert "first 6 of the 10 ranked metros" in charts.pay_goes_furthest_summary(metros)
    assert "first" not in charts.metro_pay_summary(metros[:6])
    shares = [
        IndustryShare(str(i), f"Sector {i} - S{i}", 10 - i, (10 - i) / 55, Quantile(1)) for i in range(8)
    ]
    assert len(charts.industry_chart(shares)["data"][0]["y"]) == 6
    assert charts.industry_summary(shares).endswith("first 6 of the 8 sectors; the numbers list them all.")


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
    shown = [r["occ_title"] for r in charts.shown_projections(rows)]
    assert shown == [
        "Occupation 0",
        "Occupation 1",
        "Occupation 3",
        "Occupation 4",
        "Occupation 5",
        "Occupation 7",
    ]
    assert charts.projection_chart(rows)["data"][0]["y"] == shown
    assert len(charts.projection_table(rows)[1]) == 8
    assert charts.projection_summary(rows).endswith(
        " The chart shows 6 of the 8 occupations (those two ends and the largest); the numbers list them all."
    )

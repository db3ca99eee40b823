"""Rules every chart figure follows (JSON-safe, Plotly's schema, phone rules, contrast, sizing) and the
family list (pages.charts.families). No database."""

import json

import plotly.graph_objects as go
import pytest

from pages.charts import base, families, industries, ladder, location, moves, projections, trends
from tests.pages.charts.samples import all_figures, walk

# The module of each family's four functions.
FAMILY_MODULES = {
    "employment_trend": trends,
    "pay_trend": trends,
    "metro_pay": location,
    "pay_goes_furthest": location,
    "industry": industries,
    "ladder": ladder,
    "projection": projections,
    "moves": moves,
}


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
    assert set(families.FAMILIES) == set(all_figures())
    for name, family in families.FAMILIES.items():
        module = FAMILY_MODULES[name]
        assert family.chart is getattr(module, f"{name}_chart")
        assert (family.table, family.csv, family.summary) == (
            getattr(module, f"{name}_table"),
            getattr(module, f"{name}_csv"),
            getattr(module, f"{name}_summary"),
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
        ratio = 1.05 / (luminance(base.COLORS[key]) + 0.05)
        assert ratio >= 4.5, key


@pytest.mark.parametrize("name", ["metro_pay", "pay_goes_furthest", "industry", "projection"])
def test_every_bar_value_is_printed(name):
    for trace in all_figures()[name]["data"]:
        for x, text in zip(trace["x"], trace["text"], strict=True):
            assert (x is None) == (text == "")


@pytest.mark.parametrize("name", list(all_figures()))
def test_figure_is_sized_for_its_card_and_names_its_palette(name):
    layout = all_figures()[name]["layout"]
    # charts.js keeps layout.height as drawn (no title space to cut), so the page can reserve it exactly
    assert layout["meta"]["sized_for_card"] is True
    assert layout["margin"]["t"] == base.TOP_MARGIN_PX  # one row of break labels at most here
    assert layout["meta"]["palette"] == base.COLORS  # charts.js swaps these for --chart-<name>

"""What every chart shares: the palette, fonts and Plotly config, axes, the figure frame sized for its
card, horizontal bars with their labels above them, and the small helpers of labels and CSV cells."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from salaries.statistics.wages import Quantile

CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False, "staticPlot": False}
COLORS = {
    "text": "#1a1a1a",
    "muted": "#4d4d4d",
    "grid": "#d9d9d9",
    "nominal": "#1f4e79",  # dark blue
    "adjusted": "#9c4a00",  # dark orange
    "growth": "#1d6b40",  # dark green
    "decline": "#a4262c",  # dark red
    "background": "#ffffff",
}
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
LABEL_WIDTH = 22  # characters per line of a wrapped axis label
TOP_MARGIN_PX = 28  # above the plot: room for the top tick label and one row of break labels
Table = tuple[list[str], list[list[str]]]
CsvRows = tuple[list[str], list[list]]


def axis_spec(**extra) -> dict:
    """An axis that never zooms, in the site's fonts and colours; ``title`` names it, the rest is Plotly's."""
    axis = {
        "fixedrange": True,
        "automargin": True,
        "gridcolor": COLORS["grid"],
        "zerolinecolor": COLORS["muted"],
        "tickfont": {"size": 13, "color": COLORS["text"]},
        "title": {"font": {"size": 13, "color": COLORS["muted"]}},
    }
    for key, value in extra.items():
        if key == "title":
            axis["title"] = {**axis["title"], "text": value}
        else:
            axis[key] = value
    return axis


def base_figure(
    title: str, data: list[dict], *, height: int, xaxis: dict, yaxis: dict, top: int = TOP_MARGIN_PX, **layout
) -> dict:
    """A figure sized as drawn in a chart card: ``height`` is the box's height in pixels.

    The card's heading names the chart, so the title (kept for the card and the admin preview) takes
    no space: ``meta.sized_for_card`` tells ``charts.js`` not to cut any title space, so the page can
    reserve exactly ``layout.height`` before Plotly loads. ``meta.palette`` names each colour, so the
    page can swap in its own (dark mode) through CSS custom properties ``--chart-<name>``.
    """
    showlegend = layout.pop("showlegend", len(data) > 1)
    return {
        "data": data,
        "layout": {
            "title": {
                "text": title,
                "x": 0,
                "xanchor": "left",
                "pad": {"l": 6},
                "font": {"size": 16, "color": COLORS["text"]},
            },
            "font": {"family": FONT_FAMILY, "size": 14, "color": COLORS["text"]},
            "dragmode": False,
            "hovermode": False,
            "showlegend": showlegend,
            "legend": {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "y": 0,
                "yanchor": "bottom",
                "yref": "container",
                "font": {"size": 13},
            },
            "margin": {"l": 8, "r": 24, "t": top, "b": 72 if showlegend else 16, "pad": 4},
            "height": height,
            "meta": {"palette": dict(COLORS), "sized_for_card": True},
            "autosize": True,
            "paper_bgcolor": COLORS["background"],
            "plot_bgcolor": COLORS["background"],
            "separators": ".,",
            "xaxis": xaxis,
            "yaxis": yaxis,
            **layout,
        },
        "config": dict(CONFIG),
    }


LABEL_LINE_PX = 17  # height of one line of a 13px label above a bar (Plotly's 1.3 line spacing)
BAR_PX = 14  # thickness of one bar
PAIRED_BAR_PX = 17  # thickness of each of two bars side by side: their 13px value labels must not touch
ROW_GAP_PX = 8
MAX_BARS = 6  # rows a bar chart draws (the table beside it has every row): a phone page stays short
LEGEND_MARGIN_PX = 64
AXIS_MARGIN_PX = 40
LABEL_CHARS = 42  # characters per line of a label above a bar (fits a 360px-wide phone)


def hbar_figure(
    title: str,
    categories: list[str],
    labels: list[str],
    traces: list[dict],
    *,
    xaxis: dict,
    bars_per_row: int = 1,
    annotations: Sequence[dict] = (),
    showlegend: bool = False,
    show_value_axis: bool = False,
) -> dict:
    """Horizontal bars with each row's label printed above its bar(s), full width.

    Phone screens cannot spare a column for long axis labels, so the y axis shows no tick labels;
    each label is an annotation just above its bars, and row heights are computed in pixels so the
    label always fits between one row's bars and the next. Labels sit on an opaque box, so the zero
    line (projections) and grid lines (the ladder's value axis) pass behind them, never through text.
    """
    wrapped = [wrap_label(label, LABEL_CHARS) for label in labels]
    lines = max((w.count("<br>") + 1 for w in wrapped), default=1)
    bars_px = (BAR_PX if bars_per_row == 1 else PAIRED_BAR_PX) * bars_per_row
    row_px = bars_px + lines * LABEL_LINE_PX + ROW_GAP_PX
    bottom = (LEGEND_MARGIN_PX if showlegend else 8) + (AXIS_MARGIN_PX if show_value_axis else 0)
    height = TOP_MARGIN_PX + bottom + row_px * max(len(categories), 1)
    label_notes = [
        {
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "y",
            "y": index,  # annotations on a category axis take the category's position
            "yanchor": "bottom",
            "yshift": bars_px / 2 + 1,
            "align": "left",
            "text": text,
            "showarrow": False,
            "font": {"size": 13, "color": COLORS["text"]},
            # An opaque box: the zero line and grid lines pass behind a label, never through it.
            "bgcolor": COLORS["background"],
            "borderpad": 1,
        }
        for index, text in enumerate(wrapped)
    ]
    figure = base_figure(
        title,
        traces,
        height=height,
        xaxis={
            **xaxis,
            "showticklabels": show_value_axis,
            "showgrid": show_value_axis,
            "tickangle": 0,
            "nticks": 5,
        },
        yaxis=axis_spec(
            type="category",
            autorange="reversed",
            showticklabels=False,
            showgrid=False,
            ticks="",
            categoryorder="array",
            categoryarray=categories,
        ),
        annotations=[*label_notes, *annotations],
        showlegend=showlegend,
        bargap=1 - bars_px / row_px,
        bargroupgap=0,
        barmode="group",
    )
    figure["layout"]["margin"] = {"l": 4, "r": 8, "t": TOP_MARGIN_PX, "b": bottom, "pad": 0}
    figure["layout"]["xaxis"]["automargin"] = False
    figure["layout"]["yaxis"]["automargin"] = False
    return figure


def wrap_label(label: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a long axis label onto several lines (Plotly's ``<br>``); text is HTML-escaped."""
    escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = textwrap.wrap(escaped, width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) or escaped


def short_metro_name(name: str) -> str:
    """``"San Jose-Sunnyvale-Santa Clara, CA"`` -> ``"San Jose, CA"`` (first principal city, states)."""
    city, _, states = name.partition(",")
    city = city.split("-")[0].strip()
    states = states.strip().split(" ")[0] if states.strip() else ""
    return f"{city}, {states}" if states else city


def unique_labels(labels: Iterable[str]) -> list[str]:
    """Category labels made unique (a repeated label gets " (2)", " (3)"…): Plotly merges equal ones."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def csv_cell(value) -> object:
    """A raw CSV cell: numbers as numbers, Quantiles as their CSV value, None as empty."""
    if isinstance(value, Quantile):
        return csv_cell(value.value) if value.known else value.csv_value()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def as_float(value) -> float | None:
    """A plottable number (Decimals and ints as floats); None stays None."""
    return None if value is None else float(value)


def value_note(index: int, text: str) -> dict:
    """A note printed at the start of row ``index`` whose bar cannot be drawn (unknown or top-coded)."""
    return {
        "xref": "x",
        "yref": "y",
        "x": 0,
        "y": index,
        "xanchor": "left",
        "text": text,
        "showarrow": False,
        "font": {"size": 13, "color": COLORS["muted"]},
    }


def bar_trace(name: str, categories: list[str], values: list, texts: list[str], color, **extra) -> dict:
    """A horizontal bar trace with each value printed beyond its bar."""
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": categories,
        "x": values,
        "text": texts,
        "textposition": "outside",
        "constraintext": "none",
        "cliponaxis": False,
        "textfont": {"size": 13, "color": COLORS["text"]},
        "marker": {"color": color},
        **extra,
    }


def shown_note(shown: int, total: int, noun: str) -> str:
    """A sentence for a summary when the chart draws only the first rows (the table has them all)."""
    if total <= shown:
        return ""
    return f" The chart shows the first {shown} of the {total} {noun}; the numbers list them all."

"""Chart figures, tables, CSV rows and one-line summaries for a track page: pure functions.

Every ``*_chart`` function returns a JSON-safe Plotly figure dict ``{"data", "layout", "config"}``
(plain Python types only) that ``static/js/charts.js`` draws. For each chart there is also:

- ``*_table``: ``(headers, rows)`` of display strings, the HTML table beside the chart (the page is
  complete without JavaScript);
- ``*_csv``: ``(headers, rows)`` of raw values for the CSV download (the view writes the file).
  Top-coded wages are written ``>=239200``; unknown values are empty;
  the metro, pay-goes-furthest and ladder CSVs carry hourly columns for every track (``*_hourly``:
  the annual figure / 2,080 hours, BLS's full-year conversion, to the cent; top-coded ``>=115.00``);
- ``*_summary``: the one-line text summary.

Phone rules, applied to every figure: no drag or scroll zoom (``dragmode`` False, every axis
``fixedrange``), no hover at all (``hovermode`` False), so nothing is hover-only: values are printed on
the bars or in the axis labels; legends sit horizontally below the plot (container-referenced, so they
never cover data); long labels wrap; fonts are at least 13px. Colours reach at least 4.5:1 contrast on
white, and no series is told apart by colour alone (labels, dash styles or marker shapes differ too).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pages.formatting import format_percent_change, format_thousands, hourly_csv_value
from salaries.statistics.industries import IndustryShare
from salaries.statistics.location import MetroTrackFigures
from salaries.statistics.trends import TrendPoint
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_ANNUAL, Quantile, format_dollars

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
BREAK_LABEL = "Codes changed"
TOP_MARGIN_PX = 28  # above the plot: room for the top tick label and one row of break labels
Table = tuple[list[str], list[list[str]]]
CsvRows = tuple[list[str], list[list]]


# --------------------------------------------------------------------------------------------------
# Shared pieces


def _axis(**extra) -> dict:
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


def _figure(
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


def _hbar_figure(
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
    figure = _figure(
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
        yaxis=_axis(
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


def _unique(labels: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _money(value: float | None) -> str:
    return format_dollars(value) if value is not None else NOT_AVAILABLE


def _raw(value) -> object:
    """A raw CSV cell: numbers as numbers, Quantiles as their CSV value, None as empty."""
    if isinstance(value, Quantile):
        return _raw(value.value) if value.known else value.csv_value()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _float(value) -> float | None:
    return None if value is None else float(value)


def _compact_jobs(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.2f}M".replace(".00M", "M")
    if value >= 10_000:
        return f"{value / 1_000:.0f}K"
    return f"{value:,}"


BREAK_ROW_PX = 16  # one row of break labels above the plot
BREAK_LABEL_PX = 96  # a 12px "Codes changed", with room to spare
MIN_PLOT_PX = 240  # the narrowest plotting area: a 360px phone, less page padding and the y axis


def _break_rows(xs: list[float], span: float) -> list[int]:
    """A row for each break label (xs sorted): a label shares a row only with labels far enough away
    that the two cannot touch even on the narrowest phone (``span`` = the x range's width)."""
    needed = BREAK_LABEL_PX * span / MIN_PLOT_PX  # x distance two labels need side by side
    row_ends: list[float] = []  # the last label's x in each row
    rows = []
    for x in xs:
        row = next((r for r, last in enumerate(row_ends) if x - last >= needed), len(row_ends))
        if row == len(row_ends):
            row_ends.append(x)
        row_ends[row] = x
        rows.append(row)
    return rows


def _break_marks(years: Iterable[int], span: float) -> tuple[list[dict], list[dict], int]:
    """Dashed vertical lines half a year before each SOC break, labelled above the plot.

    Labels that would touch stack in rows (the lowest row just above the plot); returns the shapes,
    the annotations and the number of rows, so the figure can make room for them.
    """
    xs = [year - 0.5 for year in sorted(years)]
    rows = _break_rows(xs, span)
    shapes, annotations = [], []
    for x, row in zip(xs, rows, strict=True):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": COLORS["muted"], "width": 1.5, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": x,
                "y": 1,
                "yanchor": "bottom",
                "xanchor": "center",
                "yshift": 2 + row * BREAK_ROW_PX,
                "text": BREAK_LABEL,
                "showarrow": False,
                "font": {"size": 12, "color": COLORS["muted"]},
            }
        )
    return shapes, annotations, max(rows, default=-1) + 1


def _year_range(years: list[int]) -> list[float]:
    return [min(years) - 0.6, max(years) + 0.6] if years else [0.0, 1.0]


def _year_axis(years: list[int]) -> dict:
    """Whole years, horizontal, at most about five ticks ending on the latest year."""
    if not years:
        return _axis(tickformat="d", tickangle=0)
    span = max(years) - min(years)
    step = 1 if span <= 5 else 2 if span <= 9 else 3 if span <= 14 else 4
    return _axis(
        tickformat="d",
        tickangle=0,
        tickmode="linear",
        tick0=max(years),
        dtick=step,
        range=_year_range(years),
    )


def _may(year: int) -> str:
    return f"May {year}"


# --------------------------------------------------------------------------------------------------
# Employment and pay over time


X_TICKS_PX = 24  # the year labels under the plot
VALUE_LABEL_PX = 16  # height of a 13px value label
LABEL_CLEAR_BELOW_PX = 10  # a tick label (13px, centred on its tick) must end this far below a value label
LABEL_CLEAR_ABOVE_PX = 28  # ... or start this far above the value it labels (text + Plotly's pad)


def _break_room(rows: int) -> int:
    """Extra pixels above the plot for break labels beyond the first row."""
    return max(rows - 1, 0) * BREAK_ROW_PX


def _axis_number(value: float) -> str:
    """Compact axis numbers: 0, 500K, 1M, 2.5M."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000:
        return f"{value / 1_000:g}K"
    return f"{value:g}"


def _plain_number(value: float) -> int | float:
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _tick_steps(span: float) -> list[float]:
    """Round tick steps giving 3 to 7 ticks over ``span``, the ones giving about five first."""
    if span <= 0:
        return [1.0]
    magnitude = 10 ** math.floor(math.log10(span / 5))
    steps = [m * magnitude for m in (1, 2, 2.5, 5, 10, 20, 25, 50)]
    steps = [step for step in steps if 3 <= span // step + 1 <= 7]
    return sorted(steps, key=lambda step: abs(span // step + 1 - 5)) or [span / 4]


def clear_ticks(
    top: float, labelled: Iterable[float], plot_px: float, by_axis: Iterable[float] = ()
) -> list[float]:
    """Value-axis ticks from 0 to ``top`` whose grid lines and labels keep clear of the value labels
    printed above the bars at ``labelled``: a bar's label fills the band from its value up to about
    ``LABEL_CLEAR_ABOVE_PX``, so no grid line may cross it; a bar next to the axis (``by_axis``) has its
    label beside the tick labels too, which reach ``LABEL_CLEAR_BELOW_PX`` around their tick.

    Tries round steps (about five ticks first) and takes the first whose ticks all keep clear, else
    the preferred step less the ticks that would touch a label.
    """
    per_px = top / plot_px if plot_px > 0 else 0
    bands = [(value, value + LABEL_CLEAR_ABOVE_PX * per_px) for value in labelled]
    bands += [
        (value - LABEL_CLEAR_BELOW_PX * per_px, value + LABEL_CLEAR_ABOVE_PX * per_px) for value in by_axis
    ]

    def clear(tick: float) -> bool:
        return all(not (low < tick < high) for low, high in bands)

    candidates = []
    for step in _tick_steps(top):
        ticks = [_plain_number(step * i) for i in range(int(top // step) + 1)]
        if all(clear(t) for t in ticks):
            return ticks
        candidates.append(ticks)
    return [t for t in candidates[0] if clear(t)]


def employment_trend_chart(points: list[TrendPoint]) -> dict:
    """Track employment by survey year (bars, the first and last valued), SOC breaks marked.

    No text touches other text: the value-axis ticks skip any value whose label or grid line would
    cross a printed bar value, and break labels that would touch stack in rows.
    """
    shown = [p for p in points if p.employment is not None]
    years = [p.year for p in shown]
    values = [p.employment for p in shown]
    x_range = _year_range(years)
    shapes, annotations, rows = _break_marks((p.year for p in points if p.soc_break), x_range[1] - x_range[0])
    top = max(values, default=0)
    texts = _end_labels(values, _compact_jobs)
    height = 260 + _break_room(rows)
    top_px = TOP_MARGIN_PX + _break_room(rows)
    y_top = top * 1.25 if top else 1
    plot_px = height - top_px - 16 - X_TICKS_PX
    labelled = [v for v, t in zip(values, texts, strict=True) if t]
    ticks = clear_ticks(y_top, labelled, plot_px, by_axis=labelled[:1])  # the first bar is by the axis
    data = [
        {
            "type": "bar",
            "name": "Jobs",
            "x": years,
            "y": values,
            "text": texts,
            "textposition": "outside",
            "textangle": 0,
            "constraintext": "none",
            "cliponaxis": False,
            "textfont": {"size": 13, "color": COLORS["text"]},
            "marker": {"color": COLORS["nominal"]},
        }
    ]
    return _figure(
        "Jobs in the track, by May survey",
        data,
        height=height,
        top=top_px,
        xaxis=_year_axis(years),
        yaxis=_axis(
            title="Jobs",
            range=[0, y_top],
            tickmode="array",
            tickvals=ticks,
            ticktext=[_axis_number(t) for t in ticks],
        ),
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
    )


def _series_with_breaks(points: list[TrendPoint], value, breaks: set[int]) -> tuple[list, list]:
    xs, ys = [], []
    for p in points:
        if p.year in breaks and xs:
            xs.append(p.year - 0.5)
            ys.append(None)  # a gap: unlike series are not joined
        xs.append(p.year)
        ys.append(value(p))
    return xs, ys


def _end_labels(ys: list, fmt=format_dollars) -> list[str]:
    """Values printed at the first and last known points only (the table has every value)."""
    known = [i for i, y in enumerate(ys) if y is not None]
    ends = {known[0], known[-1]} if known else set()
    return [fmt(y) if i in ends else "" for i, y in enumerate(ys)]


def _base_year(points: list[TrendPoint], base_year: int | None) -> int | None:
    if base_year is not None:
        return base_year
    with_constant = [p.year for p in points if p.median_constant is not None]
    return max(with_constant) if with_constant else None


END_LABEL_MARGIN_PX = 76  # right of the plot: room for "$105,000" at 13px
END_LABEL_GAP_PX = 18  # least distance between two end labels' centres


def _spread(centres_px: list[float], gap: float) -> list[float]:
    """Pixel positions as close to ``centres_px`` as possible, at least ``gap`` apart (same order)."""
    order = sorted(range(len(centres_px)), key=lambda i: centres_px[i])
    placed = [centres_px[i] for i in order]
    for _ in range(len(placed)):
        for k in range(1, len(placed)):
            overlap = gap - (placed[k] - placed[k - 1])
            if overlap > 0:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
    out = [0.0] * len(placed)
    for position, i in zip(placed, order, strict=True):
        out[i] = position
    return out


def _last_value_labels(series: list[tuple[list, str]], right_x: float, per_px: float) -> list[dict]:
    """Each series' last value, printed right of every line (in the right margin) in its colour.

    ``series`` is (ys, colour) pairs. Two series ending on the same figure share one label; labels
    closer than ``END_LABEL_GAP_PX`` are pushed apart vertically, so no label touches a line or another.
    """
    ends: list[tuple[float, str, str]] = []
    for ys, colour in series:
        known = [y for y in ys if y is not None]
        if not known:
            continue
        text = format_dollars(known[-1])
        if any(text == other for _, other, _ in ends):
            ends = [(y, t, COLORS["text"] if t == text else c) for y, t, c in ends]
            continue
        ends.append((known[-1], text, colour))
    centres = [y / per_px for y, _, _ in ends] if per_px else [0.0] * len(ends)
    placed = _spread(centres, END_LABEL_GAP_PX)
    return [
        {
            "xref": "x",
            "yref": "y",
            "x": right_x,
            "y": y,
            "xanchor": "left",
            "yanchor": "middle",
            "xshift": 10,  # clear of the last marker
            "yshift": round(position - centre, 1),
            "text": text,
            "showarrow": False,
            "bgcolor": COLORS["background"],
            "borderpad": 1,
            "font": {"size": 13, "color": colour},
        }
        for (y, text, colour), centre, position in zip(ends, centres, placed, strict=True)
    ]


def pay_trend_chart(points: list[TrendPoint], base_year: int | None = None) -> dict:
    """Median pay by survey year, nominal and in constant dollars; lines break at SOC breaks.

    ``base_year`` names the constant dollars (default: the latest year with a constant-dollar value).
    Each line's latest value is printed right of the plot, where no line runs (never on a line), and
    break labels that would touch stack in rows.
    """
    breaks = {p.year for p in points if p.soc_break}
    base = _base_year(points, base_year)
    years = [p.year for p in points]
    nx, ny = _series_with_breaks(points, lambda p: _float(p.median.value), breaks)
    cx, cy = _series_with_breaks(points, lambda p: p.median_constant, breaks)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Median pay (dollars of each year)",
            "x": nx,
            "y": ny,
            "connectgaps": False,
            "cliponaxis": False,
            "line": {"color": COLORS["nominal"], "width": 3},
            "marker": {"color": COLORS["nominal"], "size": 8, "symbol": "circle"},
        }
    ]
    series = [(ny, COLORS["nominal"])]
    if any(y is not None for y in cy):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"Median pay in May {base} dollars",
                "x": cx,
                "y": cy,
                "connectgaps": False,
                "cliponaxis": False,
                "line": {"color": COLORS["adjusted"], "width": 3, "dash": "dot"},
                "marker": {"color": COLORS["adjusted"], "size": 8, "symbol": "diamond"},
            }
        )
        series.append((cy, COLORS["adjusted"]))
    x_range = _year_range(years)
    shapes, annotations, rows = _break_marks(breaks, x_range[1] - x_range[0])
    known = [y for y in ny + cy if y is not None]
    low, high = (min(known), max(known)) if known else (0, 1)
    pad = max((high - low) * 0.25, high * 0.05, 1)
    y_range = [max(low - pad, 0), high + pad]
    height = 290 + _break_room(rows)
    top_px = TOP_MARGIN_PX + _break_room(rows)
    plot_px = height - top_px - 72 - X_TICKS_PX
    per_px = (y_range[1] - y_range[0]) / plot_px
    right_x = max(years) if years else 0
    figure = _figure(
        "Median pay, by May survey",
        data,
        height=height,
        top=top_px,
        xaxis=_year_axis(years),
        yaxis=_axis(title="Median annual pay", tickformat="$~s", range=y_range),
        shapes=shapes,
        annotations=[*annotations, *_last_value_labels(series, right_x, per_px)],
    )
    figure["layout"]["margin"]["r"] = END_LABEL_MARGIN_PX
    return figure


def employment_trend_table(points: list[TrendPoint]) -> Table:
    headers = ["Survey", "Jobs", "Note"]
    rows = [
        [
            _may(p.year),
            f"{p.employment:,}" if p.employment is not None else NOT_AVAILABLE,
            "Occupation codes changed; not comparable with earlier years" if p.soc_break else "",
        ]
        for p in points
    ]
    return headers, rows


def employment_trend_csv(points: list[TrendPoint]) -> CsvRows:
    return ["year", "employment", "soc_break"], [[p.year, _raw(p.employment), p.soc_break] for p in points]


def pay_trend_table(points: list[TrendPoint], base_year: int | None = None) -> Table:
    base = _base_year(points, base_year)
    headers = ["Survey", "Median pay", f"In May {base} dollars" if base else "In constant dollars", "Note"]
    rows = [
        [
            _may(p.year),
            p.median.display(),
            _money(p.median_constant),
            "Occupation codes changed; not comparable with earlier years" if p.soc_break else "",
        ]
        for p in points
    ]
    return headers, rows


def pay_trend_csv(points: list[TrendPoint], base_year: int | None = None) -> CsvRows:
    base = _base_year(points, base_year)
    headers = ["year", "median_annual", f"median_annual_may_{base}_dollars" if base else "median_constant"]
    headers.append("soc_break")
    return headers, [[p.year, _raw(p.median), _raw(p.median_constant), p.soc_break] for p in points]


def _comparable_ends(points: list[TrendPoint], known) -> tuple[TrendPoint, TrendPoint] | None:
    """First and last points with a value, within the latest stretch without an SOC break."""
    stretch: list[TrendPoint] = []
    for p in points:
        if p.soc_break:
            stretch = []
        if known(p):
            stretch.append(p)
    if len(stretch) < 2:
        return None
    return stretch[0], stretch[-1]


def employment_trend_summary(points: list[TrendPoint]) -> str:
    ends = _comparable_ends(points, lambda p: p.employment is not None)
    if ends is None:
        return "Too few comparable survey years have published employment to show a trend."
    first, last = ends
    change = (last.employment - first.employment) / first.employment
    direction = "rose" if change > 0 else "fell" if change < 0 else "held"
    amount = f" {abs(change):.0%}" if change else " steady"
    return (
        f"Jobs in the track {direction}{amount}, from {first.employment:,} in May {first.year} to "
        f"{last.employment:,} in May {last.year}."
    )


def pay_trend_summary(points: list[TrendPoint], base_year: int | None = None) -> str:
    ends = _comparable_ends(points, lambda p: p.median.known)
    if ends is None:
        return "Too few comparable survey years have a published median to show a trend."
    first, last = ends
    text = (
        f"Median pay went from {first.median.display()} in May {first.year} to {last.median.display()} in "
        f"May {last.year}"
    )
    base = _base_year(points, base_year)
    if first.median_constant is not None and last.median_constant is not None and base:
        change = (last.median_constant - first.median_constant) / first.median_constant
        if round(change, 2) == 0:
            text += f"; in May {base} dollars it held steady"
        else:
            text += f"; in May {base} dollars it {'rose' if change > 0 else 'fell'} {abs(change):.0%}"
    return text + "."


# --------------------------------------------------------------------------------------------------
# Pay by location


def _metro_categories(metros: list[MetroTrackFigures]) -> list[str]:
    return _unique(m.area_name for m in metros)  # text, never number-like (Plotly would read "12" as 12)


def _value_note(index: int, text: str) -> dict:
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


def _bar_trace(name: str, categories: list[str], values: list, texts: list[str], color, **extra) -> dict:
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


def _shown_note(shown: int, total: int, noun: str) -> str:
    """A sentence for a summary when the chart draws only the first rows (the table has them all)."""
    if total <= shown:
        return ""
    return f" The chart shows the first {shown} of the {total} {noun}; the numbers list them all."


def metro_pay_chart(metros: list[MetroTrackFigures]) -> dict:
    """Median pay and price-adjusted median for the first ``MAX_BARS`` metros (paired horizontal bars),
    each labelled with its principal city (the table beside it has the full names)."""
    metros = metros[:MAX_BARS]
    categories = _metro_categories(metros)
    nominal = [_float(m.median.value) for m in metros]
    adjusted = [m.adjusted_median for m in metros]
    notes = []
    for index, m in enumerate(metros):
        if m.median.top_coded:
            notes.append(_value_note(index, f"median {m.median.display()}"))
        elif m.median.value is None:
            notes.append(_value_note(index, "median not published"))
        elif m.adjusted_median is None:
            notes.append({**_value_note(index, "no price parity"), "yshift": -PAIRED_BAR_PX / 2})
    top = max([v for v in nominal + adjusted if v is not None], default=0)
    data = [
        _bar_trace(
            "Median pay",
            categories,
            nominal,
            [format_dollars(v) if v is not None else "" for v in nominal],
            COLORS["nominal"],
        ),
        _bar_trace(
            "At average U.S. prices",
            categories,
            adjusted,
            [format_dollars(v) if v is not None else "" for v in adjusted],
            COLORS["adjusted"],
        ),
    ]
    return _hbar_figure(
        "Median pay and what it buys, top metros",
        categories,
        [short_metro_name(m.area_name) for m in metros],
        data,
        xaxis=_axis(tickformat="$~s", range=[0, top * 1.35 if top else 1]),
        bars_per_row=2,
        annotations=notes,
        showlegend=True,
    )


def pay_goes_furthest_chart(metros: list[MetroTrackFigures]) -> dict:
    """The first ``MAX_BARS`` ranked metros by price-adjusted median (horizontal bars, highest first)."""
    metros = metros[:MAX_BARS]
    categories = _metro_categories(metros)
    adjusted = [m.adjusted_median for m in metros]
    top = max([v for v in adjusted if v is not None], default=0)
    texts = [format_dollars(v) if v is not None else "" for v in adjusted]
    data = [_bar_trace("Median pay at average U.S. prices", categories, adjusted, texts, COLORS["adjusted"])]
    return _hbar_figure(
        "Where pay goes furthest",
        categories,
        [
            f"{rank}. {short_metro_name(m.area_name)}: median {m.median.display()}"
            for rank, m in enumerate(metros, start=1)
        ],
        data,
        xaxis=_axis(range=[0, top * 1.35 if top else 1]),
    )


def metro_pay_table(metros: list[MetroTrackFigures]) -> Table:
    # The columns that carry the point come first: on a phone they show before the table scrolls.
    headers = ["Metro area", "At U.S. prices", "Median pay", "Price parity (U.S. = 100)", "Jobs", "Tier"]
    rows = [
        [
            m.area_name,
            _money(m.adjusted_median),
            m.median.display(),
            f"{m.rpp:.1f}" if m.rpp is not None else NOT_AVAILABLE,
            f"{m.employment:,}",
            m.tier + ("" if m.rankable else " (limited data, not ranked)"),
        ]
        for m in metros
    ]
    return headers, rows


def metro_pay_csv(metros: list[MetroTrackFigures]) -> CsvRows:
    headers = ["area_code", "area_name", "employment", "median_annual", "rpp_all_items"]
    headers += ["median_at_us_prices", "tier", "ranked", "median_hourly", "median_at_us_prices_hourly"]
    rows = [
        [
            m.area_code,
            m.area_name,
            m.employment,
            _raw(m.median),
            _raw(m.rpp),
            _raw(m.adjusted_median),
            m.tier,
            m.rankable,
            hourly_csv_value(m.median),
            hourly_csv_value(m.adjusted_median),
        ]
        for m in metros
    ]
    return headers, rows


def pay_goes_furthest_table(metros: list[MetroTrackFigures]) -> Table:
    headers = ["Metro area", "Rank", "At U.S. prices", "Median pay", "Price parity (U.S. = 100)"]
    rows = [
        [
            m.area_name,
            str(rank),
            _money(m.adjusted_median),
            m.median.display(),
            f"{m.rpp:.1f}" if m.rpp is not None else NOT_AVAILABLE,
        ]
        for rank, m in enumerate(metros, start=1)
    ]
    return headers, rows


def pay_goes_furthest_csv(metros: list[MetroTrackFigures]) -> CsvRows:
    headers = ["rank", "area_code", "area_name", "median_at_us_prices", "median_annual", "rpp_all_items"]
    headers += ["median_at_us_prices_hourly", "median_hourly"]
    rows = [
        [
            rank,
            m.area_code,
            m.area_name,
            _raw(m.adjusted_median),
            _raw(m.median),
            _raw(m.rpp),
            hourly_csv_value(m.adjusted_median),
            hourly_csv_value(m.median),
        ]
        for rank, m in enumerate(metros, start=1)
    ]
    return headers, rows


def metro_pay_summary(metros: list[MetroTrackFigures]) -> str:
    priced = [m for m in metros if m.median.known and m.adjusted_median is not None]
    if not priced:
        return "No metro among those with the most track jobs has both a published median and a price parity."
    highest = max(priced, key=lambda m: (m.median.value, m.area_code))
    furthest = max(priced, key=lambda m: (m.adjusted_median, m.area_code))
    text = f"Of these {len(metros)} metros, {short_metro_name(highest.area_name)} pays the highest median "
    text += f"({highest.median.display()})"
    shown = _shown_note(MAX_BARS, len(metros), "metros")
    if furthest is highest:
        return (
            text
            + f", and it stays highest at average U.S. prices ({format_dollars(furthest.adjusted_median)})."
            + shown
        )
    return (
        text + f"; at average U.S. prices {short_metro_name(furthest.area_name)} comes out ahead "
        f"({format_dollars(furthest.adjusted_median)})." + shown
    )


def pay_goes_furthest_summary(metros: list[MetroTrackFigures]) -> str:
    if not metros:
        return "No metro has enough published data to be ranked."
    first = metros[0]
    return (
        f"Pay goes furthest in {short_metro_name(first.area_name)}, where the median of "
        f"{first.median.display()} buys what {format_dollars(first.adjusted_median)} buys at average U.S. "
        f"prices." + _shown_note(MAX_BARS, len(metros), "ranked metros")
    )


# --------------------------------------------------------------------------------------------------
# Industries


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else "<1%"


def clean_sector_title(title: str) -> str:
    """``"Sector 54 - Professional, …"`` -> ``"Professional, …"`` (BLS time-series titles carry codes)."""
    head, sep, rest = title.partition(" - ")
    if sep and head.split(" ")[0] in {"Sector", "Sectors"}:
        return rest.strip() or title
    return title


def industry_chart(shares: list[IndustryShare]) -> dict:
    """Share of the track's jobs by sector (bars, share printed), each sector's median pay in its label;
    the first ``MAX_BARS`` sectors (the largest, as given)."""
    shares = shares[:MAX_BARS]
    categories = _unique(clean_sector_title(s.title) for s in shares)
    values = [round(s.share * 100, 1) for s in shares]
    top = max(values, default=0)
    data = [
        _bar_trace(
            "Share of the track's jobs",
            categories,
            values,
            [f"{_percent(s.share)} of jobs" for s in shares],
            COLORS["nominal"],
        )
    ]
    return _hbar_figure(
        "Where the jobs are, and what they pay",
        categories,
        [f"{clean_sector_title(s.title)}: median {s.median.display()}" for s in shares],
        data,
        xaxis=_axis(ticksuffix="%", range=[0, top * 1.5 if top else 1]),
    )


def industry_table(shares: list[IndustryShare]) -> Table:
    headers = ["Industry sector", "Share of track jobs", "Jobs", "Median pay"]
    rows = [
        [clean_sector_title(s.title), _percent(s.share), f"{s.employment:,}", s.median.display()]
        for s in shares
    ]
    return headers, rows


def industry_csv(shares: list[IndustryShare]) -> CsvRows:
    headers = ["naics_code", "sector", "employment", "share", "median_annual"]
    return headers, [[s.code, s.title, s.employment, round(s.share, 6), _raw(s.median)] for s in shares]


def industry_summary(shares: list[IndustryShare]) -> str:
    if not shares:
        return "BLS publishes no industry estimates for these occupations."
    top = shares[0]
    return (
        f"{clean_sector_title(top.title)} holds the largest share of the track's jobs "
        f"({_percent(top.share)}), at a median of {top.median.display()}."
        + _shown_note(MAX_BARS, len(shares), "sectors")
    )


# --------------------------------------------------------------------------------------------------
# The ladder


def _band_text(low: Quantile, high: Quantile) -> str:
    if (low.value is None and not low.top_coded) or (high.value is None and not high.top_coded):
        return NOT_AVAILABLE
    if low.top_coded:
        return low.display()
    return f"{low.display()} to {high.display()}"


def ladder_chart(rungs: list[dict]) -> dict:
    """Each rung's pay band as a range bar, in ladder order (entry level first, at the top).

    A rung is a dict with ``title``, ``low`` and ``high`` (Quantiles). A band whose top is top-coded is
    drawn up to the top code and marked open-ended with an arrow; its label says "or more".
    """
    categories = _unique(r["title"] for r in rungs)
    base, width, open_x, open_y, notes = [], [], [], [], []
    for index, (category, rung) in enumerate(zip(categories, rungs, strict=True)):
        low, high = rung["low"], rung["high"]
        if low.value is None or (high.value is None and not high.top_coded):
            base.append(None)
            width.append(None)
            notes.append(_value_note(index, _band_text(low, high)))
            continue
        end = high.value if high.value is not None else high.top_code
        base.append(float(low.value))
        width.append(float(end - low.value))
        if high.top_coded:
            open_x.append(float(high.top_code))
            open_y.append(category)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "Pay band",
            "y": categories,
            "x": width,
            "base": base,
            "marker": {"color": COLORS["nominal"]},
        }
    ]
    if open_x:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"Open-ended: {format_dollars(TOP_CODE_ANNUAL)} or more",
                "x": open_x,
                "y": open_y,
                "cliponaxis": False,
                "marker": {"symbol": "triangle-right", "size": 14, "color": COLORS["adjusted"]},
            }
        )
    ends = [b + w for b, w in zip(base, width, strict=True) if b is not None]
    return _hbar_figure(
        "Pay bands up the ladder",
        categories,
        [f"{r['title']}: {_band_text(r['low'], r['high'])}" for r in rungs],
        data,
        xaxis=_axis(tickformat="$~s", range=[0, max(ends, default=1) * 1.08]),
        annotations=notes,
        showlegend=bool(open_x),
        show_value_axis=True,
    )


def ladder_table(rungs: list[dict]) -> Table:
    headers = ["Role", "Level", "Pay band", "From", "To"]
    rows = [
        [
            r["title"],
            r.get("level_label") or r.get("level", ""),
            r.get("band_label", ""),
            r["low"].display(),
            r["high"].display(),
        ]
        for r in rungs
    ]
    return headers, rows


def ladder_csv(rungs: list[dict]) -> CsvRows:
    headers = ["role", "level", "occupation_code", "band", "low_annual", "high_annual", "low_hourly"]
    headers += ["high_hourly"]
    rows = [
        [
            r["title"],
            r.get("level", ""),
            r.get("occupation_code", ""),
            r.get("band", ""),
            _raw(r["low"]),
            _raw(r["high"]),
            hourly_csv_value(r["low"]),
            hourly_csv_value(r["high"]),
        ]
        for r in rungs
    ]
    return headers, rows


def ladder_summary(rungs: list[dict]) -> str:
    if not rungs:
        return "No ladder has been written for this track yet."
    first, last = rungs[0], rungs[-1]
    return (
        f"Pay bands run from {_band_text(first['low'], first['high'])} for {first['title']} to "
        f"{_band_text(last['low'], last['high'])} for {last['title']}."
    )


# --------------------------------------------------------------------------------------------------
# Projections


def _sorted_projections(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (-float(r["change_percent"]), r.get("occ_title", r["occ_code"])))


def shown_projections(rows: list[dict]) -> list[dict]:
    """The occupations the chart draws, fastest growing first: all of them up to ``MAX_BARS``, else the
    fastest and the slowest (the summary's two ends) and the largest by base-year jobs between them."""
    ordered = _sorted_projections(rows)
    if len(ordered) <= MAX_BARS:
        return ordered
    ends = [ordered[0], ordered[-1]]
    middle = sorted(ordered[1:-1], key=lambda r: (-float(r["employment_base"]), r["occ_code"]))
    keep = {id(r) for r in ends + middle[: MAX_BARS - 2]}
    return [r for r in ordered if id(r) in keep]


def projection_chart(rows: list[dict]) -> dict:
    """Projected percent change in employment by occupation (growth and decline coloured and signed);
    at most ``MAX_BARS`` occupations (``shown_projections``), the table beside it has them all."""
    ordered = shown_projections(rows)
    categories = _unique(r.get("occ_title") or f"SOC {r['occ_code']}" for r in ordered)
    values = [float(r["change_percent"]) for r in ordered]
    reach = max([abs(v) for v in values], default=0) or 1
    low = -reach * 1.6 if min(values, default=0) < 0 else 0
    data = [
        _bar_trace(
            "Projected change",
            categories,
            values,
            [format_percent_change(v) for v in values],
            [COLORS["growth"] if v >= 0 else COLORS["decline"] for v in values],
        )
    ]
    return _hbar_figure(
        "Projected change in jobs over ten years",
        categories,
        [r.get("occ_title") or r["occ_code"] for r in ordered],
        data,
        xaxis=_axis(range=[low, reach * 1.6], zeroline=True, zerolinewidth=2),
    )


def projection_table(rows: list[dict]) -> Table:
    headers = ["Occupation", "Jobs, base year", "Jobs, projected", "Change", "Openings a year"]
    out = [
        [
            r.get("occ_title") or r["occ_code"],
            format_thousands(float(r["employment_base"])),
            format_thousands(float(r["employment_projected"])),
            format_percent_change(float(r["change_percent"])),
            format_thousands(float(r["openings_annual"])),
        ]
        for r in _sorted_projections(rows)
    ]
    return headers, out


def projection_csv(rows: list[dict]) -> CsvRows:
    headers = ["occ_code", "occupation", "employment_base_thousands", "employment_projected_thousands"]
    headers += ["change_thousands", "change_percent", "openings_annual_thousands"]
    out = [
        [
            r["occ_code"],
            r.get("occ_title", ""),
            float(r["employment_base"]),
            float(r["employment_projected"]),
            float(r["change"]),
            float(r["change_percent"]),
            float(r["openings_annual"]),
        ]
        for r in _sorted_projections(rows)
    ]
    return headers, out


def projection_summary(rows: list[dict]) -> str:
    if not rows:
        return "BLS publishes no projections for these occupations."
    ordered = _sorted_projections(rows)
    fastest, slowest = ordered[0], ordered[-1]
    name = lambda r: r.get("occ_title") or r["occ_code"]  # noqa: E731
    if len(ordered) == 1:
        return f"BLS projects {format_percent_change(float(fastest['change_percent']))} for {name(fastest)}."
    shown = ""
    if len(ordered) > MAX_BARS:
        shown = (
            f" The chart shows {MAX_BARS} of the {len(ordered)} occupations (those two ends and the "
            "largest); the numbers list them all."
        )
    return (
        f"Projected change ranges from {format_percent_change(float(slowest['change_percent']))} for "
        f"{name(slowest)} to {format_percent_change(float(fastest['change_percent']))} for {name(fastest)}."
        + shown
    )


# --------------------------------------------------------------------------------------------------
# Chart families, registered explicitly: a page builds a chart card from one family's four functions.


@dataclass(frozen=True)
class ChartFamily:
    """The four functions of one chart: the figure, the table beside it, the CSV rows and the summary."""

    chart: Callable[..., dict]
    table: Callable[..., Table]
    csv: Callable[..., CsvRows]
    summary: Callable[..., str]


FAMILIES: dict[str, ChartFamily] = {
    "employment_trend": ChartFamily(
        employment_trend_chart, employment_trend_table, employment_trend_csv, employment_trend_summary
    ),
    "pay_trend": ChartFamily(pay_trend_chart, pay_trend_table, pay_trend_csv, pay_trend_summary),
    "metro_pay": ChartFamily(metro_pay_chart, metro_pay_table, metro_pay_csv, metro_pay_summary),
    "pay_goes_furthest": ChartFamily(
        pay_goes_furthest_chart, pay_goes_furthest_table, pay_goes_furthest_csv, pay_goes_furthest_summary
    ),
    "industry": ChartFamily(industry_chart, industry_table, industry_csv, industry_summary),
    "ladder": ChartFamily(ladder_chart, ladder_table, ladder_csv, ladder_summary),
    "projection": ChartFamily(projection_chart, projection_table, projection_csv, projection_summary),
}

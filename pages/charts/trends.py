"""Employment and pay over time: jobs by May survey (bars) and median pay, nominal and in constant
dollars (lines), with SOC code changes marked as breaks; their tables, CSV rows and summaries.

No text touches other text: the value-axis ticks skip any value whose label or grid line would cross a
printed value, break labels that would touch stack in rows, and each line's last value is printed right
of the plot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pages.charts.base import (
    COLORS,
    TOP_MARGIN_PX,
    CsvRows,
    Table,
    as_float,
    axis_spec,
    base_figure,
    csv_cell,
)
from salaries.statistics.trends import TrendPoint
from salaries.statistics.wages import NOT_AVAILABLE, format_dollars

BREAK_LABEL = "Codes changed"


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
        return axis_spec(tickformat="d", tickangle=0)
    span = max(years) - min(years)
    step = 1 if span <= 5 else 2 if span <= 9 else 3 if span <= 14 else 4
    return axis_spec(
        tickformat="d",
        tickangle=0,
        tickmode="linear",
        tick0=max(years),
        dtick=step,
        range=_year_range(years),
    )


def _may(year: int) -> str:
    return f"May {year}"


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
    return base_figure(
        "Jobs in the track, by May survey",
        data,
        height=height,
        top=top_px,
        xaxis=_year_axis(years),
        yaxis=axis_spec(
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
    nx, ny = _series_with_breaks(points, lambda p: as_float(p.median.value), breaks)
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
    figure = base_figure(
        "Median pay, by May survey",
        data,
        height=height,
        top=top_px,
        xaxis=_year_axis(years),
        yaxis=axis_spec(title="Median annual pay", tickformat="$~s", range=y_range),
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
    return ["year", "employment", "soc_break"], [
        [p.year, csv_cell(p.employment), p.soc_break] for p in points
    ]


def pay_trend_table(points: list[TrendPoint], base_year: int | None = None) -> Table:
    base = _base_year(points, base_year)
    headers = ["Survey", "Median pay", f"In May {base} dollars" if base else "In constant dollars", "Note"]
    rows = [
        [
            _may(p.year),
            p.median.display(),
            format_dollars(p.median_constant),
            "Occupation codes changed; not comparable with earlier years" if p.soc_break else "",
        ]
        for p in points
    ]
    return headers, rows


def pay_trend_csv(points: list[TrendPoint], base_year: int | None = None) -> CsvRows:
    base = _base_year(points, base_year)
    headers = ["year", "median_annual", f"median_annual_may_{base}_dollars" if base else "median_constant"]
    headers.append("soc_break")
    return headers, [[p.year, csv_cell(p.median), csv_cell(p.median_constant), p.soc_break] for p in points]


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

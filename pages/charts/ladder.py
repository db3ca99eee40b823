"""The ladder: each rung's pay band as a range bar (an open-ended band marked as such); table, CSV rows
(with hourly columns) and summary."""

from __future__ import annotations

from pages.charts.base import (
    COLORS,
    CsvRows,
    Table,
    axis_spec,
    csv_cell,
    hbar_figure,
    unique_labels,
    value_note,
)
from pages.formatting import hourly_csv_value
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_ANNUAL, Quantile, format_dollars


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
    categories = unique_labels(r["title"] for r in rungs)
    base, width, open_x, open_y, notes = [], [], [], [], []
    for index, (category, rung) in enumerate(zip(categories, rungs, strict=True)):
        low, high = rung["low"], rung["high"]
        if low.value is None or (high.value is None and not high.top_coded):
            base.append(None)
            width.append(None)
            notes.append(value_note(index, _band_text(low, high)))
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
    return hbar_figure(
        "Pay bands up the ladder",
        categories,
        [f"{r['title']}: {_band_text(r['low'], r['high'])}" for r in rungs],
        data,
        xaxis=axis_spec(tickformat="$~s", range=[0, max(ends, default=1) * 1.08]),
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
            csv_cell(r["low"]),
            csv_cell(r["high"]),
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

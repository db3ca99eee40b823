"""Projected change: each occupation's projected ten-year change in jobs, fastest growing first (at most
``MAX_BARS`` drawn: both ends and the largest); table, CSV rows and summary."""

from __future__ import annotations

from pages.charts.base import (
    COLORS,
    MAX_BARS,
    CsvRows,
    Table,
    axis_spec,
    bar_trace,
    hbar_figure,
    unique_labels,
)
from pages.formatting import format_percent_change, format_thousands


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
    categories = unique_labels(r.get("occ_title") or f"SOC {r['occ_code']}" for r in ordered)
    values = [float(r["change_percent"]) for r in ordered]
    reach = max([abs(v) for v in values], default=0) or 1
    low = -reach * 1.6 if min(values, default=0) < 0 else 0
    data = [
        bar_trace(
            "Projected change",
            categories,
            values,
            [format_percent_change(v) for v in values],
            [COLORS["growth"] if v >= 0 else COLORS["decline"] for v in values],
        )
    ]
    return hbar_figure(
        "Projected change in jobs over ten years",
        categories,
        [r.get("occ_title") or r["occ_code"] for r in ordered],
        data,
        xaxis=axis_spec(range=[low, reach * 1.6], zeroline=True, zerolinewidth=2),
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

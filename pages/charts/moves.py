"""Career moves: each move placed by skill closeness (x, 0 to 100) against its pay change (y, percent of
the reader's median), coloured by type; the table of the same numbers, the CSV rows and a summary.

The rows are ``pages.moves.rows.move_rows`` dicts (stored figures, formatted by the site's rules)."""

from __future__ import annotations

from pages.charts.base import COLORS, CsvRows, Table, axis_spec, base_figure
from salaries.statistics import moves as rules

TYPE_COLORS = {rules.STEP_UP: "growth", rules.LATERAL: "nominal", rules.STEP_BACK: "decline"}
TYPE_SYMBOLS = {rules.STEP_UP: "triangle-up", rules.LATERAL: "circle", rules.STEP_BACK: "triangle-down"}
CHART_HEIGHT = 380


def plotted(row: dict) -> bool:
    """A move is drawn when its pay change is a number: not unknown, and not only a bound ("at least"
    when a median is top-coded), which would sit at a made-up height. The table lists every move."""
    return row["change_percent"] is not None and not row["change"].bound


def moves_chart(rows: list[dict]) -> dict:
    """A scatter of the moves with a pay change: closeness across, pay change up; one trace a type."""
    data = []
    for kind in (rules.STEP_UP, rules.LATERAL, rules.STEP_BACK):
        shown = [r for r in rows if r["type"] == kind and plotted(r)]
        if not shown:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": kind.capitalize(),
                "x": [r["similarity"] for r in shown],
                "y": [r["change_percent"] for r in shown],
                "marker": {
                    "color": COLORS[TYPE_COLORS[kind]],
                    "symbol": TYPE_SYMBOLS[kind],
                    "size": 11,
                    "line": {"width": 1, "color": COLORS["background"]},
                },
            }
        )
    lowest = min((r["similarity"] for r in rows if plotted(r)), default=0)
    start = max(0, (int(lowest) - 5) // 10 * 10)
    figure = base_figure(
        "Skill closeness against pay change",
        data,
        height=CHART_HEIGHT,
        xaxis=axis_spec(title="Skill similarity (0 to 100)", range=[start, 102]),
        yaxis=axis_spec(title="Pay change (%)", ticksuffix="%", zeroline=True, zerolinewidth=2),
        showlegend=True,
    )
    figure["layout"]["margin"] = {"l": 8, "r": 12, "t": 28, "b": 96, "pad": 0}
    return figure


def moves_table(rows: list[dict]) -> Table:
    headers = ["Move", "Skill similarity", "Type", "Median pay", "At U.S. prices", "Pay change", "How sure"]
    return headers, [
        [
            r["title"],
            str(r["similarity"]),
            r["type"],
            r["pay_display"],
            r["adjusted_display"],
            r["change_display"],
            r["reliability_display"] or "firm",
        ]
        for r in rows
    ]


def moves_csv(rows: list[dict]) -> CsvRows:
    return (
        ["soc", "title", "skill_similarity", "move_type", "median_pay", "median_pay_us_prices", "pay_change"],
        [
            [
                r["code"],
                r["title"],
                r["similarity"],
                r["type"],
                r["pay_csv"],
                r["adjusted_csv"],
                r["change_csv"],
            ]
            for r in rows
        ],
    )


def moves_summary(rows: list[dict]) -> str:
    if not rows:
        return "No move matches."
    counts = {kind: sum(1 for r in rows if r["type"] == kind) for kind in TYPE_COLORS}
    unplotted = sum(1 for r in rows if not plotted(r))
    text = (
        f"{len(rows)} moves: {counts[rules.STEP_UP]} step up, {counts[rules.LATERAL]} lateral, "
        f"{counts[rules.STEP_BACK]} step back."
    )
    best = max(rows, key=lambda r: (r["similarity"], -r["rank"]))
    text += f" Closest in skills: {best['title']} ({best['similarity']} of 100)."
    if unplotted:
        text += (
            f" {unplotted} without an exact pay change (pay not published, or top-coded) are in the "
            "table, not on the chart."
        )
    return text

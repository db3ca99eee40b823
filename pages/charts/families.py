"""The chart families, listed explicitly, and the chart card a page builds from one.

A family is the four functions of one chart (figure, table, CSV rows, summary). ``chart_card`` calls
them with the same arguments and gathers the results in a :class:`Chart`, which the templates render
(``pages/includes/chart_card.html``) and the CSV views download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pages.charts import industries, ladder, location, moves, projections, trends
from pages.charts.base import CsvRows, Table


@dataclass(frozen=True)
class ChartFamily:
    """The four functions of one chart: the figure, the table beside it, the CSV rows and the summary."""

    chart: Callable[..., dict]
    table: Callable[..., Table]
    csv: Callable[..., CsvRows]
    summary: Callable[..., str]


FAMILIES: dict[str, ChartFamily] = {
    "employment_trend": ChartFamily(
        trends.employment_trend_chart,
        trends.employment_trend_table,
        trends.employment_trend_csv,
        trends.employment_trend_summary,
    ),
    "pay_trend": ChartFamily(
        trends.pay_trend_chart, trends.pay_trend_table, trends.pay_trend_csv, trends.pay_trend_summary
    ),
    "metro_pay": ChartFamily(
        location.metro_pay_chart, location.metro_pay_table, location.metro_pay_csv, location.metro_pay_summary
    ),
    "pay_goes_furthest": ChartFamily(
        location.pay_goes_furthest_chart,
        location.pay_goes_furthest_table,
        location.pay_goes_furthest_csv,
        location.pay_goes_furthest_summary,
    ),
    "industry": ChartFamily(
        industries.industry_chart,
        industries.industry_table,
        industries.industry_csv,
        industries.industry_summary,
    ),
    "ladder": ChartFamily(ladder.ladder_chart, ladder.ladder_table, ladder.ladder_csv, ladder.ladder_summary),
    "moves": ChartFamily(moves.moves_chart, moves.moves_table, moves.moves_csv, moves.moves_summary),
    "projection": ChartFamily(
        projections.projection_chart,
        projections.projection_table,
        projections.projection_csv,
        projections.projection_summary,
    ),
}


@dataclass
class Chart:
    """One chart card: the Plotly figure, the same numbers as a table and as CSV, and a summary."""

    key: str
    title: str
    summary: str
    figure: dict
    headers: list[str]
    rows: list[list[str]]
    csv_headers: list[str]
    csv_rows: list[list]
    source: str
    notes: list[str] = field(default_factory=list)
    csv_url: str = ""

    @property
    def dom_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def available(self) -> bool:
        return bool(self.rows)


def chart_card(
    key: str, family_name: str, *args, source: str, figure_args=None, notes=(), csv_url=""
) -> Chart:
    """The card of one registered family: figure, table, CSV rows and summary, all called with ``args``
    (the figure with ``figure_args`` instead when it draws a subset of the rows)."""
    family = FAMILIES[family_name]
    figure = family.chart(*(figure_args if figure_args is not None else args))
    headers, rows = family.table(*args)
    csv_headers, csv_rows = family.csv(*args)
    return Chart(
        key=key,
        title=figure["layout"]["title"]["text"],
        summary=family.summary(*args),
        figure=figure,
        headers=headers,
        rows=rows,
        csv_headers=csv_headers,
        csv_rows=csv_rows,
        source=source,
        notes=list(notes),
        csv_url=csv_url,
    )

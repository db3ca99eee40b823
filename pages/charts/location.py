"""Pay by location: median pay and what it buys at U.S. prices in the metros with the most track jobs,
and where pay goes furthest; their tables, CSV rows (with hourly columns) and summaries."""

from __future__ import annotations

from pages.charts.base import (
    COLORS,
    MAX_BARS,
    PAIRED_BAR_PX,
    CsvRows,
    Table,
    as_float,
    axis_spec,
    bar_trace,
    csv_cell,
    hbar_figure,
    short_metro_name,
    shown_note,
    unique_labels,
    value_note,
)
from pages.formatting import adjusted_csv, adjusted_display, hourly_csv_value
from salaries.statistics.location import MetroTrackFigures
from salaries.statistics.wages import NOT_AVAILABLE, format_dollars


def median_hourly_csv(m: MetroTrackFigures) -> object:
    """The hourly median's CSV cell: BLS's own hourly column for one occupation (blank where BLS publishes
    none), the annual figure / 2,080 for a pooled track figure (``salaries.statistics.wages``)."""
    if m.hourly_median is not None:
        return m.hourly_median.csv_value()
    return hourly_csv_value(m.median)


def adjusted_hourly_csv(m: MetroTrackFigures) -> object:
    """The hourly median at U.S. prices: one occupation's published hourly median ÷ (RPP / 100); a pooled
    figure's annual figure at U.S. prices / 2,080."""
    if m.hourly_median is not None:
        adjusted = m.hourly_median.at_us_prices(m.rpp)
        return "" if adjusted is None else adjusted.csv_value()
    return hourly_csv_value(m.adjusted_median)


def _metro_categories(metros: list[MetroTrackFigures]) -> list[str]:
    return unique_labels(
        m.area_name for m in metros
    )  # text, never number-like (Plotly would read "12" as 12)


def metro_pay_chart(metros: list[MetroTrackFigures]) -> dict:
    """Median pay and price-adjusted median for the first ``MAX_BARS`` metros (paired horizontal bars),
    each labelled with its principal city (the table beside it has the full names)."""
    metros = metros[:MAX_BARS]
    categories = _metro_categories(metros)
    nominal = [as_float(m.median.value) for m in metros]
    adjusted = [m.adjusted_median for m in metros]
    notes = []
    for index, m in enumerate(metros):
        if m.median.top_coded:
            notes.append(value_note(index, f"median {m.median.display()}"))
        elif m.median.value is None:
            notes.append(value_note(index, "median not published"))
        elif m.adjusted_median is None:
            notes.append({**value_note(index, "no price parity"), "yshift": -PAIRED_BAR_PX / 2})
    top = max([v for v in nominal + adjusted if v is not None], default=0)
    data = [
        bar_trace(
            "Median pay",
            categories,
            nominal,
            [format_dollars(v) if v is not None else "" for v in nominal],
            COLORS["nominal"],
        ),
        bar_trace(
            "At average U.S. prices",
            categories,
            adjusted,
            [adjusted_display(v) if v is not None else "" for v in adjusted],
            COLORS["adjusted"],
        ),
    ]
    return hbar_figure(
        "Median pay and what it buys, top metros",
        categories,
        [short_metro_name(m.area_name) for m in metros],
        data,
        xaxis=axis_spec(tickformat="$~s", range=[0, top * 1.35 if top else 1]),
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
    texts = [adjusted_display(v) if v is not None else "" for v in adjusted]
    data = [bar_trace("Median pay at average U.S. prices", categories, adjusted, texts, COLORS["adjusted"])]
    return hbar_figure(
        "Where pay goes furthest",
        categories,
        [
            f"{rank}. {short_metro_name(m.area_name)}: median {m.median.display()}"
            for rank, m in enumerate(metros, start=1)
        ],
        data,
        xaxis=axis_spec(range=[0, top * 1.35 if top else 1]),
    )


def metro_pay_table(metros: list[MetroTrackFigures]) -> Table:
    # The columns that carry the point come first: on a phone they show before the table scrolls.
    headers = ["Metro area", "At U.S. prices", "Median pay", "Price parity (U.S. = 100)", "Jobs", "Tier"]
    rows = [
        [
            m.area_name,
            adjusted_display(m.adjusted_median),
            m.median.display(),
            f"{m.rpp:.1f}" if m.rpp is not None else NOT_AVAILABLE,
            f"{m.employment:,}",
            m.tier
            + ("" if m.rankable else " (limited data, not ranked)")
            + (f"; {m.reliability.label}" if m.reliability and m.reliability.rough else ""),
        ]
        for m in metros
    ]
    return headers, rows


def metro_pay_csv(metros: list[MetroTrackFigures]) -> CsvRows:
    headers = ["area_code", "area_name", "employment", "median_annual", "rpp_all_items"]
    headers += ["median_at_us_prices", "tier", "ranked", "median_hourly", "median_at_us_prices_hourly"]
    headers += ["reliability"]
    rows = [
        [
            m.area_code,
            m.area_name,
            m.employment,
            csv_cell(m.median),
            csv_cell(m.rpp),
            adjusted_csv(m.adjusted_median),
            m.tier,
            m.rankable,
            median_hourly_csv(m),
            adjusted_hourly_csv(m),
            m.reliability.csv_value() if m.reliability else "",
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
            adjusted_display(m.adjusted_median),
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
            adjusted_csv(m.adjusted_median),
            csv_cell(m.median),
            csv_cell(m.rpp),
            adjusted_hourly_csv(m),
            median_hourly_csv(m),
        ]
        for rank, m in enumerate(metros, start=1)
    ]
    return headers, rows


def metro_pay_summary(metros: list[MetroTrackFigures]) -> str:
    priced = [m for m in metros if m.median.known and m.adjusted_median is not None]
    if not priced:
        return (
            "No metro among those with the most of these jobs has both a published median and a price parity."
        )
    highest = max(priced, key=lambda m: (m.median.value, m.area_code))
    furthest = max(priced, key=lambda m: (m.adjusted_median, m.area_code))
    text = f"Of these {len(metros)} metros, {short_metro_name(highest.area_name)} pays the highest median "
    text += f"({highest.median.display()})"
    shown = shown_note(MAX_BARS, len(metros), "metros")
    if furthest is highest:
        return (
            text
            + f", and it stays highest at average U.S. prices ({adjusted_display(furthest.adjusted_median)})."
            + shown
        )
    return (
        text + f"; at average U.S. prices {short_metro_name(furthest.area_name)} comes out ahead "
        f"({adjusted_display(furthest.adjusted_median)})." + shown
    )


def pay_goes_furthest_summary(metros: list[MetroTrackFigures]) -> str:
    if not metros:
        return "No metro has enough published data to be ranked."
    first = metros[0]
    return (
        f"Pay goes furthest in {short_metro_name(first.area_name)}, where the median of "
        f"{first.median.display()} buys what {adjusted_display(first.adjusted_median)} buys at average U.S. "
        f"prices." + shown_note(MAX_BARS, len(metros), "ranked metros")
    )

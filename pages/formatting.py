"""How the pages write numbers, in one module: counts, dollars rounded for the reader, thousands of
jobs, percent changes, hourly pay, published values and vintages (pure functions).

A wage's own notation (a number of dollars, "$239,200 or more", "not available", and its CSV form) is
part of the data rules and lives with the value (``salaries.statistics.wages``: ``format_dollars``,
``Quantile.display``), where every layer can write it the same way; every other way a page writes a
figure is here, built on it.
"""

from __future__ import annotations

from decimal import Decimal

from salaries.statistics.wages import (
    NOT_AVAILABLE,
    HourlyWage,
    Quantile,
    format_dollars,
    hourly_equivalent,
    round_half_up,
    round_to_ten,
)

NOT_PUBLISHED = "not published"  # a published row's suppressed value (BLS ``*`` or ``**``)


def count(value) -> str:
    """A count of jobs: ``1234567`` -> ``"1,234,567"``; None -> ``"not available"``."""
    return NOT_AVAILABLE if value is None else f"{round(value):,}"


def about_thousand(value: float) -> str:
    """Dollars to the nearest $1,000, halves up, as the pay-by-location sentence rounds them."""
    return format_dollars(round_half_up(value, 1_000))


def dollars_to_ten(value: float | None) -> str:
    """Computed pay (price-adjusted, equivalent elsewhere) to the nearest $10, as BLS rounds wages."""
    if value is None:
        return NOT_AVAILABLE
    return format_dollars(round_to_ten(value))


def hourly_display(q: Quantile) -> str:
    """A Quantile's hourly equivalent: ``"$28.01"``, ``"$115.00 or more"`` or ``"not available"``."""
    if q.top_coded:
        return f"${hourly_equivalent(q.top_code):,.2f} or more"
    value = hourly_equivalent(q.value)
    return NOT_AVAILABLE if value is None else f"${value:,.2f}"


def hourly_csv_value(value) -> object:
    """A CSV cell: the hourly equivalent of a Quantile or a number (``">=115.00"`` when top-coded or at
    or above $115.00 an hour, as a published hourly wage would read; ``HourlyWage``)."""
    if isinstance(value, Quantile):
        if value.top_coded:
            return f">={hourly_equivalent(value.top_code)}"
        value = value.value
    hourly = hourly_equivalent(value)
    return "" if hourly is None else HourlyWage(hourly).csv_value()


def format_hourly(value) -> str:
    """Dollars an hour to the cent: ``"$28.01"``; None -> ``"not available"``."""
    return NOT_AVAILABLE if value is None else f"${float(value):,.2f}"


def format_thousands(value: float) -> str:
    """Thousands of jobs as a count of jobs: ``251.0`` -> ``"251,000"``."""
    return f"{round_half_up(Decimal(str(value)) * 1000):,}"


def format_percent_change(value: float) -> str:
    """``5.2`` -> ``"+5.2%"``; ``-1.0`` -> ``"-1.0%"`` (minus sign); ``0`` -> ``"0.0%"``."""
    if value > 0:
        return f"+{value:.1f}%"
    if value < 0:
        return f"\u2212{abs(value):.1f}%"
    return "0.0%"


def signed_percent(value) -> str:
    """``format_percent_change``, or "not available" for None."""
    return NOT_AVAILABLE if value is None else format_percent_change(float(value))


def thousands_to_jobs(value) -> str:
    """Projections are published in thousands: 123.4 -> "123,400"; None -> "not available"."""
    return NOT_AVAILABLE if value is None else format_thousands(float(value))


def vintage_label(release) -> str:
    """A release's vintage as the pages name it ("May 2025"), or "not loaded" without one."""
    return release.vintage if release is not None else "not loaded"


# --------------------------------------------------------------------------------------------------
# One occupation's published values, as BLS publishes them (``WageEstimate`` rows)


def published_annual_wage(row: dict, field_name: str) -> Quantile:
    """An annual percentile of a row as a Quantile: top-coded when marked ``#`` or at or above $239,200."""
    return Quantile.of(row.get(field_name), top_coded=field_name in (row.get("top_coded_fields") or ()))


def published_annual(row: dict, field_name: str) -> str:
    """An annual wage of a row: "$105,770", "$239,200 or more" (top-coded) or "not published"."""
    wage = published_annual_wage(row, field_name)
    return NOT_PUBLISHED if not (wage.known or wage.top_coded) else wage.display()


def published_annual_csv(row: dict, field_name: str) -> str:
    """The CSV cell of ``published_annual``: "105770", ">=239200" or "" (not published)."""
    return published_annual_wage(row, field_name).csv_value()


def published_hourly(row: dict, field_name: str) -> str:
    """An hourly wage of a row, BLS's own: "$50.85", "$115.00 or more" (top-coded) or "not published"."""
    return HourlyWage.of_row(row, field_name).display(missing=NOT_PUBLISHED)


def published_hourly_csv(row: dict, field_name: str) -> str:
    """The CSV cell of ``published_hourly``: "50.85", ">=115.00" or "" (not published)."""
    return HourlyWage.of_row(row, field_name).csv_value()


def adjusted_display(value) -> str:
    """A price-adjusted annual figure (the price-adjusted rule): to the dollar, or "$239,200 or more" when
    it is at or above the top code (no number at or above $239,200 is shown); None -> "not available"."""
    return Quantile.of(value).display()


def adjusted_csv(value) -> str:
    """The CSV cell of ``adjusted_display``: the number, ">=239200", or "" for None."""
    if value is None:
        return ""
    if Quantile.of(value).top_coded:
        return Quantile.of(value).csv_value()
    return int(value) if float(value).is_integer() else value


def published_count(value) -> str:
    """A published count ("1,234,560") or "not published"."""
    return NOT_PUBLISHED if value is None else f"{int(value):,}"

"""Display formatting for the track page: numbers and dollars as the page writes them (pure)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pages.formatting import format_percent_change, format_thousands
from salaries.models import DataRelease
from salaries.statistics.wages import NOT_AVAILABLE, format_dollars

NOT_AVAILABLE = NOT_AVAILABLE


def money(value) -> str:
    return format_dollars(value)


def count(value) -> str:
    return NOT_AVAILABLE if value is None else f"{round(value):,}"


def signed_percent(value) -> str:
    return NOT_AVAILABLE if value is None else format_percent_change(float(value))


def thousands_to_jobs(value) -> str:
    """Projections are published in thousands: 123.4 -> "123,400"."""
    return NOT_AVAILABLE if value is None else format_thousands(float(value))


def about_thousand(value: float) -> str:
    """Dollars to the nearest $1,000, halves up, as the pay-by-location sentence rounds them."""
    return money(int((Decimal(str(value)) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 1000)


def vintage_label(release: DataRelease | None) -> str:
    return release.vintage if release is not None else "not loaded"

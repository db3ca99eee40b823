"""One occupation's published wages, a wage quantile, rounding and the dollar notation of a wage.

Rules
-----
Top code
    BLS does not publish annual wages at or above $239,200 (``#``). Any percentile marked top-coded,
    and any percentile value at or above $239,200 (the May 2025 flat files print some), is treated as
    censored: known only to be at least $239,200. A reported quantile is never a number at or above
    $239,200; it is ``Quantile(None, top_coded=True)``, displayed "$239,200 or more" (CSV
    ``>=239200``). Earlier surveys had lower top codes ($187,200 in 2011-2015, $208,000 in 2016-2021;
    ``TOP_CODE_BY_YEAR``); ``salaries.statistics.trends.trend_series`` applies each year's own, and the
    display names it.

Rounding
    Annual figures computed here are rounded to the nearest $10, halves up, as BLS rounds annual wages
    (``round_to_ten``); a dollar figure is shown to the whole dollar (``format_dollars``). The notation
    of a wage (a number of dollars, "$239,200 or more", "not available") belongs to the value itself
    (``Quantile.display``, ``Quantile.csv_value``), so a page and its CSV always say the same thing,
    whichever layer writes them (the catalogue's ladder rule names bands the same way).

Hourly equivalents
    OEWS publishes annual = hourly x 2,080 (full-time, full-year; ``HOURS_PER_YEAR``). Figures pooled
    across occupations (a track's median, a metro's median, price-adjusted pay) have no published hourly
    value, so their hourly equivalent is the annual figure divided by 2,080, rounded half up to the cent
    (``hourly_equivalent``). The annual top code ($239,200) corresponds to $115.00 an hour.

Published hourly wages
    One occupation's hourly wage is BLS's own hourly column (``H_MEDIAN`` …), never its annual figure
    divided by 2,080: BLS publishes no hourly wages for some occupations not paid by the hour (``*``),
    and only hourly wages for others (``HOURLY`` flag). ``HourlyWage`` is that published value, censored
    like an annual one: marked ``#`` or at or above $115.00 it reads "$115.00 or more" (CSV
    ``>=115.00``); not published, it is blank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TOP_CODE_ANNUAL = 239_200  # BLS May 2025 top code, annual dollars
# BLS's annual top code by May survey year. 2013-2024 from BLS's field descriptions; 2011-2012 inferred:
# those files publish annual percentiles up to $186,630 ($89.73 an hour), i.e. below $90 an hour.
TOP_CODE_BY_YEAR = {
    **dict.fromkeys(range(2011, 2016), 187_200),
    **dict.fromkeys(range(2016, 2022), 208_000),
}
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")
PERCENTILE_LEVELS = {
    "p10": Fraction(1, 10),
    "p25": Fraction(1, 4),
    "p50": Fraction(1, 2),
    "p75": Fraction(3, 4),
    "p90": Fraction(9, 10),
}
PERCENTILE_LABELS = {
    "p10": "10th percentile",
    "p25": "25th percentile",
    "p50": "median",
    "p75": "75th percentile",
    "p90": "90th percentile",
}
ROUND_TO_DOLLARS = 10  # BLS rounds annual wages to the nearest $10; so do we
PAY_BANDS = {
    "p10_p25": ("p10", "p25"),
    "p10_p50": ("p10", "p50"),
    "p25_p75": ("p25", "p75"),
    "p50_p90": ("p50", "p90"),
    "p75_p90": ("p75", "p90"),
}
# WageEstimate / NationalOccupationYear field names for each percentile (for ``from_values``).
MODEL_FIELD_FOR_PERCENTILE = {
    "p10": "annual_p10",
    "p25": "annual_p25",
    "p50": "annual_median",
    "p75": "annual_p75",
    "p90": "annual_p90",
}
NOT_AVAILABLE = "not available"
_PERCENTILE_NAMES = frozenset(PERCENTILES)
# names ``from_values`` accepts in ``top_coded_fields``: model field names and short forms
_TOP_CODED_ALIASES = {
    **{field: p for p, field in MODEL_FIELD_FOR_PERCENTILE.items()},
    "annual_p50": "p50",
    "median": "p50",
    "annual_pct90": "p90",
}


# --------------------------------------------------------------------------------------------------
# Money


def round_half_up(value: float | Fraction | Decimal, step: int = 1) -> int:
    """Round to the nearest multiple of ``step``, halves away from zero (deterministic, unlike round())."""
    if type(value) is int:
        quotient, remainder = divmod(abs(value), step)
        return (quotient + (2 * remainder >= step)) * step * (-1 if value < 0 else 1)
    if type(value) is float and type(step) is int and step > 0:
        # The same result as the Decimal below, read off the float's shortest decimal text (its str()):
        # with n the whole part and f the fraction, the remainder r = n % step, and the value rounds
        # away from zero exactly when r + f >= step / 2, i.e. 2r + (f >= 1/2) >= step.
        text = repr(abs(value))
        if "e" not in text and "n" not in text:  # not 1e+16 / 1e-05 / inf / nan
            whole, _, fraction = text.partition(".")
            quotient, remainder = divmod(int(whole), step)
            up = 2 * remainder + (fraction[:1] >= "5") >= step
            return (quotient + up) * step * (-1 if value < 0 else 1)
    if isinstance(value, Fraction):
        q = value / step
        return int(math.floor(abs(q) + Fraction(1, 2)) * step * (1 if q >= 0 else -1))
    d = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return int((d / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def round_to_ten(value: float | Fraction) -> int:
    """Round dollars to the nearest $10, halves up, as BLS publishes annual wages."""
    return round_half_up(value, ROUND_TO_DOLLARS)


def format_dollars(value: float | int | Fraction | None) -> str:
    """``105770`` -> ``"$105,770"`` (rounded to the whole dollar); ``None`` -> ``"not available"``."""
    if value is None:
        return NOT_AVAILABLE
    dollars = round_half_up(value)
    sign = "-" if dollars < 0 else ""
    return f"{sign}${abs(dollars):,}"


TOP_CODE_DISPLAY = f"{format_dollars(TOP_CODE_ANNUAL)} or more"


def top_code_for_year(year: int) -> int:
    """BLS's annual top code in the May ``year`` survey ($239,200 from 2022)."""
    if year >= 2022:
        return TOP_CODE_ANNUAL
    try:
        return TOP_CODE_BY_YEAR[year]
    except KeyError:
        raise ValueError(f"no top code on record for May {year}") from None


# --------------------------------------------------------------------------------------------------
# Quantiles and distributions


@dataclass(frozen=True)
class Quantile:
    """A wage quantile: a dollar value, top-coded (at or above the top code), or unknown.

    It never holds a number at or above its top code: ``Quantile(250_000)`` and
    ``Quantile(250_000, top_coded=True)`` both become ``Quantile(None, top_coded=True)``.
    """

    value: float | None  # dollars; None if unknown or top-coded
    top_coded: bool = False  # True => at or above TOP_CODE_ANNUAL; value is then None
    top_code: int = TOP_CODE_ANNUAL  # the survey year's top code (earlier years had lower ones)

    def __post_init__(self):
        if self.value is not None and (self.top_coded or self.value >= self.top_code):
            object.__setattr__(self, "value", None)
            object.__setattr__(self, "top_coded", True)

    @classmethod
    def of(cls, value: float | None, *, top_coded: bool = False, top_code: int = TOP_CODE_ANNUAL) -> Quantile:
        """Build from a published value, censoring anything at or above the top code."""
        return cls(value, top_coded=top_coded, top_code=top_code)

    @property
    def known(self) -> bool:
        return self.value is not None

    def display(self) -> str:
        if self.top_coded:
            return f"{format_dollars(self.top_code)} or more"
        return format_dollars(self.value)

    def csv_value(self) -> str:
        """Raw value for a CSV cell: the number, ``">=239200"`` when top-coded, ``""`` when unknown."""
        if self.top_coded:
            return f">={self.top_code}"
        if self.value is None:
            return ""
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


UNKNOWN = Quantile(None)
TOP_CODED = Quantile(None, top_coded=True)


@dataclass(frozen=True)
class WageDistribution:
    """One occupation in one area (one WageEstimate row), annual dollars.

    A percentile that is None and not in ``top_coded`` is suppressed (BLS ``*``). A value at or above
    the top code is treated as top-coded whatever ``top_coded`` says.
    """

    occupation_code: str
    employment: int | None  # None = suppressed
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    top_coded: frozenset[str] = frozenset()  # subset of PERCENTILES that BLS marked '#'
    o_group: str = "detailed"  # OEWS O_GROUP; only "detailed" rows may be summed
    top_code: int = TOP_CODE_ANNUAL  # the survey year's top code (see top_code_for_year)

    def __post_init__(self):
        top_coded = frozenset(self.top_coded)
        unknown = top_coded - _PERCENTILE_NAMES
        if unknown:
            raise ValueError(f"unknown percentiles in top_coded: {sorted(unknown)}")
        if top_coded is not self.top_coded:
            object.__setattr__(self, "top_coded", top_coded)

    @classmethod
    def from_values(cls, values: Mapping, *, code_key: str = "occupation_id") -> WageDistribution:
        """Build from a WageEstimate/NationalOccupationYear ``.values()`` dict.

        Reads ``employment``, ``annual_p10`` … ``annual_p90`` (``annual_median`` for p50) and
        ``top_coded_fields`` (names in either form, ``"annual_p90"`` or ``"p90"``).
        """
        top = set()
        for name in values.get("top_coded_fields") or ():
            name = _TOP_CODED_ALIASES.get(name, name)
            if name in PERCENTILES:
                top.add(name)
        wages = {}
        for p in PERCENTILES:
            raw = values.get(MODEL_FIELD_FOR_PERCENTILE[p])
            wages[p] = None if raw is None else float(raw)
        employment = values.get("employment")
        return cls(
            occupation_code=str(values[code_key]),
            employment=None if employment is None else int(employment),
            top_coded=frozenset(top),
            o_group=values.get("o_group", values.get("occupation__level", "detailed")) or "detailed",
            **wages,
        )

    def value(self, percentile: str) -> float | None:
        return getattr(self, percentile)

    def is_top_coded(self, percentile: str) -> bool:
        value = self.value(percentile)
        return percentile in self.top_coded or (value is not None and value >= self.top_code)

    def is_suppressed(self, percentile: str) -> bool:
        return self.value(percentile) is None and percentile not in self.top_coded

    def quantile(self, percentile: str) -> Quantile:
        """The published percentile as a Quantile (censored at the top code)."""
        if percentile not in PERCENTILES:
            raise ValueError(f"unknown percentile {percentile!r}")
        if self.is_top_coded(percentile):
            return Quantile(None, top_coded=True, top_code=self.top_code)
        return Quantile(self.value(percentile), top_code=self.top_code)

    @property
    def has_wages(self) -> bool:
        """All five annual percentiles are published or top-coded (none suppressed)."""
        # not any(self.is_suppressed(p) for p in PERCENTILES), spelled out: it runs for every row
        top = self.top_coded
        return (
            (self.p10 is not None or "p10" in top)
            and (self.p25 is not None or "p25" in top)
            and (self.p50 is not None or "p50" in top)
            and (self.p75 is not None or "p75" in top)
            and (self.p90 is not None or "p90" in top)
        )

    @property
    def usable_for_pay(self) -> bool:
        return self.employment is not None and self.has_wages


# --------------------------------------------------------------------------------------------------
# Hourly equivalents

HOURS_PER_YEAR = 2080  # BLS: annual wage = hourly wage x 2,080 hours (full-time, full-year)


def hourly_equivalent(value) -> Decimal | None:
    """Annual dollars -> dollars an hour (annual / 2,080, to the cent, half up); None stays None."""
    if value is None:
        return None
    return (Decimal(str(value)) / HOURS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


TOP_CODE_HOURLY = Decimal(TOP_CODE_ANNUAL) / HOURS_PER_YEAR  # $115.00: the annual top code, an hour


@dataclass(frozen=True)
class HourlyWage:
    """A published hourly wage (BLS's own hourly column): dollars an hour, top-coded, or not published.

    It never holds a number at or above $115.00: ``HourlyWage(Decimal("149.61"))`` becomes
    ``HourlyWage(None, top_coded=True)``.
    """

    value: Decimal | None
    top_coded: bool = False

    def __post_init__(self):
        value = None if self.value is None else Decimal(str(self.value))
        if value is not None and (self.top_coded or value >= TOP_CODE_HOURLY):
            value = None
            object.__setattr__(self, "top_coded", True)
        object.__setattr__(self, "value", value)

    @classmethod
    def of_row(cls, row: Mapping, field_name: str) -> HourlyWage:
        """The hourly field ``field_name`` (``"hourly_median"`` …) of a WageEstimate ``.values()`` row."""
        return cls(row.get(field_name), top_coded=field_name in (row.get("top_coded_fields") or ()))

    @property
    def known(self) -> bool:
        return self.value is not None

    def display(self, missing: str = NOT_AVAILABLE) -> str:
        """``"$65.27"``, ``"$115.00 or more"``, or ``missing``."""
        if self.top_coded:
            return f"${TOP_CODE_HOURLY:,.2f} or more"
        return missing if self.value is None else f"${self.value:,.2f}"

    def csv_value(self) -> str:
        """``"65.27"``, ``">=115.00"``, or ``""`` when BLS publishes nothing."""
        if self.top_coded:
            return f">={TOP_CODE_HOURLY:.2f}"
        return "" if self.value is None else f"{self.value:.2f}"

    def at_us_prices(self, rpp) -> HourlyWage | None:
        """This wage at U.S. prices (÷ RPP/100, to the cent, halves up), censored at $115.00; None when
        unknown (not published, top-coded, or no price parity)."""
        if self.value is None or rpp is None:
            return None
        adjusted = (self.value / (Decimal(str(rpp)) / 100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return HourlyWage(adjusted)

"""Track statistics: pure functions from federal data to the numbers a track page shows.

Nothing here touches the ORM, a request or settings: selectors load rows and build the dataclasses
below; these functions turn them into figures. Every rule is stated here and, in plain words, in
``salaries.presentation.METHOD_NOTES`` (copied into the methodology page); the sentences a page shows
are written there too, so this module stays numbers.

Rules
-----
Detailed occupations only
    A track is a set of detailed SOC occupations. ``track_employment`` and ``track_pay`` refuse rows
    whose ``o_group`` is not ``"detailed"`` and refuse the same occupation twice in one call, because
    summing across SOC levels (or twice over one occupation) double counts.

Track employment
    The sum of published employment of the track's occupations; suppressed (``**``) employment is
    left out and counted.

Top code
    BLS does not publish annual wages at or above $239,200 (``#``). Any percentile marked top-coded,
    and any percentile value at or above $239,200 (the May 2025 flat files print some), is treated as
    censored: known only to be at least $239,200. A reported quantile is never a number at or above
    $239,200; it is ``Quantile(None, top_coded=True)``, displayed "$239,200 or more". Earlier surveys
    had lower top codes ($187,200 in 2011-2015, $208,000 in 2016-2021; ``TOP_CODE_BY_YEAR``);
    ``trend_series`` applies each year's own, and the display names it.

Track pay: the employment-weighted mixture
    Each occupation's wage distribution is a CDF drawn through its published percentiles
    (10th, 25th, median, 75th, 90th at cumulative shares 0.10, 0.25, 0.50, 0.75, 0.90), straight
    lines between them. The track's distribution is the mixture of those CDFs weighted by each
    occupation's employment, G(x) = sum(w_i F_i(x)) / sum(w_i). A track quantile at level a is the
    smallest x with G(x) >= a. This is not an average of medians.

    Lower tail (below the 10th percentile): the density between the 10th and 25th percentiles is
    continued downwards until the CDF reaches 0, i.e. to p10 - (2/3)(p25 - p10) (not below $0). If the
    10th and 25th percentiles are equal, the bottom 10% sits at the 10th percentile.

    Upper tail (above a published 90th percentile): a Pareto tail through the 75th and 90th
    percentiles, 1 - F(x) = 0.10 (x / p90) ** -k with k = ln(0.25 / 0.10) / ln(p90 / p75); the usual
    way to extend a right-skewed wage distribution beyond its last published point. If p75 = p90 the
    top 10% sits at the 90th percentile.

    Top-coded occupations: above an occupation's last published percentile its CDF is unknown below
    $239,200 (the next percentile is somewhere at or above it). Two steps:
      1. Can the quantile be pinned below $239,200? Test with the cautious assumption that all of the
         occupation's unpublished share lies at or above $239,200 (its CDF flat at the last published
         level up to $239,200). If the mixture does not reach level a below $239,200 under that
         assumption, the quantile is reported as "$239,200 or more".
      2. Otherwise the value is solved with the CDF drawn straight from the last published percentile to
         $239,200 at the next percentile's level, as if the top-coded percentile were exactly $239,200
         (the least it can be). That value is never above the cautious one, so it is below $239,200.
    An occupation with all five percentiles top-coded has no share of its jobs below $239,200.

    Solving: the mixture CDF is piecewise linear between the union of all occupations' knots, except
    where an occupation is in its Pareto tail. G is evaluated once at every knot; the quantile lies on
    the segment where G first reaches a and is found there by straight-line interpolation or, on a
    segment where a Pareto tail is involved, by Newton's method kept inside the segment (bisection
    when a step would leave it), to well under a cent. Results are rounded to the
    nearest $10 (halves up), as BLS rounds annual wages. A single occupation therefore reproduces its
    own published percentiles exactly. A result that rounds to $239,200 or more is reported top-coded.

Left out and counted
    An occupation enters track pay only if its employment is published and none of its five annual
    percentiles is suppressed (``*``; includes hourly-only occupations, which have no annual wages).
    The others are counted in ``TrackPay.occupations_left_out``.

Price-adjusted pay
    nominal / (RPP / 100), BEA Regional Price Parity, all items, for the metro (U.S. = 100), as in BLS's
    Monthly Labor Review "Purchasing power: using wage statistics with regional price parities"
    (April 2016). RPPs compare places within one year; the page names the RPP year used
    (``rpp_pairing``). A metro's price-adjusted median is rounded to the nearest $10 like the median.
    ``equivalent_pay`` = pay x RPP(to) / RPP(from): the pay with the same buying power elsewhere.

Metro tiers
    Metros ranked by all-occupation employment (ties by CBSA code): ranks 1-25 "largest", 26-100
    "mid-market", the rest "smaller" (``LARGEST_METROS_COUNT``, ``MID_MARKET_COUNT``).

Ranking metros
    A metro is ranked only if occupations holding at least ``MIN_PUBLISHED_SHARE`` (80%) of the track's
    national employment have published employment and wages there, and the metro has at least
    ``MIN_METRO_EMPLOYMENT`` (1,000) track jobs. "Most track jobs" lists every metro with jobs (the
    table marks limited data); "where pay goes furthest" ranks ranked metros by price-adjusted median,
    highest first; ties go to the lower area code.

Pay-by-location sentence
    For the largest and the mid-market tiers: the median across the tier's ranked metros (with a known
    median and RPP) of the metro medians, and of the price-adjusted medians, each shown rounded to
    $1,000. Share of the nominal gap closed by prices = 1 - adjusted gap / nominal gap: >= 1/2 "much",
    >= 1/5 "some", >= 0 "little", < 0 "widens", > 1 "pay goes further in" the lower-paid tier.

Industry shares
    Track employment in each of the 20 NAICS sectors (national OEWS by industry) over the sum across
    those sectors; the OEWS government ownership designations overlap sector 99 and are refused. Pay in a
    sector is the mixture median of the track's occupations in that sector.

Trends
    Each survey year's track employment and mixture median, with that year's top code. Constant dollars
    = nominal x CPI-U(May of base year) / CPI-U(May of that year), rounded to $10; none where a CPI
    value is missing or the median is top-coded. Years where the track's code set changes are flagged
    as breaks (the caller decides them from the SOC crosswalk) and the charts do not join across them.

Projections
    Sums of the track's occupations' BLS Employment Projections (thousands, including self-employed):
    base and projected employment, change (sum of published changes) and annual openings; percent change
    = total change / total base employment x 100, one decimal, halves up; for one occupation, BLS's own
    percent. Summary rows and mixed projection periods are refused.

Skills and related tracks
    Skill profile = employment-weighted mean O*NET importance per skill (1-5), highest first. Similarity
    of two profiles = cosine similarity of importance minus 1 (the scale's "not important" floor), 0..1.
    Industry overlap = sum over sectors of the smaller of the two tracks' shares, 0..1. Shared top skills
    = skills ranked by the lower of the two tracks' importances.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np

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

_PERCENTILE_SHARES = tuple((p, float(PERCENTILE_LEVELS[p])) for p in PERCENTILES)
_BISECTION_STEPS = 60  # at most this many solver steps: bisection alone halves $239,200 to under a cent


# --------------------------------------------------------------------------------------------------
# Money


def _round_half_up(value: float | Fraction | Decimal, step: int = 1) -> int:
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
    return _round_half_up(value, ROUND_TO_DOLLARS)


def format_dollars(value: float | int | Fraction | None) -> str:
    """``105770`` -> ``"$105,770"`` (rounded to the whole dollar); ``None`` -> ``"not available"``."""
    if value is None:
        return NOT_AVAILABLE
    dollars = _round_half_up(value)
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
# Dataclasses


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


# Hourly equivalents. OEWS publishes annual = hourly x 2,080 (full-time, full-year); figures pooled
# across occupations (a track's median, a metro's median, price-adjusted pay) have no published hourly
# value, so their hourly equivalent is the annual figure divided by 2,080, rounded half up to the cent.
# The annual top code ($239,200) corresponds to $115.00 an hour.
HOURS_PER_YEAR = 2080


def hourly_equivalent(value) -> Decimal | None:
    """Annual dollars -> dollars an hour (annual / 2,080, to the cent, half up); None stays None."""
    if value is None:
        return None
    return (Decimal(str(value)) / HOURS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hourly_display(q: Quantile) -> str:
    """A Quantile's hourly equivalent: ``"$28.01"``, ``"$115.00 or more"`` or ``"not available"``."""
    if q.top_coded:
        return f"${hourly_equivalent(q.top_code):,.2f} or more"
    value = hourly_equivalent(q.value)
    return NOT_AVAILABLE if value is None else f"${value:,.2f}"


def hourly_csv_value(value) -> object:
    """A CSV cell: the hourly equivalent of a Quantile or a number (``">=115.00"`` when top-coded)."""
    if isinstance(value, Quantile):
        if value.top_coded:
            return f">={hourly_equivalent(value.top_code)}"
        value = value.value
    hourly = hourly_equivalent(value)
    return "" if hourly is None else str(hourly)


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


@dataclass(frozen=True)
class EmploymentTotal:
    total: int  # sum of published employment of detailed occupations
    published: int  # how many occupations had published employment
    suppressed: int  # how many did not


@dataclass(frozen=True)
class TrackPay:
    p10: Quantile
    p25: Quantile
    median: Quantile
    p75: Quantile
    p90: Quantile
    employment: int  # employment weight actually used
    occupations_used: int
    occupations_left_out: int  # suppressed wages or employment -> left out and counted
    left_out_codes: tuple[str, ...] = field(default=())

    def range_display(self) -> str:
        """``"$45,000 to $180,000"`` (10th to 90th percentile)."""
        if not (self.p10.known or self.p10.top_coded) or not (self.p90.known or self.p90.top_coded):
            return NOT_AVAILABLE
        return f"{self.p10.display()} to {self.p90.display()}"

    def quantiles(self) -> dict[str, Quantile]:
        return {"p10": self.p10, "p25": self.p25, "p50": self.median, "p75": self.p75, "p90": self.p90}


# --------------------------------------------------------------------------------------------------
# Employment


def _checked(distributions: Iterable[WageDistribution]) -> list[WageDistribution]:
    rows = list(distributions)
    seen = set()
    for row in rows:
        if row.o_group != "detailed":
            raise ValueError(
                f"{row.occupation_code} is a {row.o_group!r} row; only detailed occupations may be summed"
            )
        if row.occupation_code in seen:
            raise ValueError(f"{row.occupation_code} appears twice; it would be counted twice")
        seen.add(row.occupation_code)
    return rows


def track_employment(distributions: Iterable[WageDistribution]) -> EmploymentTotal:
    """Sum of published employment of the track's detailed occupations in one area."""
    rows = _checked(distributions)
    published = [row.employment for row in rows if row.employment is not None]
    return EmploymentTotal(
        total=sum(published), published=len(published), suppressed=len(rows) - len(published)
    )


# --------------------------------------------------------------------------------------------------
# The mixture


class _Cdf:
    """One occupation's interpolated CDF on [0, top code), weighted by its employment.

    ``xs``/``fs`` are knots joined by straight lines, starting at the lower-tail anchor where F = 0
    (repeated x values are jumps). Beyond the last knot the CDF is either a Pareto tail (``pareto`` =
    (p90, k), fully published occupations) or flat at ``flat_level`` (top-coded occupations in the
    cautious envelope; F = 1 after a degenerate upper tail).
    """

    def __init__(self, dist: WageDistribution, *, cautious: bool):
        self.weight = float(dist.employment)
        self.top = float(dist.top_code)
        self.pareto: tuple[float, float] | None = None
        published: list[tuple[float, float]] = []
        top_coded: list[float] = []
        for p, level in _PERCENTILE_SHARES:
            value = getattr(dist, p)
            if p in dist.top_coded or (value is not None and value >= dist.top_code):  # is_top_coded
                top_coded.append(level)
            else:
                published.append((float(value), level))
        self.censored = bool(top_coded)
        for (x0, _), (x1, _) in zip(published, published[1:], strict=False):
            if x1 < x0:
                raise ValueError(f"{dist.occupation_code}: percentiles out of order")
        if top_coded and published and top_coded[0] < published[-1][1]:
            raise ValueError(f"{dist.occupation_code}: a top-coded percentile below a published one")

        self.flat_level = 1.0
        if not published:  # everything at or above the top code
            self.xs: list[float] = []
            self.fs: list[float] = []
            self.flat_level = 0.0
            return
        interpolation = list(published)
        if top_coded:  # as if the first top-coded percentile sat exactly at the top code
            interpolation.append((self.top, top_coded[0]))
        knots = [*self._lower_tail(interpolation), *(published if cautious and top_coded else interpolation)]
        if top_coded:
            self.flat_level = knots[-1][1]  # cautious: flat; otherwise the last knot is the top code
        else:
            p75, p90 = published[-2][0], published[-1][0]
            if p90 > p75 > 0:
                self.pareto = (p90, math.log(0.25 / 0.10) / math.log(p90 / p75))
            else:  # p75 == p90: the top 10% sits at the 90th percentile
                knots.append((knots[-1][0], 1.0))
        self.xs = [x for x, _ in knots]
        self.fs = [f for _, f in knots]

    @staticmethod
    def _lower_tail(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        (x1, a1) = points[0]
        if len(points) < 2 or points[1][0] == x1:
            return [(x1, 0.0)]
        (x2, a2) = points[1]
        anchor = x1 - a1 * (x2 - x1) / (a2 - a1)
        if anchor < 0:  # never below $0: the remaining share sits at $0
            return [(0.0, 0.0), (0.0, a1 - a1 * x1 / (x1 - anchor))]
        return [(anchor, 0.0)]

    def value(self, x: float, *, left: bool = False) -> float:
        """F(x) (right-continuous), or its limit from the left when ``left``."""
        xs, fs = self.xs, self.fs
        if not xs:
            return self.flat_level
        if x < xs[0] or (left and x == xs[0]):
            return 0.0
        if x > xs[-1]:
            if self.pareto:
                p90, k = self.pareto
                return 1.0 - 0.10 * (x / p90) ** -k
            return self.flat_level
        if left:
            i = bisect_left(xs, x)  # xs[i - 1] < x <= xs[i]
            if xs[i] == x:
                return fs[i]
            i -= 1
        else:
            i = bisect_right(xs, x) - 1  # xs[i] <= x < xs[i + 1] (or x == the last knot)
            if xs[i] == x:
                return fs[i]
        x0, x1 = xs[i], xs[i + 1]
        return fs[i] + (fs[i + 1] - fs[i]) * (x - x0) / (x1 - x0)


_EPSILON = 1e-12  # float tolerance on cumulative shares
_NEWTON_TOLERANCE = 1e-7  # dollars: the last Newton step is this small, so the root is good to far less


def _mixture(curves: list[_Cdf], x: float, total: float, *, left: bool = False) -> float:
    return sum(c.weight * c.value(x, left=left) for c in curves) / total


def _envelope_levels(curves: list[_Cdf]) -> tuple[float | None, float]:
    """G at the highest knot below the top code (None if there is none) and just below the top code.

    A level is reached below the top code if G reaches it at a knot there or gets strictly past it just
    below the top code; G never decreases, so it reaches it at some knot exactly when at the highest.
    """
    top = curves[0].top
    total = sum(c.weight for c in curves)
    highest = max((x for c in curves for x in c.xs if x < top), default=None)
    at_highest = None if highest is None else _mixture(curves, highest, total)
    return at_highest, _mixture(curves, top, total, left=True)


def _reached(envelope: tuple[float | None, float], level: float) -> bool:
    at_highest, below_top = envelope
    return (at_highest is not None and at_highest >= level - _EPSILON) or below_top > level + _EPSILON


class _Mixture:
    """The employment-weighted mixture G(x) = sum(w_i F_i(x)) / sum(w_i) of some ``_Cdf`` curves.

    G is tabulated once at every curve's knots below the top code (``points``, sorted): ``right[j]`` is
    G(points[j]) and ``left[j]`` its limit from the left; ``top_left`` is the limit at the top code.
    Numpy evaluates every F_i at every point with the arithmetic of ``_Cdf.value`` (same operations,
    same floats); only the weighted sum is added up in numpy's order, so G agrees with ``_mixture``
    to the last bit or two. Between two neighbouring points every F_i is a straight line, constant, or
    in its Pareto tail (above its 90th percentile), so a quantile is the straight-line solution on the
    segment where G first reaches the level or, only where a Pareto tail is involved, Newton's method
    kept inside that one segment. All the levels of one mixture are read off the same table; the
    tests check every result against the knot-by-knot solver this replaced.
    """

    def __init__(self, curves: list[_Cdf]):
        self.curves = curves
        self.top = curves[0].top
        self.total = sum(c.weight for c in curves)
        self.points = sorted({x for c in curves for x in c.xs if x < self.top})
        # above the lowest 90th percentile that has a Pareto tail, G is no longer made of straight lines
        self.pareto_from = min((c.xs[-1] for c in curves if c.pareto), default=math.inf)
        self.right, self.left, self.top_left = self._tabulate()
        self._right = np.array(self.right)

    def _tabulate(self) -> tuple[list[float], list[float], float]:
        """G at each point (right-continuous), its limit from the left there, and the limit at the top.

        Every knot is one of the query values (the points and the top code), so each curve's
        ``bisect_right``/``bisect_left`` at every query value comes from counting its knots by rank.
        """
        curves = self.curves
        query = np.array([*self.points, self.top])
        width = len(query)
        # all knots in one flat array, curve after curve, with a spare entry before and two after so
        # that the neighbours of any count index exist (they are only read where a real knot is meant)
        xs, fs, rows, params = [0.0], [0.0], [], []
        for i, c in enumerate(curves):
            params.append((len(xs), len(c.xs), c.weight, c.flat_level))
            xs += c.xs
            fs += c.fs
            rows += [i] * len(c.xs)
        xs, fs = np.array([*xs, 0.0, 0.0]), np.array([*fs, 0.0, 0.0])
        start, size, weight, flat = np.array(params).T[:, :, None]
        start = start.astype(np.intp)
        # hits[i, j]: curve i's knots at query[j]; at_or_below = bisect_right(xs_i, query[j]) and
        # below = bisect_left(xs_i, query[j])
        keys = np.array(rows, dtype=np.intp) * width + np.searchsorted(query, xs[1:-2])
        hits = np.bincount(keys, minlength=len(curves) * width).reshape(len(curves), width)
        at_or_below = hits.cumsum(axis=1)
        below = at_or_below - hits
        x = query[None, :]
        i0 = start + at_or_below - 1  # the last knot <= x, and the line from it to the next knot
        x0, f0 = xs[i0], fs[i0]
        with np.errstate(divide="ignore", invalid="ignore"):
            line = f0 + (fs[i0 + 1] - f0) * (x - x0) / (xs[i0 + 1] - x0)
        # F: at a knot, its last value there (right-continuous); below the first knot 0; above the last,
        # the Pareto tail or the flat level
        value = np.where(hits > 0, f0, line)
        value[at_or_below == 0] = 0.0
        above = (below == size) & (size > 0)
        value = np.where(above, flat, value)
        tails = [(i, c.pareto) for i, c in enumerate(curves) if c.pareto]
        if tails:
            tail_rows, p90_k = zip(*tails, strict=True)
            tail_rows = np.array(tail_rows)
            p90, k = np.array(p90_k).T
            r, j = np.nonzero(above[tail_rows])
            value[tail_rows[r], j] = 1.0 - 0.10 * (query[j] / p90[r]) ** -k[r]
        g = (weight * value).sum(axis=0) / self.total
        g_left = g.copy()
        # from the left, F differs only where a curve jumps (repeated knots): its first value there, or 0
        # at its first knot
        for j in np.flatnonzero((hits > 1).any(axis=0)).tolist():
            column = value[:, j].copy()
            jumping = hits[:, j] > 1
            first = fs[start[:, 0] + below[:, j]]
            column[jumping] = np.where(below[jumping, j] == 0, 0.0, first[jumping])
            g_left[j] = (weight[:, 0] * column).sum() / self.total
        return g[:-1].tolist(), g_left[:-1].tolist(), float(g_left[-1])

    def quantile(self, level: float) -> float | None:
        """Smallest x below the top code with G(x) >= level, or None if G stays below level there."""
        reached = np.flatnonzero(self._right >= level - _EPSILON)
        if reached.size:
            j = int(reached[0])
            b, g_left = self.points[j], self.left[j]
        elif self.top_left > level + _EPSILON:  # pinned below the top code only if G gets strictly past
            j, b, g_left = len(self.points), self.top, self.top_left
        else:
            return None
        if j == 0:
            return b
        prev, g_prev = self.points[j - 1], self.right[j - 1]
        if g_left < level - _EPSILON or g_left <= g_prev:
            return b  # G jumps past the level at b
        straight = min(max(prev + (level - g_prev) * (b - prev) / (g_left - g_prev), prev), b)
        if b <= self.pareto_from:  # every F_i is a straight line or constant on (prev, b)
            return straight
        return self._newton(prev, b, level, straight)

    def _newton(self, prev: float, b: float, level: float, x: float) -> float:
        """G(x) = level on (prev, b), two neighbouring points, where some F_i is in its Pareto tail.

        There G = (base + slope (x - prev) - sum(0.10 w (x / p90) ** -k)) / total, increasing and
        concave, so Newton's method from the straight-line guess converges fast; a step that would leave
        the bracket [lo, hi] around the root is replaced by bisection.
        """
        base, slope, tails = 0.0, 0.0, []
        for c in self.curves:
            xs, fs = c.xs, c.fs
            if not xs:
                base += c.weight * c.flat_level
            elif b <= xs[0]:
                continue  # below the lower tail: F = 0
            elif prev >= xs[-1]:  # above the last knot
                if c.pareto:
                    base += c.weight
                    tails.append((0.10 * c.weight, c.pareto[0], -c.pareto[1]))
                else:
                    base += c.weight * c.flat_level
            else:  # one straight piece spans (prev, b): xs[i] <= prev < b <= xs[i + 1]
                i = bisect_right(xs, prev) - 1
                rise = (fs[i + 1] - fs[i]) / (xs[i + 1] - xs[i])
                base += c.weight * (fs[i] + rise * (prev - xs[i]))
                slope += c.weight * rise
        target = level * self.total
        lo, hi = prev, b
        for _ in range(_BISECTION_STEPS):
            terms = [(w * (x / p90) ** neg_k, neg_k) for w, p90, neg_k in tails]
            excess = base + slope * (x - prev) - sum(t for t, _ in terms) - target
            if excess >= 0:
                hi = x
            else:
                lo = x
            derivative = slope - sum(t * neg_k for t, neg_k in terms) / x
            # a steep tail can underflow to a flat G here: then, or if the step leaves [lo, hi], bisect
            following = x - excess / derivative if derivative > 0 else math.nan
            if not lo <= following <= hi:
                following = (lo + hi) / 2
            if abs(following - x) <= _NEWTON_TOLERANCE:
                return following
            x = following
        return x


def _median(rows: list[WageDistribution]) -> Quantile:
    """``track_pay(rows).median`` without the other four quantiles (rows already checked)."""
    return mixture_quantile(rows, PERCENTILE_LEVELS["p50"])


def mixture_quantile(distributions: Iterable[WageDistribution], level: Fraction | float) -> Quantile:
    """The ``level`` quantile of the employment-weighted mixture (see the module docstring).

    Distributions without published employment and wages are skipped (``track_pay`` counts them).
    """
    return mixture_quantiles(distributions, [level])[0]


def mixture_quantiles(
    distributions: Iterable[WageDistribution], levels: Iterable[Fraction | float]
) -> list[Quantile]:
    """Several quantiles of one mixture (the occupations' CDFs are built once)."""
    levels = [float(level) for level in levels]
    if not all(0 < level < 1 for level in levels):
        raise ValueError("levels must be between 0 and 1")
    given = list(distributions)
    top_code = _common_top_code(given)
    rows = [d for d in given if d.usable_for_pay and d.employment > 0]
    if not rows:
        return [Quantile(None, top_code=top_code) for _ in levels]
    curves = [_Cdf(d, cautious=False) for d in rows]
    # step 1 of the top-code rule (module docstring) on the cautious envelope, which differs from the
    # mixture only in top-coded occupations; without any, "not reached" is the solver's None
    envelope = None
    if any(c.censored for c in curves):
        envelope = _envelope_levels(
            [_Cdf(d, cautious=True) if c.censored else c for c, d in zip(curves, rows, strict=True)]
        )
    mixture = None
    out = []
    for level in levels:
        if envelope is not None and not _reached(envelope, level):
            out.append(Quantile(None, top_coded=True, top_code=top_code))
            continue
        if mixture is None:
            mixture = _Mixture(curves)
        value = mixture.quantile(level)
        if value is None:
            out.append(Quantile(None, top_coded=True, top_code=top_code))
            continue
        # round(…, 4) drops float noise (57,499.99999999 is 57,500) before rounding halves up to $10; a
        # value that rounds to the top code or above becomes top-coded in Quantile itself
        out.append(Quantile(round_to_ten(round(value, 4)), top_code=top_code))
    return out


def _common_top_code(rows: list[WageDistribution]) -> int:
    codes = {d.top_code for d in rows}
    if len(codes) > 1:
        raise ValueError(f"distributions from surveys with different top codes: {sorted(codes)}")
    return codes.pop() if codes else TOP_CODE_ANNUAL


def track_pay(distributions: Iterable[WageDistribution]) -> TrackPay:
    """Quantiles of the employment-weighted mixture of the occupations' wage distributions."""
    rows = _checked(distributions)
    used = [d for d in rows if d.usable_for_pay]
    left_out = tuple(d.occupation_code for d in rows if not d.usable_for_pay)
    q = dict(zip(PERCENTILES, mixture_quantiles(rows, PERCENTILE_LEVELS.values()), strict=True))
    return TrackPay(
        p10=q["p10"],
        p25=q["p25"],
        median=q["p50"],
        p75=q["p75"],
        p90=q["p90"],
        employment=sum(d.employment for d in used),
        occupations_used=len(used),
        occupations_left_out=len(left_out),
        left_out_codes=left_out,
    )


def occupation_pay_band(dist: WageDistribution, band: str) -> tuple[Quantile, Quantile]:
    """The published low and high ends of a pay band ("p25_p75", …) for one occupation."""
    try:
        low, high = PAY_BANDS[band]
    except KeyError:
        raise ValueError(f"unknown pay band {band!r}; expected one of {sorted(PAY_BANDS)}") from None
    return dist.quantile(low), dist.quantile(high)


def price_adjusted(nominal: float, rpp_all_items: float) -> float:
    """Pay in average-U.S. prices: nominal / (RPP / 100)."""
    rpp = float(rpp_all_items)
    if not rpp > 0:
        raise ValueError("a regional price parity must be positive")
    return float(nominal) / (rpp / 100)


def equivalent_pay(pay: float, rpp_from: float, rpp_to: float) -> float:
    """Pay needed where prices are ``rpp_to`` for the buying power of ``pay`` where they are ``rpp_from``."""
    if not (float(rpp_from) > 0 and float(rpp_to) > 0):
        raise ValueError("regional price parities must be positive")
    return float(pay) * float(rpp_to) / float(rpp_from)


# --------------------------------------------------------------------------------------------------
# Metros

LARGEST_METROS_COUNT = 25  # metros ranked 1-25 by all-occupation employment are "largest"
MID_MARKET_COUNT = 75  # the next 75 (ranks 26-100) are "mid-market"; the rest are "smaller"
TIER_LARGEST, TIER_MID_MARKET, TIER_SMALLER = "largest", "mid-market", "smaller"
TIER_LABELS = {
    TIER_LARGEST: "largest metros",
    TIER_MID_MARKET: "mid-market metros",
    TIER_SMALLER: "smaller metros",
}
MIN_PUBLISHED_SHARE = 0.8  # occupations holding >= 80% of the track's national jobs have published wages
MIN_METRO_EMPLOYMENT = 1_000  # and the metro has at least 1,000 track jobs with published employment


@dataclass(frozen=True)
class MetroTrackFigures:
    area_code: str
    area_name: str
    employment: int
    median: Quantile
    rpp: float | None
    adjusted_median: float | None
    tier: str  # "largest", "mid-market", "smaller"
    rankable: bool  # meets the minimum-published-data rule
    published_share: float | None = None  # share of the track's national jobs with published data here
    occupations_left_out: int = 0

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, self.tier)


def metro_tiers(total_employment_by_metro: dict[str, int]) -> dict[str, str]:
    """Tier of each metro by its all-occupation employment rank (see METHOD_NOTES["metro_tiers"])."""
    ranked = sorted(total_employment_by_metro.items(), key=lambda item: (-(item[1] or 0), item[0]))
    tiers = {}
    for rank, (code, _) in enumerate(ranked, start=1):
        if rank <= LARGEST_METROS_COUNT:
            tiers[code] = TIER_LARGEST
        elif rank <= LARGEST_METROS_COUNT + MID_MARKET_COUNT:
            tiers[code] = TIER_MID_MARKET
        else:
            tiers[code] = TIER_SMALLER
    return tiers


def published_share(distributions: Iterable[WageDistribution], national_mix: Mapping[str, int]) -> float:
    """Share of the track's national employment held by occupations with published data in this area."""
    national_total = sum(v for v in national_mix.values() if v)
    if not national_total:
        return 0.0
    covered = sum(national_mix.get(d.occupation_code) or 0 for d in distributions if d.usable_for_pay)
    return covered / national_total


def metro_track_figures(
    *,
    area_code: str,
    area_name: str,
    distributions: Iterable[WageDistribution],
    rpp: float | None,
    tier: str,
    national_mix: Mapping[str, int],
    pay: TrackPay | None = None,
) -> MetroTrackFigures:
    """One metro's track figures; ``national_mix`` is the track's national employment by occupation.

    ``pay``: ``track_pay(distributions)`` when the caller has already solved it (its median is then
    used as is: the same mixture, the same solver)."""
    rows = _checked(distributions)
    employment = track_employment(rows)
    # the page shows only the median per metro: no need for all five quantiles
    median = pay.median if pay is not None else _median(rows)
    share = published_share(rows, national_mix)
    adjusted = None
    if rpp is not None and median.known:
        adjusted = float(round_to_ten(price_adjusted(median.value, rpp)))
    return MetroTrackFigures(
        area_code=area_code,
        area_name=area_name,
        employment=employment.total,
        median=median,
        rpp=None if rpp is None else float(rpp),
        adjusted_median=adjusted,
        tier=tier,
        rankable=share >= MIN_PUBLISHED_SHARE and employment.total >= MIN_METRO_EMPLOYMENT,
        published_share=share,
        occupations_left_out=sum(1 for d in rows if not d.usable_for_pay),  # as TrackPay counts them
    )


def _middle(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def top_metros_by_jobs(metros: Iterable[MetroTrackFigures], n: int = 10) -> list[MetroTrackFigures]:
    """The ``n`` metros with the most track jobs (ties by area code)."""
    ranked = sorted((m for m in metros if m.employment > 0), key=lambda m: (-m.employment, m.area_code))
    return ranked[:n]


def metros_where_pay_goes_furthest(
    metros: Iterable[MetroTrackFigures], n: int = 10
) -> list[MetroTrackFigures]:
    """Ranked metros by price-adjusted median pay, highest first (ties by area code)."""
    ranked = sorted(
        (m for m in metros if m.rankable and m.adjusted_median is not None),
        key=lambda m: (-m.adjusted_median, m.area_code),
    )
    return ranked[:n]


# --------------------------------------------------------------------------------------------------
# Industries


OEWS_OWNERSHIP_DESIGNATIONS = frozenset({"999101", "999201", "999301"})


@dataclass(frozen=True)
class IndustryShare:
    code: str
    title: str
    employment: int
    share: float
    median: Quantile


def industry_shares(
    by_sector: dict[str, list[WageDistribution]], titles: dict[str, str]
) -> list[IndustryShare]:
    """Track employment per sector over track employment across sectors; sorted by share, largest first.

    Pass the 20 NAICS sectors only: the OEWS ownership designations (``999101`` federal, ``999201``
    state, ``999301`` local government) overlap sector ``99-100`` and would count government jobs twice,
    so they are refused.
    """
    designations = sorted(code for code in by_sector if code in OEWS_OWNERSHIP_DESIGNATIONS)
    if designations:
        raise ValueError(f"ownership designations {designations} overlap the sectors; pass sectors only")
    employment = {code: track_employment(rows).total for code, rows in by_sector.items()}
    total = sum(employment.values())
    if not total:
        return []
    shares = [
        IndustryShare(
            code=code,
            title=titles.get(code, code),
            employment=employment[code],
            share=employment[code] / total,
            median=_median(rows),
        )
        for code, rows in by_sector.items()
        if employment[code] > 0
    ]
    return sorted(shares, key=lambda s: (-s.employment, s.code))


# --------------------------------------------------------------------------------------------------
# Trends


@dataclass(frozen=True)
class TrendPoint:
    year: int
    employment: int | None
    median: Quantile
    median_constant: float | None
    soc_break: bool  # True where the track's code set changed vs previous year


def constant_dollars(nominal: float, cpi_year: float, cpi_base: float) -> float:
    """Nominal dollars of one May restated in base-year May dollars: nominal * CPI(base) / CPI(year)."""
    if not (float(cpi_year) > 0 and float(cpi_base) > 0):
        raise ValueError("CPI values must be positive")
    return float(nominal) * float(cpi_base) / float(cpi_year)


def trend_series(
    rows_by_year: dict[int, list[WageDistribution]],
    cpi_may: dict[int, float],
    base_year: int,
    breaks: set[int],
) -> list[TrendPoint]:
    """Track employment and median by survey year; constant dollars in ``base_year`` May prices."""
    base_cpi = cpi_may.get(base_year)
    points = []
    for year in sorted(rows_by_year):
        top_code = top_code_for_year(year)
        rows = [replace(d, top_code=top_code) for d in rows_by_year[year]]
        employment = track_employment(rows)
        median = _median(rows)
        constant = None
        if median.known and base_cpi and cpi_may.get(year):
            constant = float(round_to_ten(constant_dollars(median.value, cpi_may[year], base_cpi)))
        points.append(
            TrendPoint(
                year=year,
                employment=employment.total if employment.published else None,
                median=median,
                median_constant=constant,
                soc_break=year in breaks,
            )
        )
    return points


# --------------------------------------------------------------------------------------------------
# Projections


@dataclass(frozen=True)
class ProjectionSummary:
    base_year: int
    proj_year: int
    employment_base: float  # thousands
    employment_projected: float  # thousands
    change: float  # thousands
    change_percent: float  # percent
    openings_annual: float  # thousands


def _thousands(value) -> float:
    return round(float(value), 1)


def projected_change(rows: list[dict]) -> ProjectionSummary:
    """Sum of the track's occupations' projections (rows are Projection ``.values()`` dicts)."""
    if not rows:
        raise ValueError("no projection rows")
    if any(str(r.get("occ_type", "Line item")).lower() == "summary" for r in rows):
        raise ValueError("summary rows would double count; pass line items only")
    codes = [r["occ_code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("an occupation appears twice")
    years = {(int(r["base_year"]), int(r["proj_year"])) for r in rows}
    if len(years) != 1:
        raise ValueError(f"rows mix projection periods: {sorted(years)}")
    (base_year, proj_year) = years.pop()
    base = _thousands(sum(Decimal(str(r["employment_base"])) for r in rows))
    projected = _thousands(sum(Decimal(str(r["employment_projected"])) for r in rows))
    change = _thousands(sum(Decimal(str(r["change"])) for r in rows))
    openings = _thousands(sum(Decimal(str(r["openings_annual"])) for r in rows))
    if len(rows) == 1 and rows[0].get("change_percent") is not None:
        percent = _thousands(rows[0]["change_percent"])
    else:
        percent = float(
            (Decimal(str(change)) * 100 / Decimal(str(base))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    return ProjectionSummary(
        base_year=base_year,
        proj_year=proj_year,
        employment_base=base,
        employment_projected=projected,
        change=change,
        change_percent=percent,
        openings_annual=openings,
    )


def format_thousands(value: float) -> str:
    """Thousands of jobs as a count of jobs: ``251.0`` -> ``"251,000"``."""
    return f"{_round_half_up(Decimal(str(value)) * 1000):,}"


def format_percent_change(value: float) -> str:
    """``5.2`` -> ``"+5.2%"``; ``-1.0`` -> ``"-1.0%"`` (minus sign); ``0`` -> ``"0.0%"``."""
    if value > 0:
        return f"+{value:.1f}%"
    if value < 0:
        return f"\u2212{abs(value):.1f}%"
    return "0.0%"


# --------------------------------------------------------------------------------------------------
# Skills and related tracks

SKILL_SCALE_FLOOR = 1.0  # O*NET importance "1 = not important"


def skill_profile(
    importance_by_occupation: dict[str, dict[str, float]],
    employment_by_occupation: dict[str, int],
) -> list[tuple[str, float]]:
    """Employment-weighted mean importance per skill, highest first (ties by skill name).

    Occupations without published employment are left out; a skill's mean uses the occupations that
    rate it.
    """
    totals: dict[str, float] = {}
    weights: dict[str, float] = {}
    for occupation, skills in sorted(importance_by_occupation.items()):
        weight = employment_by_occupation.get(occupation)
        if not weight:
            continue
        for skill, importance in skills.items():
            if importance is None:
                continue
            totals[skill] = totals.get(skill, 0.0) + float(weight) * float(importance)
            weights[skill] = weights.get(skill, 0.0) + float(weight)
    profile = [(skill, totals[skill] / weights[skill]) for skill in totals]
    return sorted(profile, key=lambda item: (-item[1], item[0]))


def profile_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two skill profiles measured from the scale floor; 0..1."""
    skills = sorted(set(a) | set(b))
    va = [max(float(a.get(s, SKILL_SCALE_FLOOR)) - SKILL_SCALE_FLOOR, 0.0) for s in skills]
    vb = [max(float(b.get(s, SKILL_SCALE_FLOOR)) - SKILL_SCALE_FLOOR, 0.0) for s in skills]
    norm = math.sqrt(sum(x * x for x in va)) * math.sqrt(sum(y * y for y in vb))
    if not norm:
        return 0.0
    return min(1.0, sum(x * y for x, y in zip(va, vb, strict=True)) / norm)


def industry_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Sum over sectors of the smaller share (each side normalised to sum to 1); 0..1."""
    total_a, total_b = sum(a.values()), sum(b.values())
    if not total_a or not total_b:
        return 0.0
    return min(1.0, sum(min(a[k] / total_a, b[k] / total_b) for k in set(a) & set(b)))


def shared_top_skills(a: dict[str, float], b: dict[str, float], n: int = 3) -> list[str]:
    """The ``n`` skills both profiles rate highest: ranked by the lower of the two importances."""
    common = sorted(set(a) & set(b), key=lambda s: (-min(a[s], b[s]), s))
    return common[:n]


# The English sentences and method notes live in salaries.presentation; re-exported for older callers.
from salaries.presentation import (  # noqa: E402
    METHOD_NOTES as METHOD_NOTES,
)
from salaries.presentation import (  # noqa: E402
    TIER_PHRASES as TIER_PHRASES,
)
from salaries.presentation import (  # noqa: E402
    pay_by_location_sentence as pay_by_location_sentence,
)
from salaries.presentation import (  # noqa: E402
    percentile_position as percentile_position,
)
from salaries.presentation import (  # noqa: E402
    rpp_pairing as rpp_pairing,
)

"""A track's employment and pay: the employment-weighted mixture of its occupations' wage distributions.

Rules
-----
Detailed occupations only
    A track is a set of detailed SOC occupations. ``track_employment`` and ``track_pay`` refuse rows
    whose ``o_group`` is not ``"detailed"`` and refuse the same occupation twice in one call, because
    summing across SOC levels (or twice over one occupation) double counts.

Track employment
    The sum of published employment of the track's occupations; suppressed (``**``) employment is
    left out and counted.

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
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from salaries.statistics.wages import (
    NOT_AVAILABLE,
    PAY_BANDS,
    PERCENTILE_LEVELS,
    PERCENTILES,
    TOP_CODE_ANNUAL,
    Quantile,
    WageDistribution,
    round_to_ten,
)

_PERCENTILE_SHARES = tuple((p, float(PERCENTILE_LEVELS[p])) for p in PERCENTILES)
_BISECTION_STEPS = 60  # at most this many solver steps: bisection alone halves $239,200 to under a cent


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


def _pareto_tail(x, p90, k):
    """F(x) = 1 - 0.10 (x / p90) ** -k above the 90th percentile, for one x (floats) or many (numpy arrays
    of x, p90 and k): the one formula ``_Cdf.value`` and the tabulated mixture both use."""
    return 1.0 - 0.10 * (x / p90) ** -k


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
                return _pareto_tail(x, *self.pareto)
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
            value[tail_rows[r], j] = _pareto_tail(query[j], p90[r], k[r])
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


def mixture_median(rows: list[WageDistribution]) -> Quantile:
    """``track_pay(rows).median`` without the other four quantiles (rows already checked)."""
    return mixture_quantile(rows, PERCENTILE_LEVELS["p50"])


def mixture_quantile(distributions: Iterable[WageDistribution], level: Fraction | float) -> Quantile:
    """The ``level`` quantile of the employment-weighted mixture (see the module's rules).

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
    # step 1 of the top-code rule (the module's rules) on the cautious envelope, which differs from the
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

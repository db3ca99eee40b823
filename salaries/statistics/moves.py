"""Career moves: from one occupation, the occupations a worker can move to, ranked and typed (pure).

Rules
-----
Skill vectors (``soc_vectors``)
    For every O*NET skill and knowledge area (the two kept apart: "Mathematics" is both), an O*NET-SOC
    occupation's weight is importance (1-5) x level (0-7). An SOC code's vector is the plain mean of its
    rated O*NET-SOC occupations' weights; a code O*NET leaves unrated uses the stand-ins its guidance
    ratings borrow (``salaries.guidance.soc_ratings``).

Skill similarity (``similarity``), 0 to 100
    Every job needs reading and listening, so raw vectors all look alike. Each vector is taken as its
    difference from the average job's (the employment-weighted mean vector), over every element rated
    anywhere (an element a code does not rate counts as 0). The closeness is the cosine of the two
    differences, times 100, negative counted as 0; then O*NET's own relatedness tier of the move adds
    ``TIER_BONUS`` points (Primary-Short 10, Primary-Long 5, Supplemental 2; the best tier among the
    origin's O*NET-SOC occupations), capped at 100.

Pay change (``pay_change``)
    The destination's median annual wage minus the origin's, in dollars and as a percent of the
    origin's. A top-coded destination ("$239,200 or more") gives a change of at least $239,200 minus the
    origin's median; a top-coded origin with a known destination gives a change of at most the
    destination's median minus $239,200; both top-coded, or either not published, gives no change.

Type (``move_type``)
    Step up: pay change of +``STEP_PERCENT`` (10%) or more; step back: -10% or less; lateral between.
    Without a pay change, the O*NET job-zone step decides: a higher zone is a step up, a lower one a
    step back, the same (or unknown) lateral.

Ranking (``rank_moves``)
    score = similarity + ``PAY_WEIGHT`` (0.4) x the pay change in percent, the percent held between
    ``PAY_FLOOR`` (-25) and ``PAY_CAP`` (+50) (no pay change counts 0), minus ``DEGREE_PENALTY`` (10)
    points for each degree level the move's entry education needs above the origin's (see Filters for
    the levels; unknown counts 0). So a move paying 50% more gains 20 points, one paying 25% less loses
    10, and one needing a master's degree after a bachelor's loses 10. Largest score first; ties by
    similarity, then SOC code.
    The origin itself is never a move. ``MOVES_KEPT`` (30) are kept.

Why it fits (``why_it_fits``)
    Elements both occupations rate at least ``SHARED_MIN_IMPORTANCE`` (3.0, "important") and both above
    the average job's importance, ranked by the smaller of the two excesses over that average; at most
    ``WHY_COUNT``.

What to build (``what_to_build``)
    Elements the destination rates more important than the origin by at least ``BUILD_MIN_GAP`` (0.5),
    largest gap first; at most ``BUILD_COUNT``.

A member's moves (``personal_order``)
    A member's best moves are the stored moves re-ranked by their own strengths: each skill the member
    rated at least ``STRENGTH_MIN_RATING`` (4 of 5) that the move lists under why it fits or what to
    build adds ``STRENGTH_BONUS`` (5) points to the move's score; largest first, ties in the stored
    order.

Filters
    "No new degree": the destination's BLS typical entry education is no higher a degree than the
    origin's (no credential, high school, some college and non-degree awards count as no degree; then
    associate's, bachelor's, master's, doctoral). "Growing": BLS projects its jobs to grow over the ten
    years. "Pays more": a positive pay change.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from salaries.statistics.wages import TOP_CODE_ANNUAL

TIER_BONUS = {"Primary-Short": 10.0, "Primary-Long": 5.0, "Supplemental": 2.0}
STEP_PERCENT = 10.0
PAY_WEIGHT = 0.4
PAY_FLOOR = -25.0
PAY_CAP = 50.0
DEGREE_PENALTY = 10.0
MOVES_KEPT = 30
SHARED_MIN_IMPORTANCE = 3.0
WHY_COUNT = 5
BUILD_MIN_GAP = 0.5
BUILD_COUNT = 5

STRENGTH_MIN_RATING = 4
STRENGTH_BONUS = 5.0

STEP_UP = "step up"
LATERAL = "lateral"
STEP_BACK = "step back"

DEGREE_LEVEL = {
    "No formal educational credential": 0,
    "High school diploma or equivalent": 0,
    "Some college, no degree": 0,
    "Postsecondary nondegree award": 0,
    "Associate's degree": 1,
    "Bachelor's degree": 2,
    "Master's degree": 3,
    "Doctoral or professional degree": 4,
}


def element_key(kind: str, name: str) -> str:
    """The key of one element in a vector: ``"skill:Mathematics"`` or ``"knowledge:Mathematics"``."""
    return f"{kind}:{name}"


def element_name(key: str) -> str:
    return key.split(":", 1)[1]


# --------------------------------------------------------------------------------------------------
# Vectors and similarity


def soc_vectors(
    onet_weights: Mapping[str, Mapping[str, float]], members: Mapping[str, Iterable[str]]
) -> dict[str, dict[str, float]]:
    """Each SOC code's vector: the plain mean, element by element, of its member O*NET-SOC occupations'
    weights (importance x level), over the members that rate the element."""
    vectors = {}
    for soc, codes in members.items():
        sums: dict[str, list[float]] = defaultdict(list)
        for code in codes:
            for key, value in (onet_weights.get(code) or {}).items():
                sums[key].append(float(value))
        if sums:
            vectors[soc] = {key: sum(v) / len(v) for key, v in sums.items()}
    return vectors


def average_vector(vectors: Mapping[str, Mapping[str, float]], employment: Mapping[str, float]) -> dict:
    """The average job: each element's employment-weighted mean over codes with employment and a vector."""
    sums: dict[str, float] = defaultdict(float)
    weights: dict[str, float] = defaultdict(float)
    for code, vector in vectors.items():
        weight = float(employment.get(code) or 0)
        if weight <= 0:
            continue
        for key, value in vector.items():
            sums[key] += weight * value
            weights[key] += weight
    return {key: sums[key] / weights[key] for key in sums}


def cosine(a: Mapping[str, float], b: Mapping[str, float], baseline: Mapping[str, float]) -> float | None:
    """The cosine of (a - baseline) and (b - baseline) over every element of a, b and the baseline (a
    missing element is 0); None when either difference is all zeros."""
    keys = sorted(set(a) | set(b) | set(baseline))
    da = [a.get(k, 0.0) - baseline.get(k, 0.0) for k in keys]
    db = [b.get(k, 0.0) - baseline.get(k, 0.0) for k in keys]
    na = math.sqrt(sum(x * x for x in da))
    nb = math.sqrt(sum(x * x for x in db))
    if not na or not nb:
        return None
    return sum(x * y for x, y in zip(da, db, strict=True)) / (na * nb)


def similarity(
    a: Mapping[str, float], b: Mapping[str, float], baseline: Mapping[str, float], tier: str | None = None
) -> float:
    """Skill similarity, 0 to 100 (module rules): 100 x max(cosine, 0) plus the tier bonus, capped."""
    return scaled(cosine(a, b, baseline) or 0.0, tier)


class Space:
    """Every occupation's difference from the average job, computed once, for the similarity of many
    pairs (the same figure as ``similarity``; numpy for one occupation against all at once)."""

    def __init__(self, vectors: Mapping[str, Mapping[str, float]], baseline: Mapping[str, float]):
        keys = sorted(set(baseline).union(*(set(v) for v in vectors.values())))
        self.codes = list(vectors)
        self._index = {code: i for i, code in enumerate(self.codes)}
        matrix = np.array(
            [[vectors[c].get(k, 0.0) - baseline.get(k, 0.0) for k in keys] for c in self.codes], dtype=float
        ).reshape(len(self.codes), len(keys))
        norms = np.linalg.norm(matrix, axis=1)
        safe = np.where(norms > 0, norms, 1.0)
        self._unit = matrix / safe[:, None] * (norms > 0)[:, None]  # a zero difference stays all zeros

    def __contains__(self, code: str) -> bool:
        return code in self._index

    def cosines(self, code: str) -> dict[str, float]:
        """The cosine of ``code``'s difference with every occupation's (0 where either is all zeros)."""
        values = self._unit @ self._unit[self._index[code]]
        return dict(zip(self.codes, values.tolist(), strict=True))

    def similarity(self, a: str, b: str, tier: str | None = None) -> float:
        return scaled(self.cosines(a)[b], tier)


def scaled(cosine_value: float, tier: str | None = None) -> float:
    """100 x max(cosine, 0) plus the tier bonus, capped at 100."""
    return min(100.0, 100.0 * max(cosine_value, 0.0) + TIER_BONUS.get(tier or "", 0.0))


def best_tier(tiers: Iterable[str]) -> str | None:
    """The closest of several O*NET relatedness tiers (Primary-Short, then Primary-Long, Supplemental)."""
    found = [t for t in tiers if t in TIER_BONUS]
    return max(found, key=lambda t: TIER_BONUS[t]) if found else None


# --------------------------------------------------------------------------------------------------
# Pay and type


@dataclass(frozen=True)
class Pay:
    """A median annual wage: a number of dollars, top-coded, or not published (both None/False)."""

    median: float | None = None
    top_coded: bool = False

    @property
    def known(self) -> bool:
        return self.median is not None and not self.top_coded


@dataclass(frozen=True)
class PayChange:
    """The change in median pay: dollars and percent of the origin's; ``bound`` "at least"/"at most"
    when one side is top-coded; ``dollars`` None when there is no change to state."""

    dollars: float | None = None
    percent: float | None = None
    bound: str = ""

    @property
    def known(self) -> bool:
        return self.dollars is not None


def pay_change(origin: Pay, destination: Pay, top_code: int = TOP_CODE_ANNUAL) -> PayChange:
    """The destination's median minus the origin's (module rules)."""
    if origin.known and destination.known:
        dollars = destination.median - origin.median
        return PayChange(dollars, 100.0 * dollars / origin.median if origin.median else None)
    if origin.known and destination.top_coded:
        dollars = top_code - origin.median
        return PayChange(dollars, 100.0 * dollars / origin.median if origin.median else None, "at least")
    if origin.top_coded and destination.known:
        dollars = destination.median - top_code
        return PayChange(dollars, 100.0 * dollars / top_code, "at most")
    return PayChange()


def move_type(change: PayChange, zone_step: int | None) -> str:
    """Step up, lateral or step back (module rules)."""
    if change.percent is not None:
        if change.percent >= STEP_PERCENT:
            return STEP_UP
        if change.percent <= -STEP_PERCENT:
            return STEP_BACK
        return LATERAL
    if zone_step:
        return STEP_UP if zone_step > 0 else STEP_BACK
    return LATERAL


def rank_score(similarity_value: float, change: PayChange, degree_step: int | None = None) -> float:
    """similarity + PAY_WEIGHT x the pay change in percent, held between PAY_FLOOR and PAY_CAP, minus
    DEGREE_PENALTY for each degree level needed above the origin's."""
    percent = 0.0 if change.percent is None else min(max(change.percent, PAY_FLOOR), PAY_CAP)
    return similarity_value + PAY_WEIGHT * percent - DEGREE_PENALTY * max(degree_step or 0, 0)


def degree_step(origin_education: str | None, destination_education: str | None) -> int | None:
    """How many degree levels the destination's entry education is above the origin's (None: unknown)."""
    a = DEGREE_LEVEL.get(_normalise(origin_education))
    b = DEGREE_LEVEL.get(_normalise(destination_education))
    return None if a is None or b is None else b - a


def no_new_degree(origin_education: str | None, destination_education: str | None) -> bool:
    """The destination's entry education is no higher a degree than the origin's (unknown: False)."""
    step = degree_step(origin_education, destination_education)
    return step is not None and step <= 0


def _normalise(text: str | None) -> str:
    return (text or "").replace("’", "'").strip()


# --------------------------------------------------------------------------------------------------
# Why it fits, what to build


@dataclass(frozen=True)
class Element:
    """One skill or knowledge area, with the destination's and the origin's importance (1-5)."""

    key: str
    destination: float
    origin: float

    @property
    def name(self) -> str:
        return element_name(self.key)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


def why_it_fits(
    origin: Mapping[str, float], destination: Mapping[str, float], average: Mapping[str, float]
) -> list[Element]:
    """The distinctive elements both share (module rules), closest first."""
    shared = []
    for key in set(origin) & set(destination):
        a, b, m = origin[key], destination[key], average.get(key)
        if m is None or min(a, b) < SHARED_MIN_IMPORTANCE or a <= m or b <= m:
            continue
        shared.append((min(a, b) - m, key))
    shared.sort(key=lambda item: (-round(item[0], 9), item[1]))
    return [Element(key, destination[key], origin[key]) for _, key in shared[:WHY_COUNT]]


def what_to_build(origin: Mapping[str, float], destination: Mapping[str, float]) -> list[Element]:
    """The elements with the largest importance gap, destination over origin (module rules)."""
    gaps = []
    for key, value in destination.items():
        gap = value - origin.get(key, 0.0)
        if gap >= BUILD_MIN_GAP:
            gaps.append((gap, key))
    gaps.sort(key=lambda item: (-round(item[0], 9), item[1]))
    return [Element(key, destination[key], origin.get(key, 0.0)) for _, key in gaps[:BUILD_COUNT]]


# --------------------------------------------------------------------------------------------------
# The ranked moves


@dataclass(frozen=True)
class Occupation:
    """What the ranking needs of one occupation."""

    code: str
    importance: Mapping[str, float] = field(default_factory=dict)  # importance (1-5) by element key
    pay: Pay = Pay()
    job_zone: int | None = None
    education: str = ""
    change_percent: float | None = None  # BLS projected ten-year change in jobs


@dataclass(frozen=True)
class Move:
    code: str
    similarity: float
    tier: str | None
    change: PayChange
    type: str
    zone_step: int | None
    score: float
    no_new_degree: bool
    growing: bool
    why: tuple[Element, ...]
    build: tuple[Element, ...]

    @property
    def pays_more(self) -> bool:
        return self.change.dollars is not None and self.change.dollars > 0 and self.change.bound != "at most"


def rank_moves(
    origin: Occupation,
    candidates: Iterable[Occupation],
    space: Space,
    average_importance: Mapping[str, float],
    tiers: Mapping[str, str] | None = None,
    keep: int = MOVES_KEPT,
) -> list[Move]:
    """The origin's moves, best first (module rules); never the origin itself; at most ``keep``.
    ``space`` holds every vector (``Space(vectors, average vector)``)."""
    tiers = tiers or {}
    candidates = list(candidates)
    if origin.code not in space:
        return []
    cosines = space.cosines(origin.code)
    scored = []
    for index, other in enumerate(candidates):
        if other.code == origin.code or other.code not in space:
            continue
        tier = tiers.get(other.code)
        close = scaled(cosines[other.code], tier)
        change = pay_change(origin.pay, other.pay)
        score = rank_score(close, change, degree_step(origin.education, other.education))
        scored.append((-round(score, 9), -round(close, 9), other.code, index, close, tier, change, score))
    scored.sort()
    kept = []
    for *_, index, close, tier, change, score in scored[:keep]:
        other = candidates[index]
        step = (
            other.job_zone - origin.job_zone
            if other.job_zone is not None and origin.job_zone is not None
            else None
        )
        kept.append(
            Move(
                code=other.code,
                similarity=close,
                tier=tier,
                change=change,
                type=move_type(change, step),
                zone_step=step,
                score=score,
                no_new_degree=no_new_degree(origin.education, other.education),
                growing=other.change_percent is not None and other.change_percent > 0,
                why=tuple(why_it_fits(origin.importance, other.importance, average_importance)),
                build=tuple(what_to_build(origin.importance, other.importance)),
            )
        )
    return kept


def personal_order(moves: list[dict], strengths: Iterable[str]) -> list[dict]:
    """Stored moves (``score``, ``why``/``build`` as [kind, name, …] lists) re-ranked by a member's
    strengths (skill names they rated at least ``STRENGTH_MIN_RATING``): module rules."""
    strong = {name.casefold() for name in strengths}

    def score(item):
        index, move = item
        named = {e[1].casefold() for e in [*move.get("why", []), *move.get("build", [])] if e[0] == "skill"}
        return (-(move["score"] + STRENGTH_BONUS * len(named & strong)), index)

    return [move for _, move in sorted(enumerate(moves), key=score)]

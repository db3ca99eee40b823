"""Guidance statistics: what sets a track apart, borrowed ratings, related-track similarity, technology,
training and hourly pay. Pure functions (rows in, figures out); no ORM, no request, no settings.

Every rule below is also stated in plain words on the methodology page (``pages.methodology.notes``).

Rules
-----
Ratings of an SOC code (``soc_ratings``)
    O*NET rates O*NET-SOC occupations (``15-1252.00``); a track is a set of SOC codes. An SOC code's
    rating of an element (a skill or a knowledge area, importance 1-5) is the plain mean over the rated
    O*NET-SOC occupations filed under it. Where there are none, the code borrows the mean ratings of
    stand-ins, taking the first rule that finds any rated occupation:

    1. *Broad group published as one line* (an OEWS aggregate such as ``13-1020``, code ending in 0):
       the rated O*NET occupations in that broad group (codes starting ``13-102``).
    2. *Crosswalk*: the rated O*NET occupations filed under the SOC 2010 codes that the BLS SOC 2010 to
       2018 crosswalk maps to this code (``21-1018`` <- ``21-1011``, ``21-1014``).
    3. *O*NET related occupations*: O*NET's own "Primary-Short" related occupations of the code's
       O*NET-SOC occupations, in O*NET's rank order; the first ``BORROW_RELATED`` rated ones in the
       same SOC minor group (``15-12``), or, if none is in that group, the first rated one.
       (``15-1252`` Software Developers is unrated in O*NET 29.3 and borrows from ``15-1299.08``
       Computer Systems Engineers/Architects and ``15-1251`` Computer Programmers.)
    4. *Broad-group siblings* (for "all other" residual codes O*NET leaves unrated): the rated O*NET
       occupations in the same SOC broad group.

    The page names the stand-in occupations wherever a borrowed rating is used.

The average job (``all_jobs_mean``)
    For each element, the mean of every detailed SOC code's rating weighted by its national OEWS
    employment (codes without published employment, or without any rating after borrowing, are left
    out). This is the yardstick: "how much more does this track need it than the average job".

Distinctive and foundation lists (``distinctive``)
    The track's profile is the employment-weighted mean rating of its codes (as above). Distinctive
    elements are ranked by the track's rating minus the all-jobs mean, largest first (ties by name);
    only elements the track rates at least ``DISTINCTIVE_MIN_IMPORTANCE`` (2.5, halfway between "somewhat
    important" and "important" on O*NET's scale: trades rate fewer things 3 or higher) and at least
    ``DISTINCTIVE_MIN_GAP`` (0.25) above the average job are listed, at most
    ``DISTINCTIVE_COUNT``. Foundation elements are the track's highest-rated elements not listed as
    distinctive (at most ``FOUNDATION_COUNT``): the things every job asks for.

Similarity between tracks (``deviation_similarity``)
    Raw profiles all look alike (every job needs reading and listening), so similarity is measured on
    what sets each track apart: the Pearson correlation, over all skills and knowledge areas, of the two
    tracks' deviations from the all-jobs mean. 1 = the same emphasis; 0 = unrelated emphases; negative =
    opposite emphases. The page shows it as a score out of 100 (correlation x 100, negative shown as 0)
    and the related track's rank among all other published tracks. The evidence named is the elements
    both tracks need more than the average job, ranked by the smaller of the two excesses.

Technology (``technology_shares``, ``technology_ranking``)
    From O*NET Technology Skills, the examples O*NET flags "Hot Technology" or "In Demand". For an SOC
    code, a technology's weight is the share of its O*NET-SOC occupations (those with any flagged
    technology) that list it; for a track (or all jobs), the employment-weighted mean of that over the
    codes that have technology data: "the share of the track's jobs whose occupation lists it".
    Office suites are listed for almost every job, so the track's technologies are ranked, like skills,
    by how much more often they are listed for the track than for all jobs: only those whose share
    exceeds the all-jobs share by at least ``TECHNOLOGY_MIN_LIFT`` (10 points) are listed, those O*NET
    flags in demand (employers' job postings) first, each group by that excess, largest first, then
    name; at most ``TECHNOLOGY_COUNT``. The everyday ones (listed for most of the track's jobs but not
    distinctive) follow in a short list. By rung: the same ranking for the rung's occupation alone,
    shown where the rung's occupation differs from the rung beneath it.

Training (``training_summary``)
    BLS Employment Projections' typical entry-level education, work experience in a related occupation
    and typical on-the-job training, in plain words, with O*NET's job zone (1-5, "how much preparation")
    of the code's O*NET-SOC occupations (the most common zone; ties go to the higher zone). For a track:
    the entry education that the largest share of the track's jobs (OEWS employment) need.

Hourly pay (``shows_hourly``)
    Hourly figures are shown beside annual ones for an occupation BLS marks hourly-only (OEWS ``HOURLY``,
    annual wages not published), and for an occupation whose typical entry education (BLS projections)
    is below a bachelor's degree, since such jobs are most often paid by the hour (non-exempt under U.S.
    overtime rules). A track shows hourly pay in its hero when occupations holding at least half of its
    jobs show hourly pay.
    Such a track's metro views show hourly equivalents of every metro figure (annual / 2,080, BLS's
    full-year conversion, to the cent; no hourly value is published for pooled or metro track figures),
    top-coded annual pay ($239,200 or more) as $115.00 or more; the metro, pay-goes-furthest and ladder
    CSVs carry those hourly columns for every track (``salaries.statistics.wages.hourly_equivalent``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

BORROW_RELATED = 2
DISTINCTIVE_MIN_IMPORTANCE = 2.5
DISTINCTIVE_MIN_GAP = 0.25
DISTINCTIVE_COUNT = 8
FOUNDATION_COUNT = 5
TECHNOLOGY_COUNT = 10
IN_DEMAND_COUNT = 12  # "what most of the track's jobs use": at most this many,
IN_DEMAND_MIN_SHARE = 0.10  # each flagged "In Demand" for at least this share of the track's jobs
TECHNOLOGY_MIN_LIFT = 0.10
EVERYDAY_TECHNOLOGY_COUNT = 4
HOURLY_TRACK_SHARE = 0.5
PRIMARY_SHORT = "Primary-Short"

# --------------------------------------------------------------------------------------------------
# Ratings and stand-ins


@dataclass(frozen=True)
class SocRatings:
    """Ratings by SOC code, and for borrowed ones the stand-in O*NET-SOC codes and the rule used."""

    ratings: dict[str, dict[str, float]]
    stand_ins: dict[str, tuple[str, ...]] = field(default_factory=dict)  # soc -> O*NET-SOC codes
    how: dict[str, str] = field(default_factory=dict)  # soc -> "broad group" | "crosswalk" | …


def _mean(profiles: list[Mapping[str, float]]) -> dict[str, float]:
    sums: dict[str, list[float]] = defaultdict(list)
    for profile in profiles:
        for element, value in profile.items():
            if value is not None:
                sums[element].append(float(value))
    return {element: sum(v) / len(v) for element, v in sums.items()}


def soc_ratings(
    codes: Iterable[str],
    onet_ratings: Mapping[str, Mapping[str, float]],
    onet_soc: Mapping[str, str],
    related: Mapping[str, list[tuple[str, str, int]]] | None = None,
    crosswalk: Iterable[tuple[str, str]] = (),
) -> SocRatings:
    """Ratings for each SOC code in ``codes`` (see the module rules).

    ``onet_ratings``: O*NET-SOC code -> element -> importance (rated occupations only);
    ``onet_soc``: every O*NET-SOC code -> its SOC code; ``related``: O*NET-SOC code ->
    [(related O*NET-SOC code, tier, rank)]; ``crosswalk``: (SOC 2010 code, SOC 2018 code) pairs.
    """
    related = related or {}
    by_soc: dict[str, list[str]] = defaultdict(list)
    for onet_code, soc in onet_soc.items():
        by_soc[soc].append(onet_code)
    rated = {code for code, profile in onet_ratings.items() if profile}
    sources_of: dict[str, set[str]] = defaultdict(set)
    for old, new in crosswalk:
        sources_of[new].add(old)

    def rated_under(predicate) -> list[str]:
        return sorted(c for c in rated if predicate(onet_soc.get(c, c[:7])))

    out, stand_ins, how = {}, {}, {}
    for soc in sorted(set(codes)):
        own = sorted(c for c in by_soc.get(soc, []) if c in rated)
        if own:
            out[soc] = _mean([onet_ratings[c] for c in own])
            continue
        chosen, rule = [], ""
        if soc.endswith("0"):
            chosen, rule = rated_under(lambda s, p=soc[:6]: s.startswith(p)), "broad group"
        if not chosen and sources_of.get(soc):
            olds = sources_of[soc] - {soc}
            chosen, rule = rated_under(lambda s, o=olds: s in o), "crosswalk"
        if not chosen:
            chosen, rule = _related_stand_ins(soc, by_soc, related, rated, onet_soc), "O*NET related"
        if not chosen:
            chosen, rule = rated_under(lambda s, p=soc[:6], o=soc: s.startswith(p) and s != o), "broad group"
        if chosen:
            out[soc] = _mean([onet_ratings[c] for c in chosen])
            stand_ins[soc] = tuple(chosen)
            how[soc] = rule
    return SocRatings(out, stand_ins, how)


def _related_stand_ins(soc, by_soc, related, rated, onet_soc) -> list[str]:
    candidates = []
    for onet_code in sorted(by_soc.get(soc, [])):
        for code, tier, rank in related.get(onet_code, []):
            if tier == PRIMARY_SHORT and code in rated:
                candidates.append((rank, code))
    ordered = [code for _, code in sorted(candidates)]
    ordered = list(dict.fromkeys(ordered))
    same_group = [c for c in ordered if onet_soc.get(c, c[:7])[:5] == soc[:5]]
    if same_group:
        return same_group[:BORROW_RELATED]
    return ordered[:1]


def weighted_profile(ratings: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> dict:
    """Employment-weighted mean rating per element over the codes that have both."""
    totals: dict[str, float] = defaultdict(float)
    mass: dict[str, float] = defaultdict(float)
    for code in sorted(ratings):
        weight = weights.get(code)
        if not weight:
            continue
        for element, value in ratings[code].items():
            totals[element] += float(weight) * float(value)
            mass[element] += float(weight)
    return {element: totals[element] / mass[element] for element in totals}


def all_jobs_mean(ratings: Mapping[str, Mapping[str, float]], employment: Mapping[str, float]) -> dict:
    """The average job: every detailed code's rating weighted by its national employment."""
    return weighted_profile(ratings, employment)


# --------------------------------------------------------------------------------------------------
# Distinctive and foundation lists


@dataclass(frozen=True)
class Rated:
    name: str
    track: float  # the track's employment-weighted importance
    average: float  # the all-jobs mean
    gap: float  # track - average

    @property
    def track_display(self) -> str:
        return f"{self.track:.1f}"

    @property
    def average_display(self) -> str:
        return f"{self.average:.1f}"

    @property
    def gap_display(self) -> str:
        return f"{self.gap:+.1f}"


def distinctive(
    profile: Mapping[str, float],
    baseline: Mapping[str, float],
    *,
    count: int = DISTINCTIVE_COUNT,
    foundation_count: int = FOUNDATION_COUNT,
) -> tuple[list[Rated], list[Rated]]:
    """(distinctive, foundation) lists for one track profile against the all-jobs mean."""
    rows = [
        Rated(name, float(value), float(baseline[name]), float(value) - float(baseline[name]))
        for name, value in profile.items()
        if name in baseline
    ]
    apart = sorted(
        (r for r in rows if r.track >= DISTINCTIVE_MIN_IMPORTANCE and r.gap >= DISTINCTIVE_MIN_GAP - 1e-12),
        key=lambda r: (-r.gap, r.name),
    )[:count]
    chosen = {r.name for r in apart}
    foundation = sorted((r for r in rows if r.name not in chosen), key=lambda r: (-r.track, r.name))
    return apart, foundation[:foundation_count]


# --------------------------------------------------------------------------------------------------
# Similarity


def deviations(profile: Mapping[str, float], baseline: Mapping[str, float]) -> dict[str, float]:
    return {k: float(v) - float(baseline[k]) for k, v in profile.items() if k in baseline}


def deviation_similarity(
    a: Mapping[str, float], b: Mapping[str, float], baseline: Mapping[str, float]
) -> float | None:
    """Pearson correlation of two profiles' deviations from the all-jobs mean (-1..1).

    None when there is nothing to correlate (fewer than three shared elements, or a flat profile).
    """
    da, db = deviations(a, baseline), deviations(b, baseline)
    keys = sorted(set(da) & set(db))
    if len(keys) < 3:
        return None
    xs, ys = [da[k] for k in keys], [db[k] for k in keys]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def similarity_score(correlation: float | None) -> int | None:
    """The page's 0-100 score: correlation x 100, rounded; negative correlations show as 0."""
    if correlation is None:
        return None
    return max(0, round(correlation * 100))


def similarity_rank(own: str, other: str, profiles: Mapping[str, Mapping[str, float]], baseline) -> int:
    """``other``'s rank (1 = closest) among every track but ``own`` by ``deviation_similarity``."""
    scores = {}
    for slug, profile in profiles.items():
        if slug == own:
            continue
        value = deviation_similarity(profiles[own], profile, baseline)
        scores[slug] = -2.0 if value is None else value
    ordered = sorted(scores, key=lambda s: (-scores[s], s))
    return ordered.index(other) + 1


def shared_distinctive(
    a: Mapping[str, float], b: Mapping[str, float], baseline: Mapping[str, float], n: int = 3
) -> list[str]:
    """Elements both tracks need more than the average job, by the smaller of the two excesses."""
    da, db = deviations(a, baseline), deviations(b, baseline)
    both = [(min(da[k], db[k]), k) for k in set(da) & set(db) if da[k] > 0 and db[k] > 0]
    return [k for _, k in sorted(both, key=lambda item: (-item[0], item[1]))][:n]


# --------------------------------------------------------------------------------------------------
# Technology


@dataclass(frozen=True)
class Technology:
    name: str
    share: float  # share of the track's jobs (with technology data) whose occupation lists it
    hot: bool
    in_demand: bool
    average: float = 0.0  # the same share across all jobs

    @property
    def share_display(self) -> str:
        return f"{self.share:.0%}"

    @property
    def average_display(self) -> str:
        return f"{self.average:.0%}"

    @property
    def flags_display(self) -> str:
        flags = [label for flag, label in ((self.hot, "hot"), (self.in_demand, "in demand")) if flag]
        return " and ".join(flags)


def technology_fractions(occupations: Mapping[str, list[tuple[str, bool, bool]]]) -> dict[str, tuple]:
    """For one SOC code: technology -> (share of its O*NET-SOC occupations listing it, hot, in demand).

    ``occupations``: O*NET-SOC code -> [(technology, hot, in_demand)] (flagged ones only); occupations
    without any flagged technology are not counted.
    """
    listed = {code: rows for code, rows in occupations.items() if rows}
    counts: Counter[str] = Counter()
    hot: dict[str, bool] = defaultdict(bool)
    demand: dict[str, bool] = defaultdict(bool)
    for rows in listed.values():
        for name, is_hot, is_demand in rows:
            counts[name] += 1
            hot[name] |= bool(is_hot)
            demand[name] |= bool(is_demand)
    return {name: (n / len(listed), hot[name], demand[name]) for name, n in counts.items()}


def technology_shares(
    fractions: Mapping[str, Mapping[str, tuple]], weights: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, bool], dict[str, bool]]:
    """(share of jobs whose occupation lists each technology, hot flag, in-demand flag).

    ``fractions``: SOC code -> ``technology_fractions`` of that code (codes with no technology data
    are left out of the denominator).
    """
    share: dict[str, float] = defaultdict(float)
    hot: dict[str, bool] = defaultdict(bool)
    demand: dict[str, bool] = defaultdict(bool)
    mass = 0.0
    for soc in sorted(fractions):
        weight = float(weights.get(soc) or 0)
        if not weight or not fractions[soc]:
            continue
        mass += weight
        for name, (fraction, is_hot, is_demand) in fractions[soc].items():
            share[name] += weight * float(fraction)
            hot[name] |= bool(is_hot)
            demand[name] |= bool(is_demand)
    if not mass:
        return {}, {}, {}
    return {name: value / mass for name, value in share.items()}, dict(hot), dict(demand)


def technology_ranking(
    fractions: Mapping[str, Mapping[str, tuple]],
    weights: Mapping[str, float],
    baseline: Mapping[str, float] | None = None,
    *,
    count: int = TECHNOLOGY_COUNT,
) -> tuple[list[Technology], list[Technology]]:
    """(distinctive technologies, everyday ones) for a set of SOC codes.

    Distinctive: those whose share for the track exceeds ``baseline`` (the all-jobs share) by at least
    ``TECHNOLOGY_MIN_LIFT``; in-demand ones first, each group by that excess (largest first), then name.
    Everyday: the technologies listed for the most of the track's jobs that are not distinctive (at
    most ``EVERYDAY_TECHNOLOGY_COUNT``).
    """
    shares, hot, demand = technology_shares(fractions, weights)
    baseline = baseline or {}
    rows = [
        Technology(name, value, hot[name], demand[name], float(baseline.get(name, 0.0)))
        for name, value in shares.items()
    ]
    lift = {r.name: round(r.share - r.average, 9) for r in rows}
    apart = sorted(
        (r for r in rows if lift[r.name] >= TECHNOLOGY_MIN_LIFT),
        key=lambda r: (not r.in_demand, -lift[r.name], r.name),
    )[:count]
    chosen = {r.name for r in apart}
    everyday = sorted((r for r in rows if r.name not in chosen), key=lambda r: (-round(r.share, 9), r.name))[
        :EVERYDAY_TECHNOLOGY_COUNT
    ]
    return apart, everyday


def in_demand_technologies(
    fractions: Mapping[str, Mapping[str, tuple]],
    weights: Mapping[str, float],
    baseline: Mapping[str, float] | None = None,
    *,
    count: int = IN_DEMAND_COUNT,
) -> list[Technology]:
    """What most of the track's jobs use: technologies O*NET flags "In Demand" for the track's own
    occupations, by the share of the track's jobs whose occupation flags it so (employment-weighted, as
    ``technology_shares``), largest first, then name; at most ``count``, each for at least
    ``IN_DEMAND_MIN_SHARE`` of the jobs. A technology hot elsewhere but
    not in demand for these occupations is not listed here (it may still set the track apart)."""
    share: dict[str, float] = defaultdict(float)
    hot: dict[str, bool] = defaultdict(bool)
    mass = 0.0
    for soc in sorted(fractions):
        weight = float(weights.get(soc) or 0)
        if not weight or not fractions[soc]:
            continue
        mass += weight
        for name, (fraction, is_hot, is_demand) in fractions[soc].items():
            if is_demand:
                share[name] += weight * float(fraction)
                hot[name] |= bool(is_hot)
    if not mass:
        return []
    baseline = baseline or {}
    rows = [
        Technology(name, value / mass, hot[name], True, float(baseline.get(name, 0.0)))
        for name, value in share.items()
        if value / mass >= IN_DEMAND_MIN_SHARE
    ]
    return sorted(rows, key=lambda r: (-round(r.share, 9), r.name))[:count]


# --------------------------------------------------------------------------------------------------
# Training

EDUCATION_WORDS = {
    "No formal educational credential": "no formal credential",
    "High school diploma or equivalent": "a high school diploma or equivalent",
    "Some college, no degree": "some college, no degree",
    "Postsecondary nondegree award": "a postsecondary certificate (a non-degree award)",
    "Associate's degree": "an associate’s degree",
    "Bachelor's degree": "a bachelor’s degree",
    "Master's degree": "a master’s degree",
    "Doctoral or professional degree": "a doctoral or professional degree",
}
BELOW_BACHELORS = frozenset(
    {
        "No formal educational credential",
        "High school diploma or equivalent",
        "Some college, no degree",
        "Postsecondary nondegree award",
        "Associate's degree",
    }
)
EXPERIENCE_WORDS = {
    "None": "no prior work experience required",
    "Less than 5 years": "under five years’ experience in a related job",
    "5 years or more": "five or more years’ experience in a related job",
}
TRAINING_WORDS = {
    "None": "no on-the-job training once hired",
    "Short-term on-the-job training": "about a month or less of on-the-job training",
    "Moderate-term on-the-job training": "one to twelve months of on-the-job training",
    "Long-term on-the-job training": "more than a year of on-the-job training",
    "Apprenticeship": "an apprenticeship",
    "Internship/residency": "an internship or residency",
}
JOB_ZONE_WORDS = {
    1: "little or no preparation",
    2: "some preparation",
    3: "medium preparation",
    4: "considerable preparation",
    5: "extensive preparation",
}


def _normalise(text: str) -> str:
    return (text or "").replace("’", "'").strip()


@dataclass(frozen=True)
class Training:
    education: str  # BLS category, as published
    experience: str
    training: str
    job_zone: int | None

    @property
    def education_words(self) -> str:
        return EDUCATION_WORDS.get(_normalise(self.education), self.education.lower() or "not published")

    @property
    def sentence(self) -> str:
        """'Typically a bachelor’s degree to start; no prior work experience required; no on-the-job
        training once hired. O*NET job zone 4 of 5: considerable preparation.'"""
        parts = []
        if self.education:
            parts.append(f"Typically {self.education_words} to start")
        if self.experience:
            parts.append(EXPERIENCE_WORDS.get(_normalise(self.experience), self.experience.lower()))
        if self.training:
            parts.append(TRAINING_WORDS.get(_normalise(self.training), self.training.lower()))
        text = "; ".join(parts) + "." if parts else "BLS publishes no training data for this occupation."
        if self.job_zone:
            text += f" O*NET job zone {self.job_zone} of 5: {JOB_ZONE_WORDS[self.job_zone]}."
        return text


def job_zone_of(zones: Iterable[int | None]) -> int | None:
    """The most common job zone among an SOC code's O*NET-SOC occupations (ties: the higher zone)."""
    counts = Counter(z for z in zones if z)
    if not counts:
        return None
    return max(counts, key=lambda z: (counts[z], z))


def training_summary(projection: Mapping | None, job_zone: int | None) -> Training:
    projection = projection or {}
    return Training(
        education=projection.get("education") or "",
        experience=projection.get("experience") or "",
        training=projection.get("training") or "",
        job_zone=job_zone,
    )


def track_entry_education(
    education_by_code: Mapping[str, str], weights: Mapping[str, float]
) -> tuple[str, float] | None:
    """(the entry education most of the track's jobs need, its share of those jobs)."""
    mass: dict[str, float] = defaultdict(float)
    for code, education in education_by_code.items():
        if education and weights.get(code):
            mass[education] += float(weights[code])
    total = sum(mass.values())
    if not total:
        return None
    top = max(sorted(mass), key=lambda e: mass[e])
    return top, mass[top] / total


# --------------------------------------------------------------------------------------------------
# Hourly


def shows_hourly(*, hourly_only: bool, education: str | None) -> bool:
    """Show hourly figures beside annual ones for this occupation (see the module rules)."""
    return bool(hourly_only) or _normalise(education or "") in BELOW_BACHELORS


def track_shows_hourly(flags: Mapping[str, bool], weights: Mapping[str, float]) -> bool:
    total = sum(float(w) for c, w in weights.items() if w and c in flags)
    hourly = sum(float(w) for c, w in weights.items() if w and flags.get(c))
    return bool(total) and hourly / total >= HOURLY_TRACK_SHARE - 1e-12

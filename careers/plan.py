"""The member's plan: Get Started's skill shortlist (step 3) and next move (step 4), and the career
record built around it.

The plan is never stored: ``member_plan`` recomputes it from the member's saved inputs (read through
``careers.selectors``) and the data release loaded now, so refreshing the data refreshes every plan. The
arithmetic lives in ``salaries.statistics`` (pure functions); this module gathers rows, calls them and
labels the results.

Query budget: ``member_plan`` makes at most 9 queries whatever the size of the data (profile, compare
metros, releases, next rung, wage estimates, price parities, ratings, published tracks; the tracks'
skill profiles add 4 when not cached). The skill profiles are cached under a key made of the data
generation and the published tracks' ``updated_at``, so a data load or a catalogue change recomputes
them.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache

from careers.models import CareerProfile, Position, SkillRating, User
from careers.selectors import (
    DataVersion,
    current_position,
    data_version,
    ladder_catalogue,
    member_follows,
    member_positions,
    member_profile,
    member_ratings,
)
from pages.formatting import dollars_to_ten
from pages.moves.rows import Place, move_rows
from pages.moves.selectors import moves_and_metro
from pages.sentences import percentile_position
from salaries import selectors as data
from salaries.models import NATIONAL_AREA, Area, DataRelease, Skill
from salaries.statistics.location import equivalent_pay, price_adjusted
from salaries.statistics.mixture import occupation_pay_band
from salaries.statistics.moves import STRENGTH_MIN_RATING, personal_order
from salaries.statistics.skills import profile_similarity, shared_top_skills, skill_profile
from salaries.statistics.wages import (
    NOT_AVAILABLE,
    TOP_CODE_ANNUAL,
    Quantile,
    WageDistribution,
    format_dollars,
)
from tracks.models import Role, Track, TrackOccupation

SHORTLIST_SIZE = 12
SIGNATURE_SKILLS = 3
BEST_FITS = 3
SHARED_SKILLS = 3
MEMBER_MOVES = 5
CACHE_VERSION = 1
CACHE_SECONDS = 60 * 60  # a safety net: the key already changes with the data and the catalogue


# --------------------------------------------------------------------------------------------------
# The skill shortlist (Get Started step 3)


@dataclass(frozen=True)
class SkillProfiles:
    skills: dict[str, Skill]  # element id -> Skill
    by_track: dict[int, dict[str, float]]  # track id -> {element id: employment-weighted importance}


def cached_track_skill_profiles(*, version: DataVersion, tracks: list[Track]) -> SkillProfiles:
    """``track_skill_profiles``, cached until a data release is (re)loaded or a track changes."""
    catalogue = "|".join(f"{t.pk}:{t.updated_at.isoformat() if t.updated_at else '-'}" for t in tracks)
    key = (
        f"careers:skill-profiles:{CACHE_VERSION}:{version.fingerprint}:"
        f"{hashlib.sha256(catalogue.encode()).hexdigest()[:16]}"
    )
    profiles = cache.get(key)
    if profiles is None:
        profiles = track_skill_profiles(release=version.oews, tracks=tracks)
        cache.set(key, profiles, CACHE_SECONDS)
    return profiles


def track_skill_profiles(*, release: DataRelease | None, tracks: list[Track]) -> SkillProfiles:
    """Each published track's O*NET skill profile, weighted by national employment (four queries).

    An SOC occupation with several O*NET-SOC occupations (``.00``, ``.01`` …) takes the mean importance
    of those that have ratings. Occupations with no published national employment or no O*NET ratings
    are left out of the weighting.
    """
    skills = data.all_skills()
    memberships = list(
        TrackOccupation.objects.filter(track__in=tracks).values_list("track_id", "occupation_id")
    )
    codes = {code for _, code in memberships}
    employment = data.national_employment(release=release, codes=codes)
    importance = data.skill_importance_by_soc(codes)

    members: dict[int, list[str]] = defaultdict(list)
    for track_id, code in memberships:
        if code in employment and code in importance:
            members[track_id].append(code)
    by_track = {}
    for track in tracks:
        codes_here = members.get(track.pk)
        if codes_here:
            profile = skill_profile(
                {c: importance[c] for c in codes_here}, {c: employment[c] for c in codes_here}
            )
            by_track[track.pk] = dict(profile)
    return SkillProfiles(skills=skills, by_track=by_track)


def shortlist(profiles: SkillProfiles, size: int = SHORTLIST_SIZE) -> list[Skill]:
    """The skills members rate in step 3: the ones that best tell the tracks apart, every track represented.

    Rule: a track's *signature* skills are the (up to) ``SIGNATURE_SKILLS`` whose importance in its
    profile is furthest above their average across tracks. Skills are then picked one at a time, each
    time the one that is a signature of the most tracks not yet represented (ties: signature of more
    tracks overall, then greater variance of importance across tracks, then name), until ``size`` are
    picked; they are shown in alphabetical order. With a single track there is nothing to tell apart, so
    its most important skills are used; with none, there is no list.
    """
    by_track = profiles.by_track
    if len(by_track) == 1:
        (profile,) = by_track.values()
        known = [s for s in profile if s in profiles.skills]
        picked = sorted(known, key=lambda s: (-profile[s], profiles.skills[s].name))[:size]
        return sorted((profiles.skills[s] for s in picked), key=lambda skill: skill.name)
    skills = sorted({s for profile in by_track.values() for s in profile if s in profiles.skills})
    mean, variance = {}, {}
    for s in skills:
        values = [profile[s] for profile in by_track.values() if s in profile]
        mean[s] = sum(values) / len(values)
        variance[s] = sum((v - mean[s]) ** 2 for v in values) / len(values)
    signatures = {}
    for track_id, profile in by_track.items():
        above = [s for s in profile if s in mean and profile[s] > mean[s]]
        signatures[track_id] = set(sorted(above, key=lambda s: (mean[s] - profile[s], s))[:SIGNATURE_SKILLS])
    votes = {s: sum(s in signature for signature in signatures.values()) for s in skills}
    uncovered, picked, candidates = set(signatures), [], list(skills)
    while candidates and len(picked) < size:
        best = max(
            candidates,
            key=lambda s: (
                sum(s in signatures[t] for t in uncovered),
                votes[s],
                variance[s],
                [-ord(c) for c in profiles.skills[s].name],
            ),
        )
        picked.append(best)
        candidates.remove(best)
        uncovered -= {t for t in uncovered if best in signatures[t]}
    return sorted((profiles.skills[s] for s in picked), key=lambda skill: skill.name)


def skill_shortlist() -> list[Skill]:
    """The step-3 skills (two queries once cached: releases and published tracks)."""
    tracks = list(Track.objects.published().only("id", "updated_at"))
    return shortlist(cached_track_skill_profiles(version=data_version(), tracks=tracks))


# --------------------------------------------------------------------------------------------------
# The plan (Get Started step 4, and the record)


def adjusted_display(quantile: Quantile, rpp: float | None) -> str | None:
    """A quantile in average-U.S. prices; None when the area has no RPP."""
    if rpp is None:
        return None
    if quantile.top_coded:
        return f"{dollars_to_ten(price_adjusted(TOP_CODE_ANNUAL, rpp))} or more"
    if quantile.value is None:
        return NOT_AVAILABLE
    return dollars_to_ten(price_adjusted(quantile.value, rpp))


@dataclass(frozen=True)
class RungPay:
    """A rung's pay band in one area: the published percentiles of the occupation it maps to."""

    role: Role
    occupation_title: str
    band_label: str
    area_name: str
    local: bool  # False: not published for the member's metro; national figures shown instead
    low: Quantile
    high: Quantile
    low_adjusted: str | None
    high_adjusted: str | None


@dataclass(frozen=True)
class TrackFit:
    track: Track
    similarity: float
    shared_skills: list[str]
    is_current: bool


@dataclass(frozen=True)
class MetroEquivalent:
    area: Area
    rpp: float | None
    pay: str  # the pay with the same buying power there
    occupation_median: str | None  # what the member's occupation pays there (median), for context


@dataclass
class Plan:
    profile: CareerProfile | None
    oews_vintage: str | None = None
    rpp_year: int | None = None
    home_rpp: float | None = None
    adjusted_shown: bool = False  # a band on the page is price-adjusted (so the method note applies)
    current: RungPay | None = None
    next_role: Role | None = None
    next: RungPay | None = None
    at_top: bool = False
    pay_display: str | None = None  # the member's own pay, formatted; shown only to them
    pay_position: str | None = None
    pay_position_basis: str | None = None
    fits: list[TrackFit] = field(default_factory=list)
    compare_pay: str | None = None
    compare_pay_basis: str | None = None
    compare_metros: list[Area] = field(default_factory=list)
    equivalents: list[MetroEquivalent] = field(default_factory=list)
    role: Role | None = None  # the rung the plan starts from: the current position's, else step 2's
    track: Track | None = None  # that rung's track (step 2's track when no rung is known)
    position: Position | None = None  # the current position on the timeline the plan follows, if any
    position_note: str | None = None  # why the current position could not be placed on a ladder
    missing: str | None = None  # why there is no plan at all
    rung_note: str | None = None  # why there is no next rung
    fits_note: str | None = None  # why there are no best-fit tracks
    fits_need_ratings: bool = False
    # How far one rating moved by one point moves the best fit's score (the yardstick for a difference).
    fit_step: float | None = None

    FIT_DIFFERENCE = 0.03  # the difference the explanation reads in words

    @property
    def fit_difference_reading(self) -> str | None:
        """Whether a difference of ``FIT_DIFFERENCE`` is more or less than one rating's step."""
        if self.fit_step is None:
            return None
        if self.fit_step * 0.8 > self.FIT_DIFFERENCE:
            return "less than"
        if self.fit_step * 1.25 < self.FIT_DIFFERENCE:
            return "more than"
        return "about"

    @property
    def ready(self) -> bool:
        return bool(self.profile and self.track and self.profile.metro)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def rung_for_title(title: str, roles: list[Role]) -> Role | None:
    """The one rung whose title holds every word of ``title`` ("Charge Nurse" is the rung "Charge Nurse
    or Senior Staff Nurse"), or whose every word is in it; None when no rung or several fit."""
    words = _words(title)
    if not words:
        return None
    fits = [role for role in roles if words <= _words(role.title) or _words(role.title) <= words]
    return fits[0] if len(fits) == 1 else None


def _plan_start(plan: Plan, *, user: User, position: Position | None) -> None:
    """The rung the plan starts from: the current position on the timeline when it names one (or its
    title matches one rung of its track), else the rung given in step 2."""
    profile = plan.profile
    plan.role, plan.track = profile.role, profile.track
    if profile.role is not None:
        plan.track = profile.role.track
    if position is None:
        return
    plan.position = position
    role = position.role
    if role is None:
        track = position.track or profile.track
        if track is not None:
            roles = list(
                Role.objects.filter(track=track).select_related("occupation", "track").order_by("order")
            )
            role = rung_for_title(position.title, roles)
        if role is None:
            plan.position_note = (
                f"Your current position, “{position.title}”, isn't a rung on "
                f"{'the ' + track.name + ' ladder' if track else 'a ladder'}, so the plan starts from the "
                "rung you gave in step 2. Edit the position and pick its rung to have the plan follow it."
            )
            plan.position = None
            return
    plan.role, plan.track = role, role.track


def _distribution(row: dict | None) -> WageDistribution | None:
    return WageDistribution.from_values(row) if row else None


def _published_band(row: dict | None, band: str):
    """(low, high) of ``band`` from a row, or None when the row is missing or BLS published neither end."""
    dist = _distribution(row)
    if dist is None:
        return None
    low, high = occupation_pay_band(dist, band)
    if not (low.known or low.top_coded or high.known or high.top_coded):
        return None
    return low, high


def _rung_pay(role, *, rows, metro, rpps) -> RungPay | None:
    """The rung's band in the member's metro; where BLS publishes none there, the national band."""
    code = role.occupation_id
    band, area_name, local = _published_band(rows.get((code, metro.code)), role.pay_band), metro.name, True
    if band is None:
        band = _published_band(rows.get((code, NATIONAL_AREA)), role.pay_band)
        area_name, local = "the U.S. as a whole", False
    if band is None:
        return None
    low, high = band
    rpp = rpps.get(metro.code) if local else None
    return RungPay(
        role=role,
        occupation_title=role.occupation.title,
        band_label=role.get_pay_band_display(),
        area_name=area_name,
        local=local,
        low=low,
        high=high,
        low_adjusted=adjusted_display(low, rpp),
        high_adjusted=adjusted_display(high, rpp),
    )


def member_plan(*, user: User, positions: list[Position] | None = None) -> Plan:
    """The member's next move, recomputed from their saved inputs and the data loaded now.

    It starts from the member's current position on the timeline when one is marked current (no end
    date) and sits on a ladder; otherwise from where they said they are in step 2. ``positions`` (the
    member's timeline, newest first) saves the query when the caller has them already.
    """
    profile = member_profile(user=user)
    plan = Plan(profile=profile)
    if profile is None or profile.metro is None or (profile.track is None and profile.role is None):
        plan.missing = "Say where you are now (step 2) to see your next move."
        return plan
    if positions is None:
        position = current_position(user=user)
    else:
        current = [p for p in positions if p.end_date is None]
        position = max(current, key=lambda p: (p.start_date, p.pk)) if current else None
    _plan_start(plan, user=user, position=position)
    plan.compare_metros = list(profile.compare_metros.order_by("name"))
    version = data_version()
    release = version.oews
    plan.oews_vintage = release.vintage if release else None
    role, metro = plan.role, profile.metro

    if role is not None:
        plan.next_role = (
            Role.objects.filter(track_id=role.track_id, order__gt=role.order)
            .select_related("occupation", "track")
            .order_by("order")
            .first()
        )
        plan.at_top = plan.next_role is None
    else:
        plan.rung_note = (
            "You gave a job title rather than a rung on the ladder, so we can't tell which rung comes next. "
            "Pick the closest rung in step 2 to see it."
        )

    codes = {r.occupation_id for r in (role, plan.next_role) if r is not None}
    areas = {metro.code, NATIONAL_AREA} | {area.code for area in plan.compare_metros}
    rows = data.cross_industry_wage_rows(release=release, codes=codes, area_codes=areas)
    rpps, plan.rpp_year = data.price_parities(
        area_codes={metro.code} | {a.code for a in plan.compare_metros}, oews_year=data.survey_year(release)
    )
    plan.home_rpp = rpps.get(metro.code)

    if role is not None:
        plan.current = _rung_pay(role, rows=rows, metro=metro, rpps=rpps)
    if plan.next_role is not None:
        plan.next = _rung_pay(plan.next_role, rows=rows, metro=metro, rpps=rpps)

    plan.adjusted_shown = any(pay is not None and pay.low_adjusted for pay in (plan.current, plan.next))
    _pay_position(plan, rows=rows)
    _equivalents(plan, rows=rows, rpps=rpps)
    _fits(plan, version=version, user=user)
    return plan


def _pay_position(plan: Plan, *, rows) -> None:
    profile, role = plan.profile, plan.role
    if profile.current_pay is None or role is None:
        return
    code, metro = role.occupation_id, profile.metro
    row, where = rows.get((code, metro.code)), metro.name
    if row is None:
        row, where = rows.get((code, NATIONAL_AREA)), "the U.S. as a whole (not published for your metro)"
    dist = _distribution(row)
    if dist is None:
        return
    plan.pay_display = format_dollars(profile.current_pay)
    plan.pay_position_basis = f"{role.occupation.title} in {where}"
    position = percentile_position(profile.current_pay, dist)
    if position != NOT_AVAILABLE:
        plan.pay_position = position


def _equivalents(plan: Plan, *, rows, rpps) -> None:
    profile, role = plan.profile, plan.role
    metro = profile.metro
    if profile.current_pay is not None:
        base = float(profile.current_pay)
        plan.compare_pay_basis = "your pay"
    elif role is not None and (row := rows.get((role.occupation_id, metro.code))):
        median = WageDistribution.from_values(row).quantile("p50")
        if median.value is None:
            return
        base = median.value
        plan.compare_pay_basis = f"the median pay of {role.occupation.title} in {metro.name}"
    else:
        return
    plan.compare_pay = dollars_to_ten(base)
    home_rpp = rpps.get(metro.code)
    for area in plan.compare_metros:
        rpp = rpps.get(area.code)
        pay = (
            dollars_to_ten(equivalent_pay(base, home_rpp, rpp))
            if home_rpp is not None and rpp is not None
            else NOT_AVAILABLE
        )
        median = None
        if role is not None:
            row = rows.get((role.occupation_id, area.code))
            median = WageDistribution.from_values(row).quantile("p50").display() if row else None
        plan.equivalents.append(MetroEquivalent(area=area, rpp=rpp, pay=pay, occupation_median=median))


RATING_SCALE = (1.0, 5.0)


def rating_step(mine: dict[str, float], theirs: dict[str, float]) -> float:
    """The most one of ``mine``'s ratings, moved one point up or down the 1-to-5 scale, moves
    ``profile_similarity(mine, theirs)``: what a difference between two fits can be set against."""
    mine = {skill: mine[skill] for skill in theirs}
    base = profile_similarity(mine, theirs)
    step = 0.0
    low, high = RATING_SCALE
    for skill, value in mine.items():
        for moved in (value - 1, value + 1):
            if low <= moved <= high:
                step = max(step, abs(profile_similarity({**mine, skill: moved}, theirs) - base))
    return step


def _fits(plan: Plan, *, version: DataVersion, user) -> None:
    ratings = {skill: float(value) for skill, value in member_ratings(user=user).items()}
    if not ratings:
        plan.fits_note = "Rate your strengths (step 3) to see which tracks fit them best."
        plan.fits_need_ratings = True
        return
    tracks = list(Track.objects.published().only("id", "slug", "name", "updated_at"))
    profiles = cached_track_skill_profiles(version=version, tracks=tracks)
    fits = []
    for track in tracks:
        profile = profiles.by_track.get(track.pk)
        if not profile:
            continue
        theirs = {skill: profile[skill] for skill in ratings if skill in profile}
        if not theirs:
            continue
        mine = {skill: ratings[skill] for skill in theirs}
        shared = shared_top_skills(mine, theirs, n=SHARED_SKILLS)
        fits.append(
            TrackFit(
                track=track,
                similarity=profile_similarity(mine, theirs),
                shared_skills=[profiles.skills[s].name for s in shared if s in profiles.skills],
                is_current=plan.track is not None and track.pk == plan.track.pk,
            )
        )
    fits.sort(key=lambda fit: (-fit.similarity, fit.track.name))
    plan.fits = fits[:BEST_FITS]
    if plan.fits:
        best = profiles.by_track[plan.fits[0].track.pk]
        theirs = {skill: best[skill] for skill in ratings if skill in best}
        plan.fit_step = rating_step(ratings, theirs)
    if not plan.fits:
        plan.fits_note = "No track has O*NET skill data to compare your strengths with yet."


# --------------------------------------------------------------------------------------------------
# The career record (/me/)


@dataclass(frozen=True)
class WhereNow:
    """What the member said under "where you are", shown on the timeline as the current position."""

    title: str
    track: Track | None
    metro: Area | None
    years_experience: int | None


def where_now(plan: Plan, positions: list[Position]) -> WhereNow | None:
    """Step 2's role (or job title), track, metro and years as the timeline's current position, unless
    the timeline already has a current position (one with no end date) or step 2 has no role or title."""
    profile = plan.profile
    if profile is None or not profile.where_saved_at or any(p.end_date is None for p in positions):
        return None
    title = profile.role.title if profile.role else profile.title
    if not title:
        return None
    track = profile.track or (profile.role.track if profile.role else None)
    return WhereNow(title=title, track=track, metro=profile.metro, years_experience=profile.years_experience)


@dataclass(frozen=True)
class MemberMoves:
    """The best career moves from the member's rung's occupation, in their metro, re-ranked by their
    strengths (``salaries.statistics.moves.personal_order``), read from the stored moves snapshots."""

    code: str
    title: str
    metro_name: str
    rows: list[dict]  # ``pages.moves.rows.move_rows`` rows, at most MEMBER_MOVES
    by_strengths: bool  # the member rated some skills highly, so the order is theirs


def member_moves(plan: Plan, ratings: list[SkillRating]) -> MemberMoves | None:
    """The member's best moves (one query), or None without a rung's occupation or a metro."""
    if plan.role is None or plan.profile is None or plan.profile.metro is None:
        return None
    code, metro = plan.role.occupation_id, plan.profile.metro
    payload, figures = moves_and_metro(code, metro.code)
    if payload is None:
        return None
    strengths = [r.skill.name for r in ratings if r.rating >= STRENGTH_MIN_RATING]
    ordered = {**payload, "moves": personal_order(payload["moves"], strengths)}
    place = Place(metro.code, metro.name, figures) if figures is not None else Place()
    return MemberMoves(
        code=code,
        title=payload["title"],
        metro_name=place.name,
        rows=move_rows(ordered, place)[:MEMBER_MOVES],
        by_strengths=bool(strengths),
    )


def member_record(*, user: User) -> dict:
    """Everything /me/ shows (about 19 queries, whatever the size of the record or the data)."""
    positions = member_positions(user=user)
    plan = member_plan(user=user, positions=positions)
    follows = member_follows(user=user, profile=plan.profile)
    ratings = list(
        SkillRating.objects.for_member(user).select_related("skill").order_by("-rating", "skill__name")
    )
    return {
        "profile": plan.profile,
        "plan": plan,
        "positions": positions,
        "where_now": where_now(plan, positions),
        "follows": follows,
        "followed_tracks": [view.track for view in follows],
        "ratings": ratings,
        "moves": member_moves(plan, ratings),
        "catalogue": ladder_catalogue(),
    }

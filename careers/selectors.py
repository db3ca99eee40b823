"""Reads for Get Started and the career record, and the member's next move.

Every read of member data is scoped to one member (``for_member``), so no view can reach another
member's rows. The plan is never stored: ``member_plan`` recomputes it from the member's saved inputs
and the data release loaded now, so refreshing the data refreshes every plan. The arithmetic lives in
``salaries.statistics`` (pure functions); this module gathers rows, calls them and labels the results.

Query budget: ``member_plan`` makes at most 9 queries whatever the size of the data (profile, compare
metros, releases, next rung, wage estimates, price parities, ratings, published tracks; the tracks'
skill profiles add 4 when not cached). The skill profiles are cached under a key made of the loaded
releases' fingerprint and the published tracks' ``updated_at``, so a data load or a catalogue change
recomputes them.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from careers.follows import Figures, TrackChanges, changes
from careers.models import CareerProfile, FollowedTrack, Position, SkillRating, User
from pages.formatting import dollars_to_ten, vintage_label
from pages.home.build import track_summaries
from pages.sentences import percentile_position
from pages.track.snapshots import metro_panels
from salaries import selectors as data
from salaries.generation import current_generation
from salaries.models import NATIONAL_AREA, Area, DataRelease, Skill
from salaries.statistics.location import equivalent_pay, price_adjusted
from salaries.statistics.mixture import occupation_pay_band
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
CACHE_VERSION = 1
CACHE_SECONDS = 60 * 60  # a safety net: the key already changes with the data and the catalogue
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


# --------------------------------------------------------------------------------------------------
# Catalogue


@dataclass(frozen=True)
class Catalogue:
    """Published tracks and their ladders, for track and role pickers (two queries)."""

    tracks: list[Track]
    ladders: list[tuple[Track, list[Role]]]

    def slugs(self) -> set[str]:
        return {track.slug for track in self.tracks}


def published_track(*, slug: str | None) -> Track | None:
    if not slug or not SLUG_RE.match(slug):
        return None
    return Track.objects.published().filter(slug=slug).first()


def ladder_catalogue() -> Catalogue:
    tracks = list(Track.objects.published().only("id", "slug", "name").order_by("name"))
    by_id = {track.pk: track for track in tracks}
    ladders: dict[int, list[Role]] = defaultdict(list)
    roles = (
        Role.objects.filter(track__in=tracks)
        .only("id", "track_id", "title", "level", "order")
        .order_by("order")
    )
    for role in roles:
        role.track = by_id[role.track_id]
        ladders[role.track_id].append(role)
    return Catalogue(
        tracks=tracks, ladders=[(track, ladders[track.pk]) for track in tracks if ladders[track.pk]]
    )


def metro_options() -> dict[str, Area]:
    """Every metro area by name, for the metro pickers (one query)."""
    return {area.name: area for area in data.metro_areas()}


# --------------------------------------------------------------------------------------------------
# The member's own records


def member_profile(*, user: User) -> CareerProfile | None:
    return (
        CareerProfile.objects.for_member(user)
        .select_related("track", "role__occupation", "role__track", "metro")
        .first()
    )


def member_ratings(*, user: User) -> dict[str, int]:
    """{O*NET element id: rating} of the member's saved skill ratings (one query)."""
    return dict(SkillRating.objects.for_member(user).values_list("skill_id", "rating"))


def member_positions(*, user: User) -> list[Position]:
    return list(Position.objects.for_member(user).select_related("track", "role__occupation", "role__track"))


def member_position(*, user: User, pk: int) -> Position | None:
    """One of the member's positions; None for anyone else's (the view answers 404)."""
    return Position.objects.for_member(user).select_related("track", "role").filter(pk=pk).first()


def member_followed_tracks(*, user: User) -> list[Track]:
    return [followed.track for followed in FollowedTrack.objects.for_member(user).select_related("track")]


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    url_name: str
    done: bool

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def step_progress(profile: CareerProfile | None) -> list[Step]:
    """The three Get Started steps after the account, each with whether it has been saved."""
    return [
        Step(2, "Where you are now", "get_started_where", bool(profile and profile.where_saved_at)),
        Step(3, "Your strengths", "get_started_strengths", bool(profile and profile.strengths_saved_at)),
        Step(4, "Your next move", "get_started_next_move", bool(profile and profile.plan_saved_at)),
    ]


def resume_url(*, user: User, track: Track | None = None) -> str:
    """Where a member continues Get Started: the track they came from, or the first unsaved step."""
    if track is not None:
        return reverse("get_started_where") + "?" + urlencode({"track": track.slug})
    for step in step_progress(member_profile(user=user)):
        if not step.done:
            return step.url
    return reverse("get_started_next_move")


# --------------------------------------------------------------------------------------------------
# Federal data: releases, wages, price parities, skill profiles


@dataclass(frozen=True)
class DataVersion:
    """The OEWS release in use, and the data generation (changes with every load, build or edit)."""

    oews: DataRelease | None
    fingerprint: str


def data_version() -> DataVersion:
    """One query over the handful of ``DataRelease`` rows (the generation comes from the cache)."""
    oews = data.current_releases().get(DataRelease.Source.OEWS)
    return DataVersion(oews=oews, fingerprint=current_generation().key)


survey_year = data.survey_year


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

    @property
    def ready(self) -> bool:
        return bool(self.profile and self.track and self.profile.metro)


def current_position(*, user: User) -> Position | None:
    """The member's current position: the latest-started one with no end date (one query)."""
    return (
        Position.objects.for_member(user)
        .filter(end_date__isnull=True)
        .select_related("track", "role__occupation", "role__track")
        .order_by("-start_date", "-id")
        .first()
    )


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
        area_codes={metro.code} | {a.code for a in plan.compare_metros}, oews_year=survey_year(release)
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
    if not plan.fits:
        plan.fits_note = "No track has O*NET skill data to compare your strengths with yet."


# --------------------------------------------------------------------------------------------------
# The record page and "download my data"


def member_record(*, user: User) -> dict:
    """Everything /me/ shows (about 18 queries, whatever the size of the record or the data)."""
    positions = member_positions(user=user)
    plan = member_plan(user=user, positions=positions)
    follows = member_follows(user=user, profile=plan.profile)
    return {
        "profile": plan.profile,
        "plan": plan,
        "positions": positions,
        "follows": follows,
        "followed_tracks": [view.track for view in follows],
        "ratings": list(
            SkillRating.objects.for_member(user).select_related("skill").order_by("-rating", "skill__name")
        ),
        "catalogue": ladder_catalogue(),
    }


def member_export(*, user: User) -> dict:
    """Everything the member has recorded, as plain JSON-safe data (no password hash, no session)."""
    profile = member_profile(user=user)
    ratings = SkillRating.objects.for_member(user).select_related("skill").order_by("skill__name")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
        },
        "where_you_are": None
        if profile is None
        else {
            "track": profile.track.slug if profile.track else None,
            "role": profile.role.title if profile.role else None,
            "title": profile.title,
            "metro": {"code": profile.metro.code, "name": profile.metro.name} if profile.metro else None,
            "years_experience": profile.years_experience,
            "current_pay": profile.current_pay,
            "follow_emails": profile.follow_emails,
            "compare_metros": [
                {"code": area.code, "name": area.name} for area in profile.compare_metros.order_by("name")
            ],
            "where_saved_at": _iso(profile.where_saved_at),
            "strengths_saved_at": _iso(profile.strengths_saved_at),
            "plan_saved_at": _iso(profile.plan_saved_at),
        },
        "skill_ratings": [
            {"skill": rating.skill.name, "onet_element_id": rating.skill_id, "rating": rating.rating}
            for rating in ratings
        ],
        "positions": [
            {
                "title": position.title,
                "employer": position.employer,
                "start_date": position.start_date.isoformat(),
                "end_date": position.end_date.isoformat() if position.end_date else None,
                "track": position.track.slug if position.track else None,
                "role": position.role.title if position.role else None,
            }
            for position in member_positions(user=user)
        ],
        "followed_tracks": [track.slug for track in member_followed_tracks(user=user)],
    }


def _iso(value):
    return value.isoformat() if value else None


# --------------------------------------------------------------------------------------------------
# Followed tracks: headline figures and what changed since the member followed


def _whole_dollars(value: float | None) -> int | None:
    return None if value is None else int(math.floor(float(value) + 0.5))


def track_headline_figures(*, tracks: list[Track], metro: Area | None) -> dict[int, Figures]:
    """{track id: Figures} of the release loaded now: U.S. jobs and median pay and the track's median
    pay in ``metro`` at U.S. prices, exactly as the home table and the track page show them.

    The one function through which /me/ and the follow digest read track figures. They come from the
    tracks' snapshots (``pages.track.snapshots``), built when the data or the catalogue changes, so no
    figure is computed here: three queries (releases, summaries, the metro's panels) whatever the number
    of tracks. A track without a snapshot has no figures ("not available").
    """
    if not tracks:
        return {}
    summary = track_summaries()
    national = {row.slug: row for row in summary["tracks"]}
    release = summary["oews"] if summary["oews"] != vintage_label(None) else None
    panels = metro_panels([t.pk for t in tracks], metro.code) if metro is not None else {}
    result = {}
    for track in tracks:
        row = national.get(track.slug)
        panel = panels.get(track.pk, {})
        result[track.pk] = Figures(
            release=release,
            jobs=row.jobs if row else None,
            median=_whole_dollars(row.median.value) if row and row.median is not None else None,
            metro_code=metro.code if metro else None,
            metro_name=metro.name if metro else None,
            metro_adjusted_median=_whole_dollars(panel.get("adjusted_median_value")),
        )
    return result


@dataclass(frozen=True)
class FollowedTrackView:
    followed: FollowedTrack
    track: Track
    figures: Figures
    since: TrackChanges | None  # None: no figures were recorded when the member followed it


def member_follows(*, user: User, profile: CareerProfile | None) -> list[FollowedTrackView]:
    """The member's followed tracks with their latest headline figures and what changed since they
    followed each (four queries, whatever the number of tracks)."""
    followed = list(FollowedTrack.objects.for_member(user).select_related("track"))
    figures = track_headline_figures(
        tracks=[f.track for f in followed],
        metro=profile.metro if profile is not None else None,
    )
    views = []
    for row in followed:
        then = Figures.from_dict(row.baseline)
        now = figures[row.track_id]
        views.append(
            FollowedTrackView(
                followed=row, track=row.track, figures=now, since=changes(then, now) if then else None
            )
        )
    return views


UNSUBSCRIBE_SALT = "careers.follow-digest.unsubscribe"


def user_from_unsubscribe_token(token: str) -> User | None:
    """The member an unsubscribe link was made for (``services.unsubscribe_token``), or None."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    return User.objects.filter(pk=payload["u"], email=payload.get("e"), is_active=True).first()

"""Reads for Get Started and the career record: the published catalogue (tracks and their ladders, the
metros), the member's own rows, the data release in use, "download my data", and the headline figures
of the tracks a member follows (read from the track snapshots, never computed).

Every read of member data is scoped to one member (``for_member``), so no view can reach another
member's rows. The member's plan (next move, skill shortlist, best fits) is ``careers.plan``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from careers.follows import Figures, TrackChanges, changes
from careers.models import CareerProfile, FollowedTrack, Position, SkillRating, User
from pages.formatting import vintage_label
from pages.home.build import track_summaries
from pages.track.snapshots import metro_panels
from salaries import selectors as data
from salaries.generation import current_generation
from salaries.models import Area, DataRelease
from tracks.models import Role, Track

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


def current_position(*, user: User) -> Position | None:
    """The member's current position: the latest-started one with no end date (one query)."""
    return (
        Position.objects.for_member(user)
        .filter(end_date__isnull=True)
        .select_related("track", "role__occupation", "role__track")
        .order_by("-start_date", "-id")
        .first()
    )


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
# The data release in use


@dataclass(frozen=True)
class DataVersion:
    """The OEWS release in use, and the data generation (changes with every load, build or edit)."""

    oews: DataRelease | None
    fingerprint: str


def data_version() -> DataVersion:
    """One query over the handful of ``DataRelease`` rows (the generation comes from the cache)."""
    oews = data.current_releases().get(DataRelease.Source.OEWS)
    return DataVersion(oews=oews, fingerprint=current_generation().key)


# --------------------------------------------------------------------------------------------------
# "Download my data"


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
    panels = metro_panels(tracks, metro.code) if metro is not None else {}
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
    """The member an unsubscribe link was made for (``careers.digest.unsubscribe_token``), or None."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    return User.objects.filter(pk=payload["u"], email=payload.get("e"), is_active=True).first()

"""Reads for the occupation pages: their stored snapshots, and the published tracks that include an
occupation (a fixed number of queries each; nothing here computes a statistic)."""

from __future__ import annotations

from pages.models import Snapshot
from pages.occupation.here import expanded, view_key
from tracks.models import Track, TrackOccupation


def occupation_snapshot(code: str) -> Snapshot | None:
    return Snapshot.objects.filter(kind=Snapshot.Kind.OCCUPATION, key=code).first()


def occupation_metro_view(code: str, metro: str) -> dict | None:
    """One metro's stored view of the occupation (``pages.occupation.here``), or None when BLS publishes
    no figures for it there: one query that reads only that metro's part of the stored row."""
    return expanded(
        Snapshot.objects.filter(kind=Snapshot.Kind.OCCUPATION_METRO, key=code)
        .values_list(f"payload__{view_key(metro)}", flat=True)
        .first()
    )


def tracks_including(code: str) -> list[Track]:
    """Published tracks that include the occupation, each with ``peers``: the other occupations in it as
    (code, title) pairs, for the "Compare with" control (one query, the same on SQLite and PostgreSQL)."""
    memberships = (
        TrackOccupation.objects.filter(
            track__status=Track.Status.PUBLISHED,
            track__in=TrackOccupation.objects.filter(occupation_id=code).values("track_id"),
        )
        .select_related("track", "occupation")
        .only("track", "track__slug", "track__name", "occupation", "occupation__title")
        .order_by("track__name", "track_id", "occupation_id")
    )
    tracks: dict[int, Track] = {}
    for membership in memberships:
        track = tracks.setdefault(membership.track_id, membership.track)
        if not hasattr(track, "peers"):
            track.peers = []
        if membership.occupation_id != code:
            track.peers.append((membership.occupation_id, membership.occupation.title))
    return list(tracks.values())


def occupation_compare_snapshots(codes: list[str]) -> list[tuple[str, dict]]:
    """The published occupation snapshots of these codes, in the order asked (one query)."""
    found = dict(
        Snapshot.objects.filter(
            kind=Snapshot.Kind.OCCUPATION, key__in=codes, payload__published=True
        ).values_list("key", "payload")
    )
    return [(c, found[c]) for c in codes if c in found]


def occupation_index() -> list[dict]:
    rows = (
        Snapshot.objects.filter(kind=Snapshot.Kind.OCCUPATION)
        .order_by("key")
        .values_list("key", "payload__title", "payload__published", "payload__employment")
    )
    return [
        {"code": code, "title": title, "published": published, "employment": employment}
        for code, title, published, employment in rows
    ]


def occupation_codes() -> list[str]:
    """Every occupation with a page, for the sitemap (one query)."""
    return list(
        Snapshot.objects.filter(kind=Snapshot.Kind.OCCUPATION).order_by("key").values_list("key", flat=True)
    )

"""Every snapshot the public pages are served from, and when each is built: the one list of builders.

Requests never compute a figure; these builders do, when the data or the catalogue changes. The
``pages`` app registers two of them with ``salaries.generation`` (``pages.apps``), which every writer
calls in its own transaction (``rebuild_snapshots``), so a failed build rolls the write back:

- ``build_track_pages`` ("tracks"): every published track's page (``pages.track.snapshots``) and then
  the home page's chart of every track (``pages.home.build``);
- ``build_pages_beyond_tracks`` ("explore"): occupation pages, metro and state pages (one set of
  inputs), the job-title search index and the compare snapshots, in that order (compare reads the track
  snapshots; search names the occupations).

A full rebuild (a data load, ``build_snapshots``) builds everything; an editor's save rebuilds that
track, the home chart, its compare snapshot and the search index; a catalogue load rebuilds the changed
tracks and those linking to them, the home chart, and the pages beyond the tracks.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max, Q

from pages.compare.build import rebuild_compare_snapshots
from pages.home.build import build_home_chart, home_chart_built
from pages.metro.build import place_inputs, rebuild_metro_snapshots
from pages.occupation.snapshots import rebuild_occupation_snapshots
from pages.search.build import rebuild_search_index
from pages.state.build import rebuild_state_snapshots
from pages.track.snapshots import FORMAT, store_track
from salaries import selectors as data
from salaries.generation import Change
from salaries.models import DataRelease
from tracks.models import Track, TrackMetroSnapshot, TrackSnapshot

Progress = Callable[[str], None]


# --------------------------------------------------------------------------------------------------
# The track pages, and the home page's chart of every track


def build_track_pages(progress: Progress | None = None, change: Change | None = None) -> int:
    """The builder registered as "tracks": every track (``change`` None), one saved track, or the tracks
    a catalogue load changed and those linking to them (a page shows its related tracks' names and
    evidence), then the home chart once."""
    if change is None:
        return build_all(progress)
    if change.track is not None:
        return build_track(change.track)
    affected = Track.objects.filter(Q(slug__in=change.tracks) | Q(links__related__slug__in=change.tracks))
    tracks = list(affected.distinct().order_by("slug"))
    for track in tracks:
        build_track(track, home=False)
    build_home_chart()  # once, with every track rebuilt
    return len(tracks)


def build_all(progress: Progress | None = None) -> int:
    """Build every published track's snapshot (and drop those of tracks no longer published), then the
    home chart. Returns the number of tracks built. Idempotent: the result depends only on the data and
    the catalogue."""
    releases = data.current_releases()
    TrackSnapshot.objects.exclude(track__status=Track.Status.PUBLISHED).delete()
    TrackMetroSnapshot.objects.exclude(track__status=Track.Status.PUBLISHED).delete()
    tracks = list(Track.objects.published().order_by("slug"))
    for index, track in enumerate(tracks, 1):
        started = time.perf_counter()
        metros = build_track(track, releases=releases, home=False)
        if progress is not None:
            progress(
                f"[{index}/{len(tracks)}] {track.slug}: {metros} metros, "
                f"{time.perf_counter() - started:.1f} s"
            )
    build_home_chart(releases)
    return len(tracks)


def build_track(track: Track, *, releases: dict[str, DataRelease] | None = None, home: bool = True) -> int:
    """Build (or, for a track that is not published, delete) one track's snapshot; return its metros.
    Then (unless ``home`` is false) the home chart, which shows every track."""
    with transaction.atomic():
        metros = store_track(track, releases=releases)
        if home:
            build_home_chart(releases)
    return metros


def missing_snapshots() -> bool:
    """Whether any published track lacks a current snapshot (or the home chart is not built)."""
    return (
        Track.objects.published().filter(snapshot__isnull=True).exists()
        or TrackSnapshot.objects.exclude(format=FORMAT).exists()
        or (Track.objects.published().exists() and not home_chart_built())
    )


# --------------------------------------------------------------------------------------------------
# The pages beyond the tracks


def build_pages_beyond_tracks(progress: Progress | None = None, change: Change | None = None) -> dict:
    """The builder registered as "explore": every page beyond the tracks (``change`` None, or a
    catalogue load), or after an editor's save what is quick (``track_saved``)."""
    if change is not None and change.track is not None:
        track_saved(change.track)
        return {}
    if change is not None:
        return rebuild_all()
    return rebuild_all(log=progress)


def catalogue_fingerprint() -> str:
    latest = Track.objects.aggregate(latest=Max("updated_at"))["latest"]
    return f"{data.releases_fingerprint(data.current_releases())}:{latest.isoformat() if latest else '-'}"


def rebuild_all(*, log=None) -> dict[str, int]:
    """Every snapshot of the pages beyond the tracks, in dependency order (occupations first)."""
    counts = {}
    with transaction.atomic():
        fingerprint = catalogue_fingerprint()
        counts["occupations"] = rebuild_occupation_snapshots()
        places = place_inputs()
        counts["metros"] = rebuild_metro_snapshots(fingerprint, places) + rebuild_state_snapshots(
            fingerprint, places
        )
        counts["search titles"] = rebuild_search_index(fingerprint)
        counts["compare"] = rebuild_compare_snapshots(fingerprint)
    if log:
        log(", ".join(f"{name}: {n:,}" for name, n in counts.items()))
    return counts


def track_saved(track: Track) -> None:
    """An editor saved a track: refresh what is quick (its compare snapshot and the search index, which
    names tracks and rungs); metro pages follow at the next data or catalogue load."""
    fingerprint = catalogue_fingerprint()
    rebuild_compare_snapshots(fingerprint)
    rebuild_search_index(fingerprint)

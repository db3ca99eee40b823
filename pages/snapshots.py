"""Every snapshot the public pages are served from, and when each is built: the one list of builders.

Requests never compute a figure; these builders do, when the data or the catalogue changes. Every
snapshot is a ``pages.Snapshot`` row (``pages.store``: JSON, written only when its payload changed).
``BUILDERS`` is the one ordered list; the ``pages`` app registers it with ``salaries.generation``
(``pages.apps``), which every writer calls in its own transaction (``rebuild_snapshots``), so a failed
build rolls the write back:

- ``build_track_pages`` ("tracks"): every published track's page (``pages.track.snapshots``) and then
  the home page's chart of every track (``pages.home.build``);
- ``build_pages_beyond_tracks`` ("explore"): occupation pages and their career moves (one set of
  inputs, ``pages.moves.snapshots``), metro and state pages (one set of inputs), the job-title search
  index and the compare snapshots, in that order (compare reads the track snapshots; search names the
  occupations).

A full rebuild (a data load, ``build_snapshots``) builds everything; an editor's save rebuilds that
track, the home chart, its compare snapshot and the search index; a catalogue load rebuilds the changed
tracks and those linking to them, the home chart, and the pages beyond the tracks. ``KINDS`` says which
builder makes each kind of row, for ``build_snapshots --kind``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

from pages.compare.build import rebuild_compare_snapshots
from pages.home.build import build_home_chart, home_chart_built
from pages.metro.build import place_inputs, rebuild_metro_snapshots
from pages.models import Snapshot
from pages.moves.snapshots import rebuild_move_snapshots
from pages.occupation.snapshots import occupation_inputs_and_context, rebuild_occupation_snapshots
from pages.search.build import rebuild_search_index
from pages.state.build import rebuild_state_snapshots
from pages.store import Kind
from pages.track.snapshots import SCHEMA, delete_track, store_track, stored_track_slugs
from salaries import selectors as data
from salaries.generation import Change
from salaries.models import DataRelease
from tracks.models import Track

Progress = Callable[[str], None]


# --------------------------------------------------------------------------------------------------
# The track pages, and the home page's chart of every track


def build_track_pages(progress: Progress | None = None, change: Change | None = None) -> int:
    """The builder registered as "tracks": every track (``change`` None), one saved track, or the tracks
    a catalogue load changed and those linking to them (a page shows its related tracks' names and
    evidence), then the home chart once."""
    if change is None or change.everything:
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
    tracks = list(Track.objects.published().order_by("slug"))
    for slug in sorted(stored_track_slugs() - {t.slug for t in tracks}):
        delete_track(slug)  # no longer published (or gone)
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
    published = set(Track.objects.published().values_list("slug", flat=True))
    current = set(Snapshot.objects.filter(kind=Kind.TRACK_FRAME, schema=SCHEMA).values_list("key", flat=True))
    return bool(published - current) or (bool(published) and not home_chart_built())


# --------------------------------------------------------------------------------------------------
# The pages beyond the tracks


def build_pages_beyond_tracks(progress: Progress | None = None, change: Change | None = None) -> dict:
    """The builder registered as "explore": every page beyond the tracks (``change`` None, or a
    catalogue load), or after an editor's save what is quick (``track_saved``)."""
    if change is not None and change.track is not None:
        track_saved(change.track)
        return {}
    if change is not None and not change.everything:
        return rebuild_all()
    return rebuild_all(log=progress)


def rebuild_all(*, log=None) -> dict[str, int]:
    """Every snapshot of the pages beyond the tracks, in dependency order (occupations first)."""
    counts = {}
    with transaction.atomic():
        inputs, ctx, _ = occupation_inputs_and_context()
        counts["occupations"] = rebuild_occupation_snapshots(inputs, ctx)
        counts["moves"], counts["moves by metro"] = rebuild_move_snapshots(inputs, ctx)
        places = place_inputs()
        counts["metros"] = rebuild_metro_snapshots(places)
        counts["states"] = rebuild_state_snapshots(places)
        counts["search"] = rebuild_search_index()
        counts["compare"] = rebuild_compare_snapshots()
    if log:
        log(
            ", ".join(
                f"{name}: {w.rows:,} rows written, {w.unchanged:,} unchanged" for name, w in counts.items()
            )
        )
    return {name: w.rows for name, w in counts.items()}


def track_saved(track: Track) -> None:
    """An editor saved a track: refresh what is quick (its compare snapshot and the search index, which
    names tracks and rungs); metro pages follow at the next data or catalogue load."""
    rebuild_compare_snapshots()
    rebuild_search_index(metros=False)  # names changed, not data: the metros' pay rows stay


# --------------------------------------------------------------------------------------------------
# The one ordered list, and which builder makes each kind of row

# Run in this order by every rebuild (``pages.apps`` registers them with ``salaries.generation``):
# the pages beyond the tracks read what the track pages stored (compare) or left (the metro figures).
BUILDERS: dict[str, Callable[..., object]] = {
    "tracks": build_track_pages,
    "explore": build_pages_beyond_tracks,
}


def _track_kind(key: str | None) -> str:
    if key is None:
        return f"{build_all():,} tracks"
    try:
        track = Track.objects.get(slug=key)
    except Track.DoesNotExist:
        raise LookupError(f"No track with the slug {key!r}.") from None
    return f"{key}: {build_track(track)} metros"


def _places(kind: str) -> None:
    places = place_inputs()
    if kind == Kind.METRO:
        rebuild_metro_snapshots(places)
        rebuild_compare_snapshots()  # compare stores each metro's section from the metro pages
    else:
        rebuild_state_snapshots(places)
    return None


def _quiet(_result) -> None:
    return None


# ``build_snapshots --kind K [--key KEY]``: what rebuilds one kind (a key: one track's rows).
KINDS: dict[str, Callable[[str | None], str | None]] = {
    Kind.TRACK: _track_kind,
    Kind.TRACK_FRAME: _track_kind,
    Kind.TRACK_SUMMARY: _track_kind,
    Kind.TRACK_METRO: _track_kind,
    Kind.HOME: lambda key: _quiet(build_home_chart()),
    Kind.OCCUPATION: lambda key: _quiet(rebuild_occupation_snapshots()),
    Kind.OCCUPATION_METRO: lambda key: _quiet(rebuild_occupation_snapshots()),
    Kind.MOVES: lambda key: _quiet(rebuild_move_snapshots()),
    Kind.MOVES_METRO: lambda key: _quiet(rebuild_move_snapshots()),
    Kind.METRO: lambda key: _places(Kind.METRO),
    Kind.STATE: lambda key: _places(Kind.STATE),
    Kind.SEARCH: lambda key: _quiet(rebuild_search_index()),
    Kind.COMPARE: lambda key: _quiet(rebuild_compare_snapshots()),
}
KEYED_KINDS = {Kind.TRACK, Kind.TRACK_FRAME, Kind.TRACK_SUMMARY, Kind.TRACK_METRO}

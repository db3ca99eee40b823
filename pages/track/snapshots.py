"""Track page snapshots: built when the data or the catalogue changes, read by every public request.

Building (``store_track``) builds one track's page once (``pages.track.build``) and stores the national
page, every metro panel and the track's summary (``TrackSnapshot``, ``TrackMetroSnapshot``). It writes
in the caller's transaction: ``pages.snapshots`` calls it for every track of a rebuild, or for one track
an editor saved, within the writer's transaction and its generation bump, so a failure leaves the
previous snapshots in place.

Reading (``published_page``, ``metro_page``, ``published_summaries``) is one query each and never
computes a figure: a published track without a snapshot raises ``SnapshotMissing`` and its page says so.
"""

from __future__ import annotations

import functools
import pickle
import re
import zlib
from dataclasses import dataclass, fields, replace

from django.db import connection, transaction
from django.db.models import StringAgg, Value
from django.utils import timezone

from pages.bulk_writes import insert_rows
from pages.track import render
from pages.track.build import TrackPage, build_page
from pages.track.figures import MetroNotFound, TrackFigures
from pages.track.sections.metro_panel import metro_panel
from pages.track.selectors import track_figures
from pages.track.summary import TrackSummary, summary_of
from salaries.generation import build_memo
from salaries.models import DataRelease
from tracks.models import RelatedTrack, Track, TrackMetroSnapshot, TrackSnapshot

# Bump when TrackPage, its sections or TrackSummary change shape (or move: their rows are pickled with
# the classes' paths): older rows then count as not built (their pages say so) until ``build_snapshots``
# runs. 2: guidance sections; 3: metro panels carry adjusted_median_value; 4: hourly pay in metro panels;
# 5: chart figures sized for their card (no title space), labels clear of ticks, lines and each other;
# 6: the metro table leads with pay at U.S. prices; 7: the page's classes live in pages (pages.track,
# pages.charts, salaries.statistics.wages)
FORMAT = 7


class SnapshotMissing(LookupError):
    """The track is published but its snapshot has not been built (or was built by older code)."""

    def __init__(self, track: Track):
        super().__init__(track.slug)
        self.track = track


def _pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(blob) -> object:
    return pickle.loads(zlib.decompress(bytes(blob)))  # noqa: S301 - our own rows, written by _pack


# --------------------------------------------------------------------------------------------------
# Building


def store_track(track: Track, *, releases: dict[str, DataRelease] | None = None) -> int:
    """Build and store one track's snapshot (or, for a track that is not published, delete it); return
    how many metro panels it has."""
    if track.status != Track.Status.PUBLISHED:
        TrackSnapshot.objects.filter(track=track).delete()
        TrackMetroSnapshot.objects.filter(track=track).delete()
        return 0
    track = Track.objects.get(pk=track.pk)  # as requests will read it (the fingerprint compares fields)
    figures = _figures_for(track, releases)
    page = build_page(figures)
    stored = render.with_body(page)
    panels = {code: metro_panel(figures, code) for code in sorted(figures.metros_by_code)}
    _leave_metro_figures(figures)
    with transaction.atomic():
        TrackSnapshot.objects.update_or_create(
            track=track,
            defaults={
                "format": FORMAT,
                "built_at": timezone.now(),
                "page": _pack(replace(stored, track=None)),
                "frame": _pack(PageFrame.of(stored)),
                "summary": _pack(summary_of(figures)),
                "metro_codes": sorted(panels),
            },
        )
        TrackMetroSnapshot.objects.filter(track=track).delete()
        insert_rows(
            [
                TrackMetroSnapshot(track=track, metro_code=code, panel=_pack(panel))
                for code, panel in panels.items()
            ]
        )
    return len(panels)


def metro_figures_key(oews: DataRelease | None, codes) -> tuple:
    return ("track-metro-figures", oews.pk if oews is not None else None, tuple(sorted(set(codes))))


def _leave_metro_figures(figures: TrackFigures) -> None:
    """In a full rebuild, leave the track's metro figures for the metro pages (``pages.metro.build``),
    computed from the same rows by the same functions, so they need not compute them again."""
    memo = build_memo()
    if memo is None:
        return
    national = figures.wages.national
    memo[metro_figures_key(figures.oews, figures.track_codes)] = {
        "pay": figures.pay,
        "employment": figures.employment,
        "figures": dict(figures.metros_by_code),
        "rpp_year": figures.wages.rpp_year,
        "national_mix": {
            c: national[c]["employment"]
            for c in figures.track_codes
            if c in national and national[c]["employment"]
        },
    }


def _figures_for(track: Track, releases) -> TrackFigures:
    links = list(
        RelatedTrack.objects.filter(track=track, related__status=Track.Status.PUBLISHED)
        .select_related("related")
        .annotate(
            related_codes=StringAgg(
                "related__occupations__occupation_id", delimiter=Value(","), default=Value("")
            )
        )
        .order_by("kind", "order")
    )
    return track_figures(
        track=track,
        occupations=list(track.occupations.select_related("occupation")),
        roles=list(track.roles.select_related("occupation")),
        industry_notes=list(track.industries.select_related("industry")),
        links=links,
        releases=releases,
        every_metro=True,
    )


# --------------------------------------------------------------------------------------------------
# Reading (one query each, no statistics)


@dataclass
class PageFrame:
    """What a request needs of a stored page whose body is current: the pre-rendered <article> and the
    few values the template's frame (title, canonical link, JSON-LD) shows around it."""

    track: Track
    canonical_url: str
    canonical_path: str
    jsonld_script: str
    body_html: str
    body_fingerprint: str
    metro_codes: set[str]
    metro: dict | None = None

    @classmethod
    def of(cls, page: TrackPage) -> PageFrame:
        return cls(
            track=None,
            canonical_url=page.canonical_url,
            canonical_path=page.canonical_path,
            jsonld_script=page.jsonld_script,
            body_html=page.body_html,
            body_fingerprint=page.body_fingerprint,
            metro_codes=page.metro_codes,
        )

    def as_context(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


METRO_CODE_RE = re.compile(r"^[0-9]{5}$")


@dataclass
class _Stored:
    """One stored snapshot as a request reads it: its format, one packed column, the track's row and,
    for a metro view, that metro's packed panel (None when the track has no such metro)."""

    format: int
    blob: bytes
    track: Track
    metro_panel: bytes | None = None


@functools.cache
def _snapshot_sql(column: str, with_metro: bool) -> str:
    """The one query behind a page or metro view, written once: the ORM would compile the same
    join, column list and subquery on every request (most of a cache miss's time in the database
    layer). A raw query on Track maps the track's columns and carries the rest as attributes."""
    qn = connection.ops.quote_name
    track_columns = ", ".join(f"t.{qn(f.column)}" for f in Track._meta.concrete_fields)
    panel = (
        f"(SELECT m.{qn('panel')} FROM {qn(TrackMetroSnapshot._meta.db_table)} m "
        f"WHERE m.{qn('track_id')} = s.{qn('track_id')} AND m.{qn('metro_code')} = %s)"
        if with_metro
        else "NULL"
    )
    column = TrackSnapshot._meta.get_field(column).column
    return (
        f"SELECT {track_columns}, s.{qn('format')} AS snapshot_format, s.{qn(column)} AS snapshot_blob, "
        f"{panel} AS metro_panel "
        f"FROM {qn(TrackSnapshot._meta.db_table)} s JOIN {qn(Track._meta.db_table)} t "
        f"ON t.{qn('id')} = s.{qn('track_id')} "
        f"WHERE t.{qn('slug')} = %s AND t.{qn('status')} = %s"
    )


def _snapshot(slug: str, column: str, *, metro_code: str | None = None) -> _Stored:
    with_metro = metro_code is not None and METRO_CODE_RE.match(metro_code) is not None
    # The metro's stored panel rides along in the same query (NULL for a code it does not have).
    params = [metro_code] if with_metro else []
    params += [slug, Track.Status.PUBLISHED.value]
    found = list(Track.objects.raw(_snapshot_sql(column, with_metro), params))
    if not found or found[0].snapshot_format != FORMAT:
        track = found[0] if found else Track.objects.published().get(slug=slug)
        raise SnapshotMissing(track)
    track = found[0]
    stored = _Stored(track.snapshot_format, track.snapshot_blob, track, track.metro_panel)
    for name in ("snapshot_format", "snapshot_blob", "metro_panel"):  # not part of the track's row
        delattr(track, name)
    return stored


def served_page(slug: str, metro_code: str | None = None) -> PageFrame | TrackPage:
    """What the public track page renders, and with ``metro_code`` that metro's view: one query for
    the stored frame (pre-rendered body) and the metro's stored panel. When the body is not current
    (the track's row or the templates changed since the build) the stored page is read too and the
    body rendered from it. Never a figure computed.

    Raises Track.DoesNotExist (no published track with this slug), SnapshotMissing, or MetroNotFound
    (a code that is not one of the track's metros).
    """
    snapshot = _snapshot(slug, "frame", metro_code=metro_code)
    frame = _unpack(snapshot.blob)
    if render.body_is_current(frame, snapshot.track):
        page = replace(frame, track=snapshot.track)
    else:
        page = published_page(slug)
    if metro_code is None:
        return page
    blob = snapshot.metro_panel
    if blob is None or metro_code not in page.metro_codes:
        raise MetroNotFound(metro_code, track=snapshot.track)
    return _with_panel(page, _unpack(blob))


def _with_panel(page: PageFrame | TrackPage, panel: dict) -> PageFrame | TrackPage:
    if page.body_html:  # a current stored body: splice the panel in
        return replace(page, metro=panel, body_html=render.spliced_metro_body(page, panel))
    return page.with_metro(panel)


def published_page(slug: str) -> TrackPage:
    """The published track's whole stored page: figures, charts and panels from the snapshot, the text
    of the track's own row (read in the same query) rendered as it is now (one query).

    Raises Track.DoesNotExist (no published track with this slug) or SnapshotMissing.
    """
    snapshot = _snapshot(slug, "page")
    page = _unpack(snapshot.blob)
    if render.body_is_current(page, snapshot.track):
        return replace(page, track=snapshot.track)
    return page.with_track_text(snapshot.track)


def metro_page(page: PageFrame | TrackPage, metro_code: str | None) -> PageFrame | TrackPage:
    """The page with one metro's panel (one query). A code that is not one of the page's metros raises
    MetroNotFound without a query: a metro view is a lookup, never a computation."""
    if not metro_code or metro_code not in page.metro_codes:
        raise MetroNotFound(metro_code)
    blob = (
        TrackMetroSnapshot.objects.filter(track=page.track, metro_code=metro_code)
        .values_list("panel", flat=True)
        .first()
    )
    if blob is None:
        raise MetroNotFound(metro_code)
    return _with_panel(page, _unpack(blob))


def metro_panels(track_ids, metro_code: str) -> dict[int, dict]:
    """{track id: that track's panel for ``metro_code``} (one query; tracks without one are left out)."""
    rows = TrackMetroSnapshot.objects.filter(
        track_id__in=sorted(track_ids), metro_code=metro_code, track__snapshot__format=FORMAT
    ).values_list("track_id", "panel")
    return {track_id: _unpack(blob) for track_id, blob in rows}


def published_summaries() -> list[TrackSummary]:
    """The home-table rows of every published track with a current snapshot (one query)."""
    blobs = TrackSnapshot.objects.filter(track__status=Track.Status.PUBLISHED, format=FORMAT).values_list(
        "summary", flat=True
    )
    return [_unpack(blob) for blob in blobs]


def track_page_context_for(track: Track, metro_code: str | None = None) -> dict:
    """The stored page context of a published track (and one metro's panel): never computed here.

    Raises MetroNotFound for a code that is not one of the track's metros, SnapshotMissing when the
    track's snapshot has not been built.
    """
    page = published_page(track.slug)
    if metro_code is not None:
        page = metro_page(page, metro_code)
    return page.as_context()

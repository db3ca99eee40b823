"""Track page snapshots: built when the data or the catalogue changes, read by every public request.

Building (``store_track``) builds one track's page once (``pages.track.build``) and stores, as
``pages.Snapshot`` rows keyed by the track's slug, the national page (kind ``track``), what a request
needs of it when its pre-rendered body is current (``track_frame``), the track's summary
(``track_summary``) and every metro's panel (``track_metro``, keyed ``<slug>/<CBSA code>``). Each is
JSON (``CODEC``: no pickles), and only the rows whose payload changed are written. It writes in the
caller's transaction: ``pages.snapshots`` calls it for every track of a rebuild, or for one track an
editor saved, within the writer's transaction and its generation bump, so a failure leaves the
previous snapshots in place.

Every row carries ``SCHEMA``, the digest of the stored classes' fields (``pages.store.schema_digest``
of ``TrackPage``, ``PageFrame``, ``TrackSummary`` and the dataclasses they hold): computed from the
code, so it cannot be forgotten as a hand-bumped number could. A row of another schema counts as not
built (its page says so) until ``build_snapshots`` runs. The dicts inside the sections are not
classes: a change of their keys alone does not move it.

Reading (``published_page``, ``metro_page``, ``published_summaries``) is one query each and never
computes a figure: a published track without a snapshot raises ``SnapshotMissing`` and its page says so.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, fields, replace

from django.db import connection, transaction
from django.db.models import OuterRef, StringAgg, Subquery, Value

from pages.charts.families import Chart
from pages.models import Snapshot
from pages.store import JsonCodec, Kind, Written, delete_snapshots, write_snapshots
from pages.track import render
from pages.track.build import TrackPage, build_page
from pages.track.figures import MetroNotFound, TrackFigures
from pages.track.sections.metro_panel import metro_panel
from pages.track.selectors import track_figures
from pages.track.summary import TrackSummary, summary_of
from salaries.generation import build_memo
from salaries.models import DataRelease
from salaries.statistics.projections import ProjectionSummary
from salaries.statistics.wages import Quantile
from tracks.models import RelatedTrack, Track


class SnapshotMissing(LookupError):
    """The track is published but its snapshot has not been built (or was built by older code)."""

    def __init__(self, track: Track):
        super().__init__(track.slug)
        self.track = track


# --------------------------------------------------------------------------------------------------
# Building


def store_track(track: Track, *, releases: dict[str, DataRelease] | None = None) -> int:
    """Build and store one track's snapshot (or, for a track that is not published, delete it); return
    how many metro panels it has."""
    return store_track_rows(track, releases=releases)[0]


def store_track_rows(track: Track, *, releases: dict[str, DataRelease] | None = None) -> tuple[int, Written]:
    """``store_track``, also saying which rows it wrote."""
    if track.status != Track.Status.PUBLISHED:
        return 0, delete_track(track.slug)
    track = Track.objects.get(pk=track.pk)  # as requests will read it (the fingerprint compares fields)
    figures = _figures_for(track, releases)
    page = build_page(figures)
    stored = render.with_body(page)
    panels = {code: metro_panel(figures, code) for code in sorted(figures.metros_by_code)}
    _leave_metro_figures(figures)
    slug = track.slug
    written = Written()
    with transaction.atomic():
        for kind, value in (
            (Kind.TRACK, replace(stored, track=None)),
            (Kind.TRACK_FRAME, PageFrame.of(stored)),
            (Kind.TRACK_SUMMARY, summary_of(figures)),
        ):
            written += write_snapshots(kind, {slug: CODEC.encode(value)}, schema=SCHEMA, delete_missing=False)
        written += write_snapshots(
            Kind.TRACK_METRO,
            {f"{slug}/{code}": CODEC.encode(panel) for code, panel in panels.items()},
            schema=SCHEMA,
            prefix=f"{slug}/",
        )
    return len(panels), written


TRACK_KINDS = (Kind.TRACK, Kind.TRACK_FRAME, Kind.TRACK_SUMMARY)


def delete_track(slug: str) -> Written:
    """Delete every stored row of the track with this slug."""
    deleted = sum(delete_snapshots(kind, [slug]) for kind in TRACK_KINDS)
    deleted += delete_snapshots(Kind.TRACK_METRO, prefix=f"{slug}/")
    return Written(deleted=deleted)


def stored_track_slugs() -> set[str]:
    """The slugs of every track with a stored page (one query)."""
    return set(Snapshot.objects.filter(kind=Kind.TRACK).values_list("key", flat=True))


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


# Every class a stored track page, frame, summary or panel holds: the only classes read back.
CODEC = JsonCodec(TrackPage, PageFrame, TrackSummary, Chart, Quantile, ProjectionSummary)
SCHEMA = CODEC.schema

METRO_CODE_RE = re.compile(r"^[0-9]{5}$")


@dataclass
class _Stored:
    """One stored snapshot as a request reads it: its schema, its payload (JSON text), the track's row
    and, for a metro view, that metro's panel (JSON text; None when the track has no such metro)."""

    schema: str
    payload: str
    track: Track
    metro_panel: str | None = None


@functools.cache
def _snapshot_sql(with_metro: bool) -> str:
    """The one query behind a page or metro view, written once: the ORM would compile the same
    join, column list and subquery on every request (most of a cache miss's time in the database
    layer). A raw query on Track maps the track's columns and carries the rest as attributes."""
    qn = connection.ops.quote_name
    table = qn(Snapshot._meta.db_table)
    track_columns = ", ".join(f"t.{qn(f.column)}" for f in Track._meta.concrete_fields)
    panel = (
        f"(SELECT m.{qn('payload')} FROM {table} m WHERE m.{qn('kind')} = '{Kind.TRACK_METRO.value}' "
        f"AND m.{qn('key')} = %s)"
        if with_metro
        else "NULL"
    )
    return (
        f"SELECT {track_columns}, s.{qn('schema')} AS snapshot_schema, "
        f"s.{qn('payload')} AS snapshot_payload, {panel} AS metro_panel "
        f"FROM {table} s JOIN {qn(Track._meta.db_table)} t ON t.{qn('slug')} = s.{qn('key')} "
        f"WHERE s.{qn('kind')} = %s AND t.{qn('slug')} = %s AND t.{qn('status')} = %s"
    )


def _snapshot(slug: str, kind: str, *, metro_code: str | None = None) -> _Stored:
    with_metro = metro_code is not None and METRO_CODE_RE.match(metro_code) is not None
    # The metro's stored panel rides along in the same query (NULL for a code it does not have).
    params = [f"{slug}/{metro_code}"] if with_metro else []
    params += [kind, slug, Track.Status.PUBLISHED.value]
    found = list(Track.objects.raw(_snapshot_sql(with_metro), params))
    if not found or found[0].snapshot_schema != SCHEMA:
        track = found[0] if found else Track.objects.published().get(slug=slug)
        raise SnapshotMissing(track)
    track = found[0]
    stored = _Stored(track.snapshot_schema, track.snapshot_payload, track, track.metro_panel)
    for name in ("snapshot_schema", "snapshot_payload", "metro_panel"):  # not part of the track's row
        delattr(track, name)
    return stored


def _load(payload):
    """A stored payload (JSON text from a raw query, or already parsed) as the objects it encodes."""
    return CODEC.decode(json.loads(payload) if isinstance(payload, str | bytes) else payload)


def served_page(slug: str, metro_code: str | None = None) -> PageFrame | TrackPage:
    """What the public track page renders, and with ``metro_code`` that metro's view: one query for
    the stored frame (pre-rendered body) and the metro's stored panel. When the body is not current
    (the track's row or the templates changed since the build) the stored page is read too and the
    body rendered from it. Never a figure computed.

    Raises Track.DoesNotExist (no published track with this slug), SnapshotMissing, or MetroNotFound
    (a code that is not one of the track's metros).
    """
    snapshot = _snapshot(slug, Kind.TRACK_FRAME, metro_code=metro_code)
    frame = _load(snapshot.payload)
    if render.body_is_current(frame, snapshot.track):
        page = replace(frame, track=snapshot.track)
    else:
        page = published_page(slug)
    if metro_code is None:
        return page
    panel = snapshot.metro_panel
    if panel is None or metro_code not in page.metro_codes:
        raise MetroNotFound(metro_code, track=snapshot.track)
    return _with_panel(page, _load(panel))


def _with_panel(page: PageFrame | TrackPage, panel: dict) -> PageFrame | TrackPage:
    if page.body_html:  # a current stored body: splice the panel in
        return replace(page, metro=panel, body_html=render.spliced_metro_body(page, panel))
    return page.with_metro(panel)


def published_page(slug: str) -> TrackPage:
    """The published track's whole stored page: figures, charts and panels from the snapshot, the text
    of the track's own row (read in the same query) rendered as it is now (one query).

    Raises Track.DoesNotExist (no published track with this slug) or SnapshotMissing.
    """
    snapshot = _snapshot(slug, Kind.TRACK)
    page = _load(snapshot.payload)
    if render.body_is_current(page, snapshot.track):
        return replace(page, track=snapshot.track)
    return page.with_track_text(snapshot.track)


def metro_page(page: PageFrame | TrackPage, metro_code: str | None) -> PageFrame | TrackPage:
    """The page with one metro's panel (one query). A code that is not one of the page's metros raises
    MetroNotFound without a query: a metro view is a lookup, never a computation."""
    if not metro_code or metro_code not in page.metro_codes:
        raise MetroNotFound(metro_code)
    panel = (
        Snapshot.objects.filter(kind=Kind.TRACK_METRO, key=f"{page.track.slug}/{metro_code}", schema=SCHEMA)
        .values_list("payload", flat=True)
        .first()
    )
    if panel is None:
        raise MetroNotFound(metro_code)
    return _with_panel(page, _load(panel))


def metro_panels(tracks, metro_code: str) -> dict[int, dict]:
    """{track id: that track's panel for ``metro_code``} of these tracks (one query; tracks without
    one are left out)."""
    by_key = {f"{t.slug}/{metro_code}": t.pk for t in tracks}
    rows = Snapshot.objects.filter(kind=Kind.TRACK_METRO, key__in=sorted(by_key), schema=SCHEMA).values_list(
        "key", "payload"
    )
    return {by_key[key]: _load(panel) for key, panel in rows}


def published_summaries() -> list[TrackSummary]:
    """The home-table rows of every published track with a current snapshot (one query)."""
    payloads = (
        Snapshot.objects.filter(kind=Kind.TRACK_SUMMARY, schema=SCHEMA)
        .annotate(track_id=Subquery(Track.objects.published().filter(slug=OuterRef("key")).values("pk")[:1]))
        .filter(track_id__isnull=False)
        .order_by("track_id")  # the tracks' order, as they were created
        .values_list("payload", flat=True)
    )
    return [_load(payload) for payload in payloads]


def track_page_context_for(track: Track, metro_code: str | None = None) -> dict:
    """The stored page context of a published track (and one metro's panel): never computed here.

    Raises MetroNotFound for a code that is not one of the track's metros, SnapshotMissing when the
    track's snapshot has not been built.
    """
    page = published_page(track.slug)
    if metro_code is not None:
        page = metro_page(page, metro_code)
    return page.as_context()

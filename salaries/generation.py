"""The data generation: one number that changes whenever what the public pages show may change, and
the one way a change reaches the pages built from the data.

Every writer (``load_workforce_data``, ``load_tracks``, an editor's save, ``build_snapshots``) calls
:func:`rebuild_snapshots` inside its transaction: it runs the registered snapshot builders, then bumps
the generation (:func:`bump_generation`). This is the one way "the data changed" travels: what must
happen after such a change (the pages' snapshots; the members' follow digest after a new OEWS release,
which its handler defers to the commit) is registered here, and there is no signal beside it.
Cache keys and HTTP validators (ETag, Last-Modified) derive from :func:`current_generation`, which
is held in the cache so that a cached page costs no database query. It is held in the cache the public
pages are kept in (``CACHE_ALIAS``), so that a page and the generation it must be of are read together,
in one round trip (:func:`current_generation_and`); if that cache's LRU ever drops it, the next read
costs one database query.

Snapshot builders register here (``register_snapshot_builder``, from the ``pages`` app's
``AppConfig.ready``), so the writers in ``salaries`` and ``tracks`` rebuild what the upper layers
precompute without importing them: dependencies point one way. A builder is called as
``builder(progress=…)`` to rebuild everything (a data load, ``build_snapshots``) or as
``builder(progress=None, change=Change(…))`` to rebuild what one change shows (an editor's save, a
catalogue load); it writes its snapshots in the caller's transaction and raises on failure (the
caller's transaction then rolls back: the write is undone and the previous snapshots stay served).
A registry rather than a ``django.dispatch.Signal``: builders run in a fixed order (later ones read
what earlier ones wrote), share one memo per rebuild (:func:`build_memo`) and are replaced by name in
tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from salaries.models import DataGeneration

logger = logging.getLogger(__name__)

CACHE_KEY = "data-generation:v1"
CACHE_ALIAS = "pages"  # beside the pages stamped with it (settings.CACHES)
_ROW_ID = 1


@dataclass(frozen=True)
class Generation:
    number: int
    changed_at: datetime

    @property
    def key(self) -> str:
        """The cache-key part: the number plus its timestamp (unique even if a rollback reuses a number)."""
        return f"{self.number}.{int(self.changed_at.timestamp() * 1_000_000)}"

    @property
    def etag(self) -> str:
        return f'W/"g{self.key}"'

    @property
    def last_modified(self) -> str:
        return format_datetime(self.changed_at.astimezone(UTC), usegmt=True)


# The generation a request was answered in, once read (pages.cache pins it around a public page): the
# request's later reads ask for it again without a cache round trip, and all see the same one.
_pinned: ContextVar[Generation | None] = ContextVar("pinned_generation", default=None)


def current_generation() -> Generation:
    """The current generation: the one pinned for this request if any (:func:`pinned_generation`),
    else one cache read; the database only when the cache does not hold it."""
    pinned = _pinned.get()
    return pinned if pinned is not None else current_generation_and(())[0]


@contextmanager
def pinned_generation(generation: Generation):
    """Within the block (a request), :func:`current_generation` answers ``generation`` without reading
    the cache again. A bump inside the block unpins it."""
    token = _pinned.set(generation)
    try:
        yield generation
    finally:
        _pinned.reset(token)


# What this process read of rows that change only with the generation (snapshots), for the generation
# it read them in: (generation key, memo).
_memo: tuple[str, dict] = ("", {})


def generation_memo(generation: Generation) -> dict:
    """A dict this process keeps while ``generation`` is the one asked for, emptied when a later request
    asks with another. A reader may keep there what it read of rows that change only with a new
    generation (every snapshot write bumps it: :func:`rebuild_snapshots`), and use it again in later
    requests of the same generation without a query. Rows read after a request took its generation
    can only be as new or newer, never older, so nothing kept here is older than its generation."""
    global _memo
    key, memo = _memo
    if key != generation.key:
        key, memo = _memo = (generation.key, {})
    return memo


def current_generation_and(keys) -> tuple[Generation, dict]:
    """The current generation, and what its cache holds under ``keys`` (the keys found), read in one
    round trip; the database only when the cache does not hold the generation."""
    found = caches[CACHE_ALIAS].get_many([CACHE_KEY, *keys])
    cached = found.pop(CACHE_KEY, None)
    return (cached if cached is not None else _generation_from_database()), found


def _generation_from_database() -> Generation:
    row = DataGeneration.objects.filter(pk=_ROW_ID).first()
    generation = (
        Generation(row.number, row.changed_at)
        if row is not None
        else Generation(0, datetime(2000, 1, 1, tzinfo=UTC))
    )
    caches[CACHE_ALIAS].set(CACHE_KEY, generation, None)
    return generation


def bump_generation(reason: str = "") -> Generation:
    """Advance the generation (call it inside the transaction that changed the data).

    The cached copy is dropped now and again when the transaction commits, so no reader keeps serving
    the old generation after the commit (nor caches the new one before it).
    """
    now = timezone.now()
    with transaction.atomic():
        row, created = DataGeneration.objects.select_for_update().get_or_create(
            pk=_ROW_ID, defaults={"number": 1, "changed_at": now, "reason": reason[:200]}
        )
        if not created:
            row.number += 1
            row.changed_at = max(now, row.changed_at)
            row.reason = reason[:200]
            row.save(update_fields=["number", "changed_at", "reason"])
    _forget()
    transaction.on_commit(_forget)
    _pinned.set(None)
    logger.info("Data generation %s (%s)", row.number, reason)
    return Generation(row.number, row.changed_at)


def _forget() -> None:
    caches[CACHE_ALIAS].delete(CACHE_KEY)


# --------------------------------------------------------------------------------------------------
# Snapshot builders


@dataclass(frozen=True)
class Change:
    """What changed, when it is less than everything: builders rebuild only what shows it.

    ``track``: an editor saved (or published, or unpublished) this track (a ``tracks.Track``: salaries
    carries it and names no other app's model); ``tracks``: the slugs of the tracks a catalogue load
    changed; ``sources``: the sources of the releases a data load loaded (a data change: everything is
    rebuilt).
    """

    track: object = None
    tracks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        """Whether every page may show the change (a data load)."""
        return bool(self.sources)


SnapshotBuilder = Callable[..., object]
_builders: dict[str, SnapshotBuilder] = {}
_build_memo: ContextVar[dict | None] = ContextVar("snapshot_build_memo", default=None)


def build_memo() -> dict | None:
    """A dict the builders of one :func:`rebuild_snapshots` share, None outside one.

    A builder may leave there what it computed for a later builder of the same rebuild (the track pages
    leave each track's metro figures, which the metro pages read instead of computing them again). It
    lives only as long as the rebuild, so nothing in it can outlast the data it was computed from.
    """
    return _build_memo.get()


def register_snapshot_builder(name: str, builder: SnapshotBuilder) -> None:
    """Register ``builder(progress=None, change=None)`` under ``name`` (an app calls this from
    ``AppConfig.ready``). Builders run in registration order; registering a name again replaces it.
    """
    _builders[name] = builder


def snapshot_builders() -> dict[str, SnapshotBuilder]:
    return dict(_builders)


def rebuild_snapshots(
    *, reason: str, progress: Callable[[str], None] | None = None, change: Change | None = None
) -> Generation:
    """Run every registered snapshot builder (for ``change`` only, when given) and bump the generation,
    all in one transaction (the caller's, when it has one).

    A builder that raises rolls the whole transaction back: the previous snapshots (and generation)
    stay as they were.
    """
    token = _build_memo.set({})
    try:
        with transaction.atomic():
            for name, builder in _builders.items():
                if progress is not None:
                    progress(f"Building {name} snapshots")
                if change is None:
                    builder(progress=progress)
                else:
                    builder(progress=progress, change=change)
            return bump_generation(reason)
    finally:
        _build_memo.reset(token)

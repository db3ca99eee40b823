"""Writing and reading ``pages.Snapshot`` rows: the one place snapshot rows are written.

``write_snapshots(kind, payloads)`` compares each payload's digest (sha256 of its canonical JSON) with
the stored row's and writes only what changed: new keys are inserted, changed payloads rewritten, keys
no longer built deleted; an unchanged payload costs no write at all. So rebuilding twice from the same
data writes nothing the second time, and an editor's change to one track rewrites that track's rows.

``schema_digest(*classes)`` is the shape a kind's payload is decoded into: a digest of the field names
and type annotations of the given dataclasses and of every dataclass they name, computed from the code
itself. It replaces the hand-bumped format numbers: a stored row whose ``schema`` differs from the
running code's counts as not built, and a field added, removed, renamed or retyped changes it without
anyone remembering to bump anything.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import typing
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe

from pages.bulk_writes import insert_rows
from pages.models import Snapshot

Kind = Snapshot.Kind


def canonical_json(payload) -> str:
    """The payload as JSON with sorted keys and no spaces: equal payloads give equal strings."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(payload) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def schema_digest(*classes: type) -> str:
    """A digest of the fields (names and annotations) of ``classes`` and of the dataclasses their
    annotations name, recursively: it changes whenever the shape of what is stored changes."""
    seen: dict[str, str] = {}

    def visit(cls) -> None:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name in seen or not dataclasses.is_dataclass(cls):
            return
        hints = typing.get_type_hints(cls)
        seen[name] = ";".join(f"{f.name}:{hints.get(f.name)!r}" for f in dataclasses.fields(cls))
        for f in dataclasses.fields(cls):
            for inner in _named_classes(hints.get(f.name)):
                visit(inner)

    for cls in classes:
        visit(cls)
    text = "\n".join(f"{name}={fields}" for name, fields in sorted(seen.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _named_classes(annotation) -> Iterable[type]:
    if isinstance(annotation, type):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _named_classes(arg)


@dataclass
class Written:
    """What one write did: rows inserted, rewritten (payload changed) and deleted, and rows left alone."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        """Rows written (inserted + updated + deleted)."""
        return self.inserted + self.updated + self.deleted

    def __iadd__(self, other: Written) -> Written:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.unchanged += other.unchanged
        return self


_tally: ContextVar[Written | None] = ContextVar("snapshot_tally", default=None)


@contextmanager
def tally() -> Iterator[Written]:
    """Adds up every ``write_snapshots`` made inside the block (``build_snapshots`` reports it); an
    enclosing tally counts them too."""
    outer = _tally.get()
    total = Written()
    token = _tally.set(total)
    try:
        yield total
    finally:
        _tally.reset(token)
        if outer is not None:
            outer += total


def write_snapshots(
    kind: str,
    payloads: Mapping[str, object],
    *,
    schema: str = "",
    prefix: str | None = None,
    delete_missing: bool = True,
) -> Written:
    """Store ``payloads`` (key -> JSON-able payload) as the rows of ``kind``, writing only what changed.

    The rows considered are every row of ``kind``, or with ``prefix`` those whose key starts with it
    (one track's metro panels: ``"<slug>/"``). Of those, a key not in ``payloads`` is deleted; with
    ``delete_missing`` false only the keys of ``payloads`` are considered (and nothing is deleted).
    Runs in the caller's transaction (a rebuild always has one).
    """
    stored_rows = Snapshot.objects.filter(kind=kind)
    if prefix is not None:
        stored_rows = stored_rows.filter(key__startswith=prefix)
    if not delete_missing:
        stored_rows = stored_rows.filter(key__in=list(payloads))
    stored = {
        key: (pk, digest, row_schema)
        for pk, key, digest, row_schema in stored_rows.values_list("pk", "key", "digest", "schema")
    }
    now = timezone.now()
    written = Written()
    fresh: list[Snapshot] = []
    stale_ids: list[int] = []
    for key, payload in payloads.items():
        digest = digest_of(payload)
        old = stored.get(key)
        if old is not None and old[1] == digest and old[2] == schema:
            written.unchanged += 1
            continue
        if old is None:
            written.inserted += 1
        else:
            written.updated += 1
            stale_ids.append(old[0])
        fresh.append(
            Snapshot(kind=kind, key=key, payload=payload, digest=digest, schema=schema, built_at=now)
        )
    if delete_missing:
        gone = [pk for key, (pk, _, _) in stored.items() if key not in payloads]
        written.deleted = len(gone)
        stale_ids += gone
    with transaction.atomic():
        # A changed row is replaced (deleted, then inserted with the others by COPY on PostgreSQL):
        # the same one row written, without binding megabytes of JSON in an UPDATE per row.
        for start in range(0, len(stale_ids), 1000):
            Snapshot.objects.filter(pk__in=stale_ids[start : start + 1000]).delete()
        insert_rows(fresh)
    total = _tally.get()
    if total is not None:
        total += written
    return written


def delete_snapshots(kind: str, keys: Iterable[str] = (), *, prefix: str | None = None) -> int:
    """Delete the rows of ``kind`` with these keys (and, with ``prefix``, those whose key starts with
    it); returns how many."""
    keys = list(keys)
    deleted = 0
    if keys:
        deleted += Snapshot.objects.filter(kind=kind, key__in=keys).delete()[0]
    if prefix is not None:
        deleted += Snapshot.objects.filter(kind=kind, key__startswith=prefix).delete()[0]
    total = _tally.get()
    if total is not None:
        total += Written(deleted=deleted)
    return deleted


def payload(kind: str, key: str, *, schema: str | None = None):
    """One stored payload (None when not built, or built in another schema): one query."""
    rows = Snapshot.objects.filter(kind=kind, key=key)
    if schema is not None:
        rows = rows.filter(schema=schema)
    return rows.values_list("payload", flat=True).first()


# --------------------------------------------------------------------------------------------------
# Objects as JSON: the track pages' dataclasses, with what JSON has no word for tagged


TAG = "§"  # a dict with this key is a tagged value (no payload of ours has a key that starts so)


class JsonCodec:
    """Turns a tree of dataclasses, dicts, lists and scalars into plain JSON and back, exactly.

    JSON says dict (string keys), list, string, number, true/false and null; what else a track page
    holds is tagged: ``{"§": "safe", "v": ...}`` (a ``SafeString``: HTML the templates print as is),
    ``"tuple"``, ``"set"`` (sorted, so the same set always gives the same JSON and digest),
    ``"dict"`` (a dict whose keys are not all strings, as pairs), ``"date"``, and a dataclass
    ``{"§": "<name>", "v": {field: value}}``. Only the dataclasses named in ``classes`` are ever built
    on the way back (an unknown name is an error): unlike a pickle, a row cannot make the reader
    construct anything else. ``schema`` is ``schema_digest(*classes)``.

    Written here rather than taken from a library because the pages' sections are plain dicts that
    hold ``SafeString`` and dataclass values: a type-driven converter (cattrs) restores a field
    annotated ``dict`` as a plain dict and would lose both, changing the page.
    """

    def __init__(self, *classes: type):
        self.classes = {cls.__qualname__: cls for cls in classes}
        self.schema = schema_digest(*classes)

    def encode(self, value):
        # The common exact types first (a track page holds millions of values); anything else, subclasses
        # included (a SafeString is a str), takes the general path below.
        kind = type(value)
        if kind is str or kind is int or kind is float or kind is bool or value is None:
            return value
        if kind is list:
            return [self.encode(v) for v in value]
        if kind is dict:
            for k in value:
                if type(k) is not str:
                    return self._encode(value)
            return {k: self.encode(v) for k, v in value.items()}
        return self._encode(value)

    def _encode(self, value):
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return {TAG: "safe", "v": str(value)} if isinstance(value, SafeData) else str(value)
        if isinstance(value, dict):
            if all(isinstance(k, str) for k in value):
                return {k: self.encode(v) for k, v in value.items()}
            return {TAG: "dict", "v": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, tuple):
            return {TAG: "tuple", "v": [self.encode(v) for v in value]}
        if isinstance(value, set | frozenset):
            return {TAG: "set", "v": [self.encode(v) for v in sorted(value)]}
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return {TAG: "date", "v": value.isoformat()}
        name = type(value).__qualname__
        if dataclasses.is_dataclass(value) and self.classes.get(name) is type(value):
            return {
                TAG: name,
                "v": {f.name: self.encode(getattr(value, f.name)) for f in dataclasses.fields(value)},
            }
        raise TypeError(f"Cannot store a {type(value).__module__}.{name} in a snapshot")

    def decode(self, value):
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            return value
        tag = value.get(TAG)
        if tag is None:
            return {k: self.decode(v) for k, v in value.items()}
        inner = value["v"]
        if tag == "safe":
            return mark_safe(inner)  # noqa: S308 - HTML our own build marked safe, stored as such
        if tag == "tuple":
            return tuple(self.decode(v) for v in inner)
        if tag == "set":
            return {self.decode(v) for v in inner}
        if tag == "dict":
            return {_hashable(self.decode(k)): self.decode(v) for k, v in inner}
        if tag == "date":
            return datetime.date.fromisoformat(inner)
        cls = self.classes[tag]  # KeyError: a class this codec does not build
        return cls(**{k: self.decode(v) for k, v in inner.items()})


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key

"""Reads for the compare page: a comparison's stored rows in one query at most (``comparison``), the
menus (``compare_menus``)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import mark_safe

from pages.compare.build import MENUS_KEY, METRO_OPTIONS_KEY, METRO_PREFIX, METROS_KEY, SCHEMA
from pages.models import Snapshot
from salaries.generation import current_generation, generation_memo


@dataclass(frozen=True)
class Comparison:
    """What a track comparison shows, as stored: the tracks found (in the order asked, each with its
    parts rendered: ``html``), the two menus' ``<option>`` elements, and the metro's section asked
    (None when not asked or not stored)."""

    tracks: list[dict]
    track_options: str
    metro_options: str
    metro: dict | None


@functools.cache
def _rows_sql(keys: int, known: int) -> str:
    """The one query behind a comparison, written once (the ORM would compile it on every request,
    which cost more than the query itself). A row whose digest is one of the ``known`` ones comes back
    without its payload (NULL); the others' payloads come back as JSON text on both databases."""
    qn = connection.ops.quote_name
    return (
        f"SELECT {qn('key')}, {qn('digest')}, CASE WHEN {qn('digest')} IN ({', '.join(['%s'] * known)}) "
        f"THEN NULL ELSE {qn('payload')} END FROM {qn(Snapshot._meta.db_table)} "
        f"WHERE {qn('kind')} = %s AND {qn('schema')} = %s AND {qn('key')} IN ({', '.join(['%s'] * keys)})"
    )


# Two memories of the compare rows, each bounded by MAX_HELD (there are a few hundred small rows).
# - In the current generation (``generation_memo``): the rows read, used again with no query at all.
# - Across generations (``_held``): key -> (digest, payload as the page uses it). When a new generation
#   reads a row again, it is sent only if its digest (sha256 of its payload) is not the one held here,
#   so after an editor's save a process transfers and decodes only the rows that changed.
_held: dict[str, tuple[str, dict]] = {}
MAX_HELD = 5000


def _stored(keys: list[str]) -> dict[str, dict]:
    """The compare rows with these keys (those stored), each as ``_prepared`` makes it: no query for
    the rows this process has read in the current generation (rows change only with a new one), one
    for the others."""
    read = generation_memo(current_generation()).setdefault(__name__, {})
    unread = [key for key in keys if key not in read]
    if unread:
        found = _read(unread)
        if len(read) > MAX_HELD:
            read.clear()
        read.update({key: found.get(key) for key in unread})  # None: not stored
    return {key: row for key in keys if (row := read[key]) is not None}


def _read(keys: list[str], *, use_held: bool = True) -> dict[str, dict]:
    """The compare rows with these keys (those stored), each as ``_prepared`` makes it: one query."""
    known = [held[0] for key in keys if use_held and (held := _held.get(key))] or [""]
    with connection.cursor() as cursor:
        cursor.execute(_rows_sql(len(keys), len(known)), [*known, Snapshot.Kind.COMPARE.value, SCHEMA, *keys])
        rows = cursor.fetchall()
    if len(_held) > MAX_HELD:
        _held.clear()
    found = {}
    for key, digest, payload in rows:
        held = _held.get(key)
        if payload is None and held is not None and held[0] == digest:
            found[key] = held[1]
            continue
        if payload is None:  # its digest is one held under another key: read them all again
            return _read(keys, use_held=False)
        prepared = _prepared(json.loads(payload) if isinstance(payload, str | bytes) else payload)
        _held[key] = (digest, prepared)
        found[key] = prepared
    return found


def _prepared(payload: dict) -> dict:
    """A stored payload as the page uses it: its rendered parts (``html``, a metro's ``rows``) marked
    safe (rendered by the templates, or escaped, when the row was built; a list's items stay as they
    are). Read only, never changed: it is shared by every request of this process."""
    for name in ("html", "rows"):
        if isinstance(payload.get(name), dict):
            payload[name] = {
                part: value if isinstance(value, list) else mark_safe(value)  # noqa: S308
                for part, value in payload[name].items()
            }
    return payload


def comparison(slugs: list[str], metro_code: str | None) -> Comparison:
    """The tracks' compare snapshots, the menus' ``<option>``s and, with ``metro_code`` (a CBSA code),
    that metro's section: one query at most, nothing computed. Before the compare snapshots are built (or
    while they are of another ``SCHEMA``): no tracks, empty menus."""
    metro_key = f"{METRO_PREFIX}{metro_code}" if metro_code else None
    found = _stored([*slugs, MENUS_KEY, METRO_OPTIONS_KEY, *([metro_key] if metro_key else [])])
    return Comparison(
        tracks=[found[s] for s in slugs if s in found],
        track_options=found.get(MENUS_KEY, {}).get("track_options", ""),
        metro_options=found.get(METRO_OPTIONS_KEY, {}).get("metro_options", ""),
        metro=found.get(metro_key) if metro_key else None,
    )


MENU_ROWS = {
    "tracks": MENUS_KEY,
    "track_options": MENUS_KEY,
    "metros": METROS_KEY,
    "metro_options": METRO_OPTIONS_KEY,
}
NO_MENUS = {"tracks": [], "metros": [], "track_options": "", "metro_options": ""}


def compare_menus(*parts: str) -> dict:
    """The stored menus (one query), or only the ``parts`` asked (the rows holding the rest are never
    read): ``tracks`` (every track that can be compared: slug and name, by name), ``metros`` (every
    metro with a page: code, name, tier, price parity, by name), and each as ``<option>`` elements
    (``track_options``, ``metro_options``); empty before the compare snapshots are built."""
    parts = parts or tuple(MENU_ROWS)
    keys = sorted({MENU_ROWS[p] for p in parts})
    found = dict(
        Snapshot.objects.filter(kind=Snapshot.Kind.COMPARE, schema=SCHEMA, key__in=keys).values_list(
            "key", "payload"
        )
    )
    return {p: found.get(MENU_ROWS[p], {}).get(p, NO_MENUS[p]) for p in parts}

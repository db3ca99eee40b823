"""Reads for the compare page: the tracks' stored compare snapshots and the page's menus (one query
each)."""

from __future__ import annotations

from django.db.models.fields.json import KT

from pages.compare.build import MENUS_KEY
from pages.models import Snapshot


def compare_snapshots(slugs: list[str]) -> list[dict]:
    """The compare snapshots of these tracks, in the order asked (one query)."""
    found = dict(
        Snapshot.objects.filter(kind=Snapshot.Kind.COMPARE, key__in=slugs).values_list("key", "payload")
    )
    return [found[s] for s in slugs if s in found]


MENU_LISTS = ("tracks", "metros")
MENU_OPTIONS = ("track_options", "metro_options")
NO_MENUS = {"tracks": [], "metros": [], "track_options": "", "metro_options": ""}


def compare_menus(*parts: str) -> dict:
    """The stored menus (one query), or only the ``parts`` asked (the rest is never read): ``tracks``
    (every track that can be compared: slug and name, by name), ``metros`` (every metro with a page:
    code, name, tier, price parity, by name), and each as ``<option>`` elements (``track_options``,
    ``metro_options``, read as text: PostgreSQL hands a string over without writing out any JSON);
    empty before the compare snapshots are built."""
    parts = parts or MENU_LISTS + MENU_OPTIONS
    row = (
        Snapshot.objects.filter(kind=Snapshot.Kind.COMPARE, key=MENUS_KEY)
        .values_list(*(KT(f"payload__{p}") if p in MENU_OPTIONS else f"payload__{p}" for p in parts))
        .first()
    )
    if row is None:
        return {part: NO_MENUS[part] for part in parts}
    return dict(zip(parts, row, strict=True))

"""Reads for the compare page: the tracks' stored compare snapshots and the page's menus (one query
each)."""

from __future__ import annotations

from pages.compare.build import MENUS_KEY
from tracks.models import PageSnapshot


def compare_snapshots(slugs: list[str]) -> list[dict]:
    """The compare snapshots of these tracks, in the order asked (one query)."""
    found = dict(
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.COMPARE, key__in=slugs).values_list(
            "key", "payload"
        )
    )
    return [found[s] for s in slugs if s in found]


def compare_menus() -> dict:
    """The stored menus (one query): ``tracks`` (every track that can be compared: slug and name, by
    name) and ``metros`` (every metro with a page: code, name, tier, price parity, by name); empty
    before the compare snapshots are built."""
    payload = (
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.COMPARE, key=MENUS_KEY)
        .values_list("payload", flat=True)
        .first()
    )
    return payload or {"tracks": [], "metros": []}

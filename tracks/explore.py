"""Reads for the pages beyond the tracks (search, occupations, metros, compare): each reads precomputed
snapshots in a fixed number of queries; nothing here computes a statistic."""

from __future__ import annotations

import threading

from salaries.generation import current_generation
from tracks.models import PageSnapshot
from tracks.search import SearchIndex

_index_lock = threading.Lock()
_index_cache: dict[str, object] = {"built_at": None, "index": None}


def search_index() -> SearchIndex | None:
    """The current search index, held in this process's memory and checked against the data generation
    (a cache read); when the generation moved, one query tells whether the stored index changed, and the
    index is read and prepared again only if it did."""
    generation = current_generation().key
    if _index_cache.get("generation") == generation and _index_cache["index"] is not None:
        return _index_cache["index"]
    snapshot = PageSnapshot.objects.filter(kind=PageSnapshot.Kind.SEARCH, key="index")
    built_at = snapshot.values_list("built_at", flat=True).first()
    if built_at is None:
        return None
    if _index_cache["built_at"] != built_at:
        with _index_lock:
            if _index_cache["built_at"] != built_at:
                payload = snapshot.values_list("payload", flat=True).first()
                _index_cache["index"] = SearchIndex.from_payload(payload)
                _index_cache["built_at"] = built_at
    _index_cache["generation"] = generation
    return _index_cache["index"]


def metro_snapshot(code: str) -> dict | None:
    return (
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.METRO, key=code)
        .values_list("payload", flat=True)
        .first()
    )


def metro_index() -> list[dict]:
    """Every metro with a page: code, name, tier (one query)."""
    rows = PageSnapshot.objects.filter(kind=PageSnapshot.Kind.METRO).values_list(
        "key", "payload__name", "payload__tier_label", "payload__rpp"
    )
    return sorted(
        ({"code": k, "name": n, "tier_label": t, "rpp": r} for k, n, t, r in rows), key=lambda m: m["name"]
    )


def metro_codes() -> list[str]:
    """Every metro with a page, for the sitemap (one query)."""
    return list(
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.METRO)
        .order_by("key")
        .values_list("key", flat=True)
    )


def compare_snapshots(slugs: list[str]) -> list[dict]:
    """The compare snapshots of these tracks, in the order asked (one query)."""
    found = dict(
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.COMPARE, key__in=slugs).values_list(
            "key", "payload"
        )
    )
    return [found[s] for s in slugs if s in found]


def compare_choices() -> list[dict]:
    """Every track that can be compared: slug and name (one query)."""
    return [
        {"slug": k, "name": n}
        for k, n in PageSnapshot.objects.filter(kind=PageSnapshot.Kind.COMPARE)
        .order_by("payload__name")
        .values_list("key", "payload__name")
    ]


def state_snapshot(postal: str) -> dict | None:
    return (
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.STATE, key=postal)
        .values_list("payload", flat=True)
        .first()
    )


def state_codes() -> list[str]:
    """Every state with a page (postal codes), for the sitemap and the index (one query)."""
    return list(
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.STATE)
        .order_by("key")
        .values_list("key", flat=True)
    )


def state_index() -> list[dict]:
    rows = PageSnapshot.objects.filter(kind=PageSnapshot.Kind.STATE).values_list("key", "payload__name")
    return sorted(({"postal": k, "name": n} for k, n in rows), key=lambda s: s["name"])

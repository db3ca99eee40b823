"""Reads for the compare page: the tracks' stored compare snapshots (one query each)."""

from __future__ import annotations

from pages.models import Snapshot


def compare_snapshots(slugs: list[str]) -> list[dict]:
    """The compare snapshots of these tracks, in the order asked (one query)."""
    found = dict(
        Snapshot.objects.filter(kind=Snapshot.Kind.COMPARE, key__in=slugs).values_list("key", "payload")
    )
    return [found[s] for s in slugs if s in found]


def compare_choices() -> list[dict]:
    """Every track that can be compared: slug and name (one query)."""
    return [
        {"slug": k, "name": n}
        for k, n in Snapshot.objects.filter(kind=Snapshot.Kind.COMPARE)
        .order_by("payload__name")
        .values_list("key", "payload__name")
    ]

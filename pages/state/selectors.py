"""Reads for the state pages: their stored snapshots (one query each; nothing here computes)."""

from __future__ import annotations

from pages.models import Snapshot


def state_snapshot(postal: str) -> dict | None:
    return (
        Snapshot.objects.filter(kind=Snapshot.Kind.STATE, key=postal)
        .values_list("payload", flat=True)
        .first()
    )


def state_codes() -> list[str]:
    """Every state with a page (postal codes), for the sitemap and the index (one query)."""
    return list(
        Snapshot.objects.filter(kind=Snapshot.Kind.STATE).order_by("key").values_list("key", flat=True)
    )

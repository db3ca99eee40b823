"""Reads for the career-moves pages: their stored snapshots only (one query each; nothing here computes
a statistic)."""

from __future__ import annotations

from django.db.models import Q

from pages.models import Snapshot


def moves_snapshot(code: str) -> dict | None:
    """The stored moves of one occupation (one query), or None."""
    return (
        Snapshot.objects.filter(kind=Snapshot.Kind.MOVES, key=code).values_list("payload", flat=True).first()
    )


def metro_rows(keys: list[str]) -> dict[str, dict]:
    """The stored ``moves_metro`` rows of these keys (a metro's figures, ``_names``), one query."""
    return dict(
        Snapshot.objects.filter(kind=Snapshot.Kind.MOVES_METRO, key__in=keys).values_list("key", "payload")
    )


def moves_and_metro(code: str, metro: str) -> tuple[dict | None, dict | None]:
    """One occupation's stored moves and one metro's stored figures, in one query (a member's record)."""
    rows = dict(
        Snapshot.objects.filter(
            Q(kind=Snapshot.Kind.MOVES, key=code) | Q(kind=Snapshot.Kind.MOVES_METRO, key=metro)
        ).values_list("kind", "payload")
    )
    return rows.get(Snapshot.Kind.MOVES), rows.get(Snapshot.Kind.MOVES_METRO)

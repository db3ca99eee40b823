"""Reads for the metro pages: their stored snapshots (one query each; nothing here computes)."""

from __future__ import annotations

import re

from pages.models import Snapshot

CBSA_RE = re.compile(r"^\d{5}$")  # a metro's code (the OEWS area code is the CBSA code)


def metro_snapshot(code: str) -> dict | None:
    return (
        Snapshot.objects.filter(kind=Snapshot.Kind.METRO, key=code).values_list("payload", flat=True).first()
    )


def metro_index() -> list[dict]:
    """Every metro with a page: code, name, tier (one query)."""
    rows = Snapshot.objects.filter(kind=Snapshot.Kind.METRO).values_list(
        "key", "payload__name", "payload__tier_label", "payload__rpp"
    )
    return sorted(
        ({"code": k, "name": n, "tier_label": t, "rpp": r} for k, n, t, r in rows), key=lambda m: m["name"]
    )


def metro_compare_parts() -> list[dict]:
    """What the compare page shows of each metro with a page (code, name, vintage, price parity and its
    year, the tracks' rows), by code; for building compare's stored rows (one query)."""
    fields = ("code", "name", "oews_vintage", "rpp", "rpp_year", "tracks")
    rows = (
        Snapshot.objects.filter(kind=Snapshot.Kind.METRO)
        .order_by("key")
        .values_list(*(f"payload__{f}" for f in fields))
    )
    return [dict(zip(fields, row, strict=True)) for row in rows]


def metro_codes() -> list[str]:
    """Every metro with a page, for the sitemap (one query)."""
    return list(
        Snapshot.objects.filter(kind=Snapshot.Kind.METRO).order_by("key").values_list("key", flat=True)
    )


def state_index() -> list[dict]:
    """Every state with a page: postal code and name (one query). The metro index lists them too."""
    rows = Snapshot.objects.filter(kind=Snapshot.Kind.STATE).values_list("key", "payload__name")
    return sorted(({"postal": k, "name": n} for k, n in rows), key=lambda s: s["name"])

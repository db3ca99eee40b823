"""The job-title search index's snapshot: every title we know, built when the data or the catalogue
changes (``pages.snapshots``) and stored as one row (``pages.search.store``, which also writes the
host's memory-mapped file of it); requests only read it.

Each occupation entry carries what its result shows (``pages.search.figures``): the national median pay
and the projected growth. The pay in each metro is stored beside it, one row per metro
(``pages.search.store.save_metro_pay``), read only by a search that names a metro. The short forms
people type ("RN", "CSR", "uber driver") come from ``aliases.csv`` (``pages.search.aliases``).
"""

from __future__ import annotations

from django.urls import reverse

from pages.models import Snapshot
from pages.search import figures
from pages.search import index as search
from pages.search.aliases import load_aliases
from pages.search.store import save_metro_pay, save_payload, stored_payload
from pages.store import Kind, Written, tally
from salaries import selectors as data
from salaries import snapshot_reads
from salaries.models import DataRelease
from tracks.models import Role, Track, TrackOccupation


def published_tracks() -> dict[str, dict]:
    return {
        slug: {"slug": slug, "name": name, "url": reverse("tracks:detail", kwargs={"slug": slug})}
        for slug, name in Track.objects.published().order_by("name").values_list("slug", "name")
    }


def tracks_by_occupation(tracks: dict[str, dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    memberships = TrackOccupation.objects.filter(track__slug__in=list(tracks)).order_by("track__name")
    for code, slug in memberships.values_list("occupation_id", "track__slug"):
        found.setdefault(code, []).append(slug)
    return found


def pay_inputs(*, metros: bool = True) -> tuple[dict[str, dict], list[dict], dict[str, dict], dict[str, str]]:
    """(national rows by occupation, metro rows (none unless ``metros``), projections by occupation,
    metro names): what the results' figures are written from, as loaded."""
    releases = data.current_releases()
    oews = releases.get(DataRelease.Source.OEWS)
    projections = releases.get(DataRelease.Source.PROJECTIONS)
    national, in_metros = snapshot_reads.pay_rows_for_search(oews.pk, metros=metros) if oews else ({}, [])
    names = {a["code"]: a["name"] for a in snapshot_reads.areas() if a["area_type"] == "metro"}
    return national, in_metros, snapshot_reads.projections(projections.pk if projections else None), names


def search_payload(pay=None, metros: list[dict] | None = None) -> dict:
    """The index payload; ``pay`` is ``pay_inputs()`` (read here when not given), ``metros`` the picker's
    metros (by default those ``pay`` has rows for)."""
    national, metro_rows, projections, metro_names = pay if pay is not None else pay_inputs()
    tracks = published_tracks()
    membership = tracks_by_occupation(tracks)
    occupations = {
        code: {
            "title": title,
            "employment": employment,
            "published": published,
            "tracks": membership.get(code, []),
            "url": reverse("occupation", kwargs={"code": code}),
            "pay": figures.pay(national.get(code)),
            "growth": figures.growth(projections.get(code)),
        }
        for code, title, employment, published in Snapshot.objects.filter(kind=Kind.OCCUPATION)
        .order_by("key")
        .values_list("key", "payload__title", "payload__employment", "payload__published")
    }
    if metros is None:
        with_pay = {row["area_id"] for row in metro_rows if row.get("employment")}
        metros = sorted(
            ({"code": code, "name": metro_names.get(code, code)} for code in with_pay),
            key=lambda m: (m["name"], m["code"]),
        )
    titles = [(t, kind, code, "") for t, kind, code in snapshot_reads.all_titles() if code in occupations]
    titles += [(o["title"], "soc", code, "") for code, o in occupations.items() if o["published"]]
    titles += [(t["name"], "track", "", slug) for slug, t in tracks.items()]
    for title, code, slug in Role.objects.filter(track__slug__in=list(tracks)).values_list(
        "title", "occupation_id", "track__slug"
    ):
        if code in occupations:
            titles.append((title, "rung", code, slug))
    titles += [(alias, "alias", code, "") for alias, code in load_aliases() if code in occupations]
    return search.build_payload(titles=titles, occupations=occupations, tracks=tracks, metros=metros)


def metro_pay_payloads(pay) -> dict[str, dict]:
    """metro code -> {"name", "pay": {occupation code: [median pay, how sure]}}: one stored row a metro."""
    _, metro_rows, _, metro_names = pay
    return {
        code: {"name": metro_names.get(code, code), "pay": by_occupation}
        for code, by_occupation in sorted(figures.metro_pay(metro_rows).items())
    }


def rebuild_search_index(*, metros: bool = True) -> Written:
    """Store the search index's row and its metros' pay rows (each rewritten only when it changed) and,
    once committed, this host's file of the index. ``metros`` false (an editor's save, which changes
    names, not data) keeps the stored metro rows and the picker's list, skipping the large read."""
    if metros:
        pay = pay_inputs()
        with tally() as written:
            save_payload(search_payload(pay))
            save_metro_pay(metro_pay_payloads(pay))
        return written
    stored = stored_payload()
    picker = stored[1].get("metros") if stored is not None else None
    with tally() as written:
        save_payload(search_payload(pay_inputs(metros=False), metros=picker or []))
    return written

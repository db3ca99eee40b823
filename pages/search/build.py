"""The job-title search index's snapshot: every title we know, built when the data or the catalogue
changes (``pages.snapshots``) and stored as one row (``pages.search.store``, which also writes the
host's memory-mapped file of it); requests only read it."""

from __future__ import annotations

from django.urls import reverse

from pages.models import Snapshot
from pages.search import index as search
from pages.search.store import save_payload
from pages.store import Kind, Written, tally
from salaries import snapshot_reads
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


def search_payload() -> dict:
    tracks = published_tracks()
    membership = tracks_by_occupation(tracks)
    occupations = {
        code: {
            "title": title,
            "employment": employment,
            "published": published,
            "tracks": membership.get(code, []),
            "url": reverse("occupation", kwargs={"code": code}),
        }
        for code, title, employment, published in Snapshot.objects.filter(kind=Kind.OCCUPATION)
        .order_by("key")
        .values_list("key", "payload__title", "payload__employment", "payload__published")
    }
    titles = [(t, kind, code, "") for t, kind, code in snapshot_reads.all_titles() if code in occupations]
    titles += [(o["title"], "soc", code, "") for code, o in occupations.items() if o["published"]]
    titles += [(t["name"], "track", "", slug) for slug, t in tracks.items()]
    for title, code, slug in Role.objects.filter(track__slug__in=list(tracks)).values_list(
        "title", "occupation_id", "track__slug"
    ):
        if code in occupations:
            titles.append((title, "rung", code, slug))
    return search.build_payload(titles=titles, occupations=occupations, tracks=tracks)


def rebuild_search_index() -> Written:
    """Store the search index's one row (rewritten only when it changed) and, once committed, this
    host's file of it."""
    with tally() as written:
        save_payload(search_payload())
    return written

"""Build the snapshots behind the pages beyond the tracks: occupation pages (``salaries``), the job-title
search index and metro pages. Run whenever the data or the catalogue changes (``build_page_snapshots``
after ``load_workforce_data``/``load_tracks``); requests only read what this writes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from pages.occupation.snapshots import rebuild_occupation_snapshots
from salaries import selectors as data
from salaries import snapshot_reads
from salaries.models import OccupationSnapshot
from tracks import search
from tracks.compare import rebuild_compare_snapshots
from tracks.metro_pages import rebuild_metro_snapshots
from tracks.models import PageSnapshot, Role, Track, TrackOccupation

SEARCH_KEY = "index"


def catalogue_fingerprint() -> str:
    latest = Track.objects.aggregate(latest=Max("updated_at"))["latest"]
    return f"{data.releases_fingerprint(data.current_releases())}:{latest.isoformat() if latest else '-'}"


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
        for code, title, employment, published in OccupationSnapshot.objects.values_list(
            "code", "title", "employment", "published"
        )
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


def rebuild_search_index(fingerprint: str) -> int:
    payload = search_payload()
    PageSnapshot.objects.update_or_create(
        kind=PageSnapshot.Kind.SEARCH,
        key=SEARCH_KEY,
        defaults={"payload": payload, "fingerprint": fingerprint, "built_at": timezone.now()},
    )
    return len(payload["entries"])


def build_for_pipeline(progress=None, **scope) -> dict[str, int]:
    """The builder registered with ``salaries.generation``: a full rebuild in the caller's transaction."""
    return rebuild_all(log=progress)


def rebuild_all(*, log=None) -> dict[str, int]:
    """Every snapshot of the pages beyond the tracks, in dependency order (occupations first)."""
    counts = {}
    with transaction.atomic():
        fingerprint = catalogue_fingerprint()
        counts["occupations"] = rebuild_occupation_snapshots()
        counts["metros"] = rebuild_metro_snapshots(fingerprint)
        counts["search titles"] = rebuild_search_index(fingerprint)
        counts["compare"] = rebuild_compare_snapshots(fingerprint)
    if log:
        log(", ".join(f"{name}: {n:,}" for name, n in counts.items()))
    return counts


def track_saved(track: Track) -> None:
    """An editor saved a track: refresh what is quick (its compare snapshot and the search index, which
    names tracks and rungs); metro pages follow at the next data or catalogue load."""
    fingerprint = catalogue_fingerprint()
    rebuild_compare_snapshots(fingerprint)
    rebuild_search_index(fingerprint)

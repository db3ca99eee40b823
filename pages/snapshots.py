"""Build the snapshots behind the pages beyond the tracks: occupation pages, metro and state pages, the
job-title search index and the compare snapshots, in that order (each may read what the one before
wrote). Run whenever the data or the catalogue changes (registered with ``salaries.generation``, and
``build_page_snapshots``); requests only read what this writes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from pages.compare.build import rebuild_compare_snapshots
from pages.metro.build import place_inputs, rebuild_metro_snapshots
from pages.occupation.snapshots import rebuild_occupation_snapshots
from pages.search.build import rebuild_search_index
from pages.state.build import rebuild_state_snapshots
from salaries import selectors as data
from tracks.models import Track


def catalogue_fingerprint() -> str:
    latest = Track.objects.aggregate(latest=Max("updated_at"))["latest"]
    return f"{data.releases_fingerprint(data.current_releases())}:{latest.isoformat() if latest else '-'}"


def build_for_pipeline(progress=None, **scope) -> dict[str, int]:
    """The builder registered with ``salaries.generation``: a full rebuild in the caller's transaction."""
    return rebuild_all(log=progress)


def rebuild_all(*, log=None) -> dict[str, int]:
    """Every snapshot of the pages beyond the tracks, in dependency order (occupations first)."""
    counts = {}
    with transaction.atomic():
        fingerprint = catalogue_fingerprint()
        counts["occupations"] = rebuild_occupation_snapshots()
        places = place_inputs()
        counts["metros"] = rebuild_metro_snapshots(fingerprint, places) + rebuild_state_snapshots(
            fingerprint, places
        )
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

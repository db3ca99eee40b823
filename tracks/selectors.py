"""Reads for the public track pages: the names other modules import, gathered from where they live.

- ``tracks.page.builder``: the track page (``TrackPage``), built from the data in one pass;
- ``tracks.page.snapshots``: the stored pages every public request reads (no request computes);
- ``tracks.page.history``: the SOC-crosswalk series; ``tracks.page.jsonld``: the page's JSON-LD;
- ``tracks.home``: the home table, its search and sort.
"""

from __future__ import annotations

from pages.jsonld import ld_json
from tracks.home import TrackSummary, parse_sort, search_tracks, sort_tracks, track_summaries
from tracks.models import Track
from tracks.page.builder import Chart, MetroNotFound, TrackPage, track_page_context
from tracks.page.history import HistoryPlan, plan_history, year_ranges
from tracks.page.snapshots import SnapshotMissing, metro_page, published_page

__all__ = [
    "Chart",
    "HistoryPlan",
    "MetroNotFound",
    "SnapshotMissing",
    "TrackPage",
    "TrackSummary",
    "ld_json",
    "metro_page",
    "parse_sort",
    "plan_history",
    "published_page",
    "search_tracks",
    "sort_tracks",
    "track_page_context",
    "track_page_context_for",
    "track_summaries",
    "year_ranges",
]


def track_page_context_for(track: Track, metro_code: str | None = None) -> dict:
    """The stored page context of a published track (and one metro's panel): never computed here.

    Raises MetroNotFound for a code that is not one of the track's metros, SnapshotMissing when the
    track's snapshot has not been built.
    """
    page = published_page(track.slug)
    if metro_code is not None:
        page = metro_page(page, metro_code)
    return page.as_context()

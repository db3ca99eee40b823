"""The home page's table of tracks: read from the snapshots, then searched and sorted (no statistics).

Each track's row (:class:`TrackSummary`) is computed with its snapshot (``tracks.page.snapshots``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pages.formatting import format_percent_change
from salaries import selectors as data
from salaries.models import DataRelease
from salaries.statistics.wages import Quantile
from tracks.page.formatting import count, vintage_label

SHORT_DESCRIPTION_MIN = 40  # characters before a colon that can stand as a description


@dataclass(frozen=True)
class TrackSummary:
    slug: str
    name: str
    title: str
    url: str
    description: str
    occupation_titles: tuple[str, ...]
    codes: tuple[str, ...]
    median: Quantile | None
    jobs: int | None
    growth: float | None
    composition_note: str = ""  # the editors' note on shared / stand-in occupations (issue 11)

    @property
    def short_description(self) -> str:
        """The description up to its colon, when that says enough on its own: "Accounting careers from
        bookkeeper and staff accountant to controller and CFO" (the rest is the same on most tracks)."""
        head, colon, _ = self.description.partition(": ")
        return head if colon and len(head) >= SHORT_DESCRIPTION_MIN else self.description

    @property
    def median_display(self) -> str:
        return self.median.display() if self.median is not None else "not available"

    @property
    def jobs_display(self) -> str:
        return count(self.jobs)

    @property
    def growth_display(self) -> str:
        return format_percent_change(self.growth) if self.growth is not None else "not available"


def track_summaries() -> dict:
    """Every published track with a snapshot: national median pay, U.S. jobs and projected growth.

    Two queries (the releases, for the vintages, and the snapshots' summaries):
    {"tracks": [...] by name, "oews": vintage, "projections": vintage}.
    """
    from tracks.page.snapshots import published_summaries

    releases = data.current_releases()
    return {
        "tracks": sorted(published_summaries(), key=lambda s: s.name),
        "oews": vintage_label(releases.get(DataRelease.Source.OEWS)),
        "projections": vintage_label(releases.get(DataRelease.Source.PROJECTIONS)),
    }


def home_page_data() -> dict:
    """What the home page shows: ``track_summaries()`` plus the stored chart of every track
    (``tracks.page.snapshots.home_chart_payload``; None until built). Two queries once the chart is
    built (it carries the vintages), three before."""
    from tracks.page.snapshots import home_chart_payload, published_summaries

    chart = home_chart_payload()
    if chart is None:
        return {**track_summaries(), "chart": None}
    return {
        "tracks": sorted(published_summaries(), key=lambda s: s.name),
        "oews": chart["oews"],
        "projections": chart["projections"],
        "chart": chart,
    }


SORTS = {
    "name": lambda s: s.name.casefold(),
    "pay": lambda s: s.median.value if s.median is not None and s.median.known else None,
    "jobs": lambda s: s.jobs,
    "growth": lambda s: s.growth,
}
DEFAULT_SORT = "name"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """ "pay" -> ("pay", ascending), "-pay" -> ("pay", descending). Anything unknown: by name, A to Z."""
    value = (value or "").strip()
    descending = value.startswith("-")
    name = value[1:] if descending else value
    if name not in SORTS:
        return DEFAULT_SORT, False
    return name, descending


def sort_tracks(summaries, sort: str, descending: bool) -> list[TrackSummary]:
    """Sort by a figure; tracks without that figure always come last."""
    key = SORTS[sort]
    known = [s for s in summaries if key(s) is not None]
    unknown = [s for s in summaries if key(s) is None]
    known.sort(key=lambda s: (key(s), s.name.lower()), reverse=descending)
    return known + sorted(unknown, key=lambda s: s.name.lower())


def search_tracks(summaries, query: str) -> list[TrackSummary]:
    """Tracks whose name, description or occupations match ``query``, or that contain an occupation
    with a matching O*NET job title (one query)."""
    needle = query.casefold()
    title_codes = data.codes_with_alternate_title(query)
    return [
        s
        for s in summaries
        if needle in s.name.casefold()
        or needle in s.description.casefold()
        or any(needle in title.casefold() for title in s.occupation_titles)
        or title_codes.intersection(s.codes)
    ]

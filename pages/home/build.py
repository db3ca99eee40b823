"""The home page: every track's summary, searched and sorted, and the chart of every track.

The summaries (``pages.track.summary.TrackSummary``) are stored with each track's snapshot; the chart
(``pages.home.chart``, a pure function of the summaries) is stored beside them whenever a track's
snapshot is built (``build_home_chart``). Requests only read both (no statistics).
"""

from __future__ import annotations

from pages.formatting import vintage_label
from pages.home import chart as home_chart
from pages.models import Snapshot
from pages.store import Kind, Written, write_snapshots
from pages.track.snapshots import published_summaries
from pages.track.summary import TrackSummary
from salaries import selectors as data
from salaries.models import DataRelease

HOME_CHART_KEY = "overview"
# The chart payload is a dict (no classes to digest): its own version, as ``pages.home.chart`` keeps it.
HOME_SCHEMA = f"home-{home_chart.PAYLOAD_FORMAT}"


def track_summaries() -> dict:
    """Every published track with a snapshot: national median pay, U.S. jobs and projected growth.

    Two queries (the releases, for the vintages, and the snapshots' summaries):
    {"tracks": [...] by name, "oews": vintage, "projections": vintage}.
    """
    releases = data.current_releases()
    return {
        "tracks": sorted(published_summaries(), key=lambda s: s.name),
        "oews": vintage_label(releases.get(DataRelease.Source.OEWS)),
        "projections": vintage_label(releases.get(DataRelease.Source.PROJECTIONS)),
    }


def home_page_data() -> dict:
    """What the home page shows: ``track_summaries()`` plus the stored chart of every track
    (``home_chart_payload``; None until built). Two queries once the chart is built (it carries the
    vintages), three before."""
    chart = home_chart_payload()
    if chart is None:
        return {**track_summaries(), "chart": None}
    return {
        "tracks": sorted(published_summaries(), key=lambda s: s.name),
        "oews": chart["oews"],
        "projections": chart["projections"],
        "chart": chart,
    }


def build_home_chart(releases: dict[str, DataRelease] | None = None) -> Written:
    """Store the home page's chart of every published track (``pages.home.chart``), from the summaries
    just stored: its figure, table, CSV rows, key and the vintages they come from."""
    releases = releases if releases is not None else data.current_releases()
    payload = home_chart.overview_payload(
        published_summaries(),
        oews=vintage_label(releases.get(DataRelease.Source.OEWS)),
        projections=vintage_label(releases.get(DataRelease.Source.PROJECTIONS)),
    )
    return write_snapshots(Kind.HOME, {HOME_CHART_KEY: payload}, schema=HOME_SCHEMA)


def home_chart_payload() -> dict | None:
    """The stored home chart (``build_home_chart``), or None when it has not been built (one query)."""
    return (
        Snapshot.objects.filter(kind=Kind.HOME, key=HOME_CHART_KEY, schema=HOME_SCHEMA)
        .values_list("payload", flat=True)
        .first()
    )


def home_chart_built() -> bool:
    """Whether the current home chart is stored (one query)."""
    return Snapshot.objects.filter(kind=Kind.HOME, key=HOME_CHART_KEY, schema=HOME_SCHEMA).exists()


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

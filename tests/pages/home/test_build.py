"""pages.home.build: the home table's sort and the summaries it reads from the snapshots."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.home.build import parse_sort, sort_tracks, track_summaries
from pages.track.summary import TrackSummary
from tracks.models import Track

# --------------------------------------------------------------------------------------------------
# Home page sorting


def summary(name, median=None, jobs=None, growth=None):
    from salaries.statistics.wages import Quantile

    return TrackSummary(
        slug=name.lower(),
        name=name,
        title=f"Careers in {name}",
        url=f"/tracks/{name.lower()}/",
        description="",
        occupation_titles=(),
        codes=(),
        median=Quantile(median) if median is not None else None,
        jobs=jobs,
        growth=growth,
    )


def test_parse_sort():
    assert parse_sort("pay") == ("pay", False)
    assert parse_sort("-pay") == ("pay", True)
    assert parse_sort(" -growth ") == ("growth", True)
    for junk in (None, "", "-", "salary", "--pay", "name;drop", "PAY"):
        assert parse_sort(junk) == ("name", False), junk


def test_sort_tracks_puts_missing_figures_last_either_way():
    tracks = [summary("B", 50_000, 10, 1.0), summary("A", 70_000, 5, None), summary("C", None, 20, -2.0)]
    assert [t.name for t in sort_tracks(tracks, "pay", True)] == ["A", "B", "C"]
    assert [t.name for t in sort_tracks(tracks, "pay", False)] == ["B", "A", "C"]
    assert [t.name for t in sort_tracks(tracks, "growth", True)] == ["B", "C", "A"]
    assert [t.name for t in sort_tracks(tracks, "name", False)] == ["A", "B", "C"]


@pytest.mark.django_db
def test_track_summaries_are_read_from_the_snapshots():
    with CaptureQueriesContext(connection) as queries:
        first = track_summaries()
    assert len(queries) == 2  # the releases (vintages) and the snapshots' rows; nothing is computed
    assert first == track_summaries()
    assert {s.slug for s in first["tracks"]} == set(Track.objects.published().values_list("slug", flat=True))

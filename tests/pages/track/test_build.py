"""pages.track.build: the track page built from in-memory (even unsaved) instances, as the admin preview
builds it, and the stored page's context; nothing written, unknown metros refused.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.track.build import track_page_context
from pages.track.figures import MetroNotFound
from pages.track.snapshots import track_page_context_for
from tests.caches import clear_caches
from tracks.models import RelatedTrack, Role, Track, TrackIndustry, TrackOccupation

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = pytest.mark.federal


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


# --------------------------------------------------------------------------------------------------
# The admin preview: unsaved instances


@pytest.mark.django_db
def test_the_page_context_works_on_unsaved_instances_and_writes_nothing():
    related = Track.objects.published().get(slug="supply-chain-logistics")
    track = Track(slug="preview-only", name="Preview Only", lede="Pays [[median_pay]].", meta_description="x")
    occupations = [TrackOccupation(track=track, occupation_id=code) for code in ("11-1021", "11-3071")]
    roles = [
        Role(track=track, title="Coordinator", level="entry", order=1, occupation_id="43-1011", work="w"),
        Role(track=track, title="Manager", level="executive", order=2, occupation_id="11-1021", work="w"),
    ]
    notes = [TrackIndustry(track=track, industry_id="31--34", note="Plants.", order=1)]
    links = [RelatedTrack(track=track, related=related, kind="skills", note="Close cousins.", order=1)]
    tracks_before = Track.objects.count()
    with CaptureQueriesContext(connection) as queries:
        context = track_page_context(
            track=track,
            occupations=occupations,
            roles=roles,
            industry_notes=notes,
            links=links,
            metro_code="99999",
            preview=True,
        )
    assert all(q["sql"].lstrip("( ").upper().startswith("SELECT") for q in queries.captured_queries)
    assert len(queries) <= 7  # releases, five datasets, the related track's occupations
    assert Track.objects.count() == tracks_before
    assert context["preview"] is True
    assert context["metro"] is None and "99999" in context["metro_error"]
    assert context["lede_html"] == f"<p>Pays {context['hero']['facts'][1]['value']}.</p>"
    assert [r["title"] for r in context["ladder"]["rungs"]] == ["Coordinator", "Manager"]
    assert context["related"]["skills"][0]["name"] == related.name
    assert context["related"]["skills"][0]["evidence"]  # computed from skills and industries
    assert all(chart.csv_url == "" for chart in context["chart_list"])  # nothing to download yet


@pytest.mark.django_db
def test_an_unknown_metro_raises_for_the_public_page():
    track = Track.objects.published().get(slug="operations")
    with pytest.raises(MetroNotFound):
        track_page_context_for(track, "99999")
    with pytest.raises(MetroNotFound):
        track_page_context_for(track, "not-a-code")


@pytest.mark.django_db
def test_a_new_track_with_no_parts_yet_still_previews():
    from django.template.loader import render_to_string

    track = Track(slug="brand-new", name="Brand New", lede="", meta_description="")
    context = track_page_context(
        track=track, occupations=[], roles=[], industry_notes=[], links=[], preview=True
    )
    assert context["hero"]["facts"][0]["value"] == "not available"
    assert all(not chart.available for chart in context["chart_list"])
    html = render_to_string("pages/track/detail.html", context)
    assert "<h1>Careers in Brand New</h1>" in html
    assert html.count("No published figures for this chart.") == len(context["chart_list"])

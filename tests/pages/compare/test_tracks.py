"""Compare tracks (/compare/?tracks=...): lined up from their snapshots, with the track pages' own
figures, within the query budget; bad input gets a helpful page; track pages offer the comparison.
"""

from html import unescape

import pytest
from django.urls import reverse

from salaries.generation import current_generation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generation_in_the_cache():
    # The data generation is held in the cache between requests; not part of a page's budget (as in
    # the occupation and metro page tests these ran after when they shared one module).
    current_generation()


# --------------------------------------------------------------------------------------------------
# Compare


def test_compare_lines_up_tracks_from_snapshots(client, page_snapshots, django_assert_max_num_queries):
    from pages.track.snapshots import track_page_context_for

    with django_assert_max_num_queries(4):
        response = client.get(
            reverse("compare"), {"tracks": ["nursing", "software-engineering"], "metro": "35620"}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert not response.cookies
    # The headline figures are the track pages' own.
    from tracks.models import Track

    for slug in ("nursing", "software-engineering"):
        context = track_page_context_for(Track.objects.get(slug=slug))
        for f in context["hero"]["facts"]:
            assert f["value"] in unescape(html)
    assert 'id="chart-data-compare-pay"' in html
    assert "At U.S. prices" in html
    assert "Ladders side by side" in html


@pytest.mark.parametrize("query", ["", "tracks=", "tracks=bogus", "tracks=a,b,c,d,e", "tracks=%20"])
def test_compare_without_valid_tracks_is_a_helpful_page(client, page_snapshots, query):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    assert "Pick two or three tracks" in response.content.decode()


def test_track_page_offers_compare_with(client, page_snapshots):
    html = client.get("/tracks/nursing/").content.decode()
    assert 'action="/compare/"' in html and 'name="tracks" value="nursing"' in html


def test_compare_reads_its_menus_from_one_stored_row_not_every_metro(
    client, page_snapshots, django_assert_max_num_queries
):
    """Issue 20 item 9: compare read and listed every metro's snapshot on every request. The menus of
    tracks and metros are stored at build time: the tracks' snapshots, the menus, the metro asked."""
    from pages.compare.selectors import compare_menus
    from pages.metro.selectors import metro_index

    menus = compare_menus()
    assert menus["metros"] == metro_index() and len(menus["metros"]) > 100
    with django_assert_max_num_queries(3):
        response = client.get(reverse("compare"), {"tracks": ["nursing", "operations"], "metro": "35620"})
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f'<option value="{m["code"]}"' in html for m in menus["metros"])
    assert all(f'<option value="{t["slug"]}"' in html for t in menus["tracks"])
    with django_assert_max_num_queries(2):
        assert client.get(reverse("compare"), {"occupations": "15-1252,15-1211"}).status_code == 200


def test_stored_options_are_escaped_and_one_is_selected():
    from pages.compare.build import options_html, with_selected

    options = options_html([("a-b", "A & B"), ("c", 'C "<d>"')])
    assert options == (
        '<option value="a-b">A &amp; B</option><option value="c">C &quot;&lt;d&gt;&quot;</option>'
    )
    assert with_selected(options, "c").count(" selected") == 1
    assert '<option value="c" selected>' in with_selected(options, "c")
    assert with_selected(options, "") == options == with_selected(options, "zz")
    assert with_selected(options, '"><script>') == options

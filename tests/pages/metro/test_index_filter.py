"""/metros/ has a filter box: without JavaScript ``?q=`` lists the metros the one metro matcher finds."""

import re
from html import unescape

import pytest

from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def listed(html: str) -> list[str]:
    block = html[html.index('id="metro-list"') :]
    block = block[: block.index("</ul>")]
    return [unescape(name) for name in re.findall(r'<li data-name="([^"]+)"', block)]


def test_the_index_has_a_filter_box_and_every_metro(client, page_snapshots):
    html = client.get("/metros/").content.decode()
    assert '<input type="search" id="metro-filter" name="q"' in html
    assert 'data-filter-list="metro-list"' in html and "nyc=35620" in html
    assert len(listed(html)) > 300


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("nyc", "New York-Newark-Jersey City, NY-NJ"),
        ("north carolina", "Asheville, NC"),
        ("raleigh", "Raleigh-Cary, NC"),
    ],
)
def test_a_query_lists_the_matches_best_first(client, page_snapshots, query, first):
    html = unescape(client.get("/metros/", {"q": query}).content.decode())
    names = listed(html)
    assert names[0] == first
    assert not any(name.endswith(", SC") for name in names)
    assert f"for “{query}”" in html


def test_a_query_matching_nothing_says_so_and_keeps_the_text(client, page_snapshots):
    html = unescape(client.get("/metros/", {"q": "Atlantis"}).content.decode())
    assert listed(html) == []
    assert "No metro area matches “Atlantis”" in html
    assert 'value="Atlantis"' in html

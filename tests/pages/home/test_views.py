"""The home page: the sortable, searchable table of every published track with its page's figures."""

import re
from html import unescape

import pytest
from django.conf import settings

from pages.track.snapshots import track_page_context_for
from tests.caches import clear_caches
from tracks.models import Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def table_rows(html: str) -> list[list[str]]:
    """The home table's rows as text: [name, median, jobs, growth] (the name is the row's link; its
    description, beside it in the same cell, is left out)."""
    table = html[html.index('<table class="tracks-table">') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        cells[0] = re.search(r'<a class="home-track-name"[^>]*>(.*?)</a>', cells[0], re.S).group(1)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def money(text: str) -> int:
    return int(text.strip("$").replace(",", ""))


# --------------------------------------------------------------------------------------------------
# Home


def test_home_lists_every_published_track_with_its_page_s_figures(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # generation, releases, summaries
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html)
    published = Track.objects.published()
    assert sorted(r[0] for r in rows) == sorted(t.name for t in published)
    # The same figures as the track page's hero.
    operations = next(r for r in rows if r[0] == "Operations")
    hero = track_page_context_for(published.get(slug="operations"))["hero"]["facts"]
    assert operations[1:] == [hero[1]["value"], hero[0]["value"], hero[2]["value"]]
    assert 'role="search"' in html and 'name="q"' in html
    with django_assert_max_num_queries(2):
        client.get("/")


def test_home_sorts_on_the_server_in_both_directions(client):
    by_pay = table_rows(client.get("/", {"sort": "-pay"}).content.decode())
    pays = [money(r[1]) for r in by_pay if r[1].startswith("$")]
    assert pays == sorted(pays, reverse=True) and len(pays) >= 2
    ascending = table_rows(client.get("/", {"sort": "pay"}).content.decode())
    assert [money(r[1]) for r in ascending if r[1].startswith("$")] == sorted(pays)
    by_jobs = table_rows(client.get("/", {"sort": "-jobs"}).content.decode())
    jobs = [int(r[2].replace(",", "")) for r in by_jobs]
    assert jobs == sorted(jobs, reverse=True)
    by_growth = table_rows(client.get("/", {"sort": "-growth"}).content.decode())
    growth = [float(r[3].replace("\u2212", "-").rstrip("%")) for r in by_growth]
    assert growth == sorted(growth, reverse=True)
    by_name = table_rows(client.get("/", {"sort": "nonsense"}).content.decode())
    assert [r[0] for r in by_name] == sorted((r[0] for r in by_name), key=str.casefold)


def test_sort_links_say_which_column_is_sorted_and_flip_it(client):
    html = client.get("/", {"sort": "-pay"}).content.decode()
    assert re.search(
        r'<th scope="col" aria-sort="descending" class="num">\s*<a href="\?sort=pay#tracks">', html
    )
    assert 'href="?sort=-jobs#tracks"' in html and 'href="?sort=name#tracks"' in html


def test_search_finds_tracks_by_name_occupation_and_job_title(client):
    def names(query):
        return [r[0] for r in table_rows(client.get("/", {"q": query}).content.decode())]

    assert "Nursing" in names("nurs")
    assert "Software Engineering" in names("software developers")  # an occupation title
    assert "Software Engineering" in names("Full Stack Developer")  # an O*NET alternate title
    html = client.get("/", {"q": "zzzz-nothing"}).content.decode()
    assert "No track matches “zzzz-nothing”" in html and 'class="tracks-table"' not in html


def test_search_keeps_the_sort_and_survives_hostile_input(client):
    html = client.get("/", {"q": "engineer", "sort": "-pay"}).content.decode()
    # One search box (to /search/); a filtered table's sort links keep the filter.
    assert 'href="?q=engineer&amp;sort=pay#tracks"' in html and "Show all tracks" in html
    assert html.count('role="search"') == 1 and 'id="track-search"' not in html
    for hostile in ("<script>alert(1)</script>", "%", "'; DROP TABLE x; --", "x" * 5000, "\u2603"):
        response = client.get("/", {"q": hostile})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_home_has_title_description_and_canonical(client):
    html = client.get("/").content.decode()
    assert "<title>Career Tracks:" in html
    assert '<meta name="description" content="' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/">' in html

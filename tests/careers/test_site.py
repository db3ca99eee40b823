"""The site's public pages besides track pages: home (sortable, searchable track table), methodology,
sitemap.xml, robots.txt and the friendly 404 and 500 pages."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client

from pages.methodology.notes import METHOD_NOTES
from salaries.models import DataRelease, OccupationSnapshot
from tracks.models import PageSnapshot, Track
from tracks.selectors import track_page_context_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    assert '<input type="hidden" name="sort" value="-pay">' in html
    for hostile in ("<script>alert(1)</script>", "%", "'; DROP TABLE x; --", "x" * 5000, "\u2603"):
        response = client.get("/", {"q": hostile})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_home_has_title_description_and_canonical(client):
    html = client.get("/").content.decode()
    assert "<title>Career Tracks:" in html
    assert '<meta name="description" content="' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/">' in html


# --------------------------------------------------------------------------------------------------
# Methodology


def test_methodology_names_sources_vintages_and_every_method(client, django_assert_max_num_queries):
    # +1 over the view's own: the data generation, read from the database when the cache is empty.
    with django_assert_max_num_queries(3):
        response = client.get("/methodology/")
    html = unescape(response.content.decode())
    for release in DataRelease.objects.all():
        assert release.get_source_display() in html and release.vintage in html
    for text in METHOD_NOTES.values():
        assert unescape(text) in html
    assert "$239,200 or more" in html
    assert "not designed as a time series" in html
    assert "May 2025 wages at 2024 prices (BEA Regional Price Parities): the latest price parities" in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/methodology/">' in html


# --------------------------------------------------------------------------------------------------
# sitemap.xml and robots.txt


def test_sitemap_lists_home_methodology_and_every_published_track(
    client, django_assert_max_num_queries, page_snapshots
):
    draft = Track.objects.published().order_by("slug").last()
    Track.objects.filter(pk=draft.pk).update(status=Track.Status.DRAFT)
    with django_assert_max_num_queries(5):  # 2 before issue 13, then one each: occupations, metros, states
        response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    locations = set(re.findall(r"<loc>(.*?)</loc>", xml))
    expected = {f"{settings.SITE_URL}/", f"{settings.SITE_URL}/methodology/"}
    expected |= {f"{settings.SITE_URL}{t.get_absolute_url()}" for t in Track.objects.published()}
    # The pages beyond the tracks (issue 13): search, the indexes, every occupation and metro page.
    expected |= {f"{settings.SITE_URL}{path}" for path in ("/search/", "/occupations/", "/metros/")}
    expected |= {
        f"{settings.SITE_URL}/occupations/{c}/"
        for c in OccupationSnapshot.objects.values_list("code", flat=True)
    }
    expected |= {
        f"{settings.SITE_URL}/metros/{k}/"
        for k in PageSnapshot.objects.filter(kind="metro").values_list("key", flat=True)
    }
    expected |= {
        f"{settings.SITE_URL}/states/{k}/"
        for k in PageSnapshot.objects.filter(kind="state").values_list("key", flat=True)
    }
    assert locations == expected
    assert f"/tracks/{draft.slug}/" not in xml
    assert "<lastmod>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    for path in ("/me/", "/accounts/", "/get-started/"):
        assert f"Disallow: {path}" in text
    # The admin path is secret (DJANGO_ADMIN_URL): robots.txt never names it.
    assert settings.ADMIN_URL not in text


# --------------------------------------------------------------------------------------------------
# Errors


def test_the_404_page_is_friendly_and_has_a_way_on(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'href="/#tracks"' in html and 'role="search"' in html


def test_the_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and 'href="/"' in html


def test_a_server_error_shows_the_500_page(settings, monkeypatch):
    import careers.views.site as site

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr(site, "home_page_data", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

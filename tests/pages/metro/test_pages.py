"""Metro pages (/metros/<CBSA>/): figures against the independent recomputation from the upstream files
(tests/pages/upstream.py), the query budget, 404s and the CSV.
"""

import re

import pytest
from django.urls import reverse

from salaries.generation import current_generation
from tests.pages.track.test_views import catalogue_codes, expected_figures
from tests.pages.upstream import (
    RPP_MSA,
    at_us_prices,
    fact,
    needs_upstream,
    rpp,
    table_rows,
    text,
)

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------------------------------
# Metro pages


def metro_row(html: str, track: str) -> list[str]:
    rows = table_rows(html, f"Tracks in {track}")
    return rows


@needs_upstream
@pytest.mark.parametrize(
    ("metro", "slug"),
    [("41940", "software-engineering"), ("35620", "nursing")],  # San Jose; New York-Newark-Jersey City
)
def test_metro_figures_equal_an_independent_recomputation(client, oews, page_snapshots, metro, slug):
    response = client.get(reverse("metro", kwargs={"code": metro}))
    assert response.status_code == 200
    html = response.content.decode()
    name = text(re.search(r"<h1>Careers in (.*?)</h1>", html).group(1))
    rows = table_rows(html, f"Tracks in {name}")
    from tracks.models import Track

    track = Track.objects.get(slug=slug)
    cells = rows[track.name]
    expected = expected_figures(oews, catalogue_codes(slug), area=metro)
    assert cells[0] == expected["jobs"]
    assert cells[1].split(" (")[0] == expected["median"]
    parity = rpp(RPP_MSA, metro)
    median = expected["median"].strip("$").replace(",", "")
    assert cells[2] == at_us_prices(median, parity)
    assert cells[3] == expected_figures(oews, catalogue_codes(slug))["median"]
    assert fact(html, "rpp") == f"{parity:.1f}"
    assert f'href="/tracks/{slug}/?metro={metro}"' in html


def test_metro_page_budget_404_and_csv(client, page_snapshots, django_assert_max_num_queries):
    current_generation()  # held in the cache between requests; not part of a page's budget
    with django_assert_max_num_queries(1):
        response = client.get("/metros/35620/")
    assert response.status_code == 200
    assert not response.cookies
    assert client.get("/metros/99999/").status_code == 404
    assert client.get("/metros/abc/").status_code == 404
    data = client.get("/metros/35620/data/tracks.csv")
    assert data.status_code == 200
    assert data.content.decode().splitlines()[0].startswith("track,jobs,median_annual")

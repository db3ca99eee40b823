"""Occupation compare (/compare/?occupations=...): figures against the independent pandas recomputation
from the upstream BLS/BEA files that the occupation-page tests use, the query budget, and bad input."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.pages.track.test_views import catalogue_codes, expected_growth
from tests.pages.upstream import (
    RPP_MSA,
    annual,
    at_us_prices,
    needs_upstream,
    page,
    rpp,
    table_rows,
    upstream_row,
)

pytestmark = pytest.mark.django_db

PERCENTILES = ["A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]
TITLES = {
    "15-1252": "Software Developers",
    "15-1211": "Computer Systems Analysts",
    "11-1011": "Chief Executives",
}


def compare_html(client, query) -> str:
    response = client.get(reverse("compare"), query)
    assert response.status_code == 200
    return response.content.decode()


@needs_upstream
def test_occupation_compare_figures_equal_the_upstream_files(client, oews, page_snapshots):
    codes = ["15-1252", "15-1211", "11-1011"]
    html = compare_html(client, {"occupations": ",".join(codes), "metro": "35620"})
    headline = table_rows(html, "Headline figures")
    pay = table_rows(html, "Pay percentiles, U.S., all industries")
    metro = table_rows(html, "Pay in New York-Newark-Jersey City, NY-NJ")
    figure = json.loads(re.search(r'id="chart-data-compare-pay"[^>]*>(.*?)</script>', html, re.S).group(1))
    traces = {t["name"]: t for t in figure["data"]}
    parity = rpp(RPP_MSA, "35620")
    for code in codes:
        row = upstream_row(oews, code)
        name = TITLES[code]
        jobs, median, growth = headline[name]
        assert jobs.startswith(f"{int(row.TOT_EMP):,} ")
        assert median.startswith(annual(row.A_MEDIAN) + " ")
        assert f"10th to 90th percentile: {annual(row.A_PCT10)} to {annual(row.A_PCT90)}" in median
        assert growth.startswith(expected_growth([code]) + " ")
        assert pay[name] == [annual(row[c]) for c in PERCENTILES]
        # The chart draws every published percentile below the top code, and nothing else.
        drawn = [Decimal(row[c]) for c in PERCENTILES if row[c] not in ("#", "*", "**", "")]
        drawn = [v for v in drawn if v < Decimal(239_200)]
        assert [Decimal(x) for x in traces[name]["x"]] == drawn
        local = upstream_row(oews, code, area="35620")
        assert metro[name][0] == f"{int(local.TOT_EMP):,}"
        assert metro[name][1] == annual(local.A_MEDIAN)
        if annual(local.A_MEDIAN).startswith("$") and "or more" not in annual(local.A_MEDIAN):
            assert metro[name][2] == at_us_prices(local.A_MEDIAN, parity)
        assert f'href="/occupations/{code}/"' in html
    # Top-coding is shown as such.
    assert pay["Chief Executives"][-1] == "$239,200 or more"
    # Shared and distinct skills come from the occupations' distinctive skills (issue 11).
    assert "Only Software Developers:" in html
    assert "Programming" in html


def test_occupation_compare_query_budget(client, page_snapshots, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/compare/?occupations=15-1252,15-1211&metro=35620")
    assert response.status_code == 200
    html = response.content.decode()
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html
    assert 'id="chart-data-compare-pay"' in html
    assert "Pay in New York" in html
    # The two-parameter spelling works too.
    two = client.get("/compare/?occupations=15-1252&occupations=15-1211").content.decode()
    assert "Headline figures" in two


@pytest.mark.parametrize(
    "query",
    [
        "occupations=",
        "occupations=15-1252",
        "occupations=15-1252,15-1252",
        "occupations=99-9999,15-1252",
        "occupations=abc,%3Cscript%3E",
        "occupations=15-1252,15-1211&metro=zzz",
    ],
)
def test_occupation_compare_bad_input_is_a_helpful_page(client, page_snapshots, query):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if "metro=zzz" in query:
        assert "Headline figures" in html and 'id="metro-caption"' not in html
    else:
        assert "Pick two or three occupations" in html
        assert "/compare/?occupations=15-1252,15-1211" in html
        if "%3Cscript" in query:
            assert "&lt;script&gt;" in html  # echoed, escaped
    if "99-9999" in query:
        assert "99-9999" in html


def test_occupation_page_offers_compare_with(client, page_snapshots):
    html = page(client, "15-1252")
    form = re.search(r'<form class="compare-with".*?</form>', html, re.S).group(0)
    assert 'action="/compare/"' in form and 'name="occupations" value="15-1252"' in form
    peers = [c for c in catalogue_codes("software-engineering") if c != "15-1252"]
    assert peers
    for code in peers:
        assert f'<option value="{code}">' in form
    assert '<option value="15-1252">' not in form

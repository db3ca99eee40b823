"""Occupation pages (/occupations/<SOC>/): figures against an independent pandas recomputation from the
upstream BLS/BEA files, every occupation page answers, plain pages for unpublished codes, 404s, CSV
downloads, JSON-LD, query budgets, and the indexes of every page.

The recomputation (tests/pages/upstream.py) reads the upstream files with pandas and applies the
documented rules itself (top code, suppression, price adjustment); it never calls salaries.statistics or
the page builders.
"""

import csv
import io
import json
import re

import pytest
from django.conf import settings

from pages.models import Snapshot
from salaries.models import Occupation
from tests.pages.upstream import (
    ANNUAL,
    HOURLY,
    RPP_MSA,
    RPP_STATE,
    TOP_CODE,
    annual,
    at_us_prices,
    fact,
    hourly,
    needs_upstream,
    page,
    rpp,
    table_rows,
    upstream_row,
)

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------------------------------
# Occupation pages


@needs_upstream
@pytest.mark.parametrize(
    "code",
    [
        "29-1141",  # Registered Nurses: everything published
        "11-1011",  # Chief Executives: upper percentiles top-coded (some printed as numbers >= $239,200)
        "27-2011",  # Actors: hourly wages only
    ],
)
def test_occupation_figures_equal_the_upstream_file(client, oews, page_snapshots, code):
    row = upstream_row(oews, code)
    html = page(client, code)
    assert fact(html, "us_jobs") == f"{int(row.TOT_EMP):,}"
    pay = table_rows(html, "Pay across the distribution, U.S., all industries")
    for label, column in ANNUAL:
        assert pay[label][0] == annual(row[column]), label
    for label, column in HOURLY:
        assert pay[label][1] == hourly(row[column]), label
    if row.A_MEDIAN in ("*", "**", ""):
        assert fact(html, "median_pay") == hourly(row.H_MEDIAN)
    else:
        assert fact(html, "median_pay") == annual(row.A_MEDIAN)
    # No wage BLS published (national percentiles, state and metro medians) is shown above the top
    # code. (A published median below it may still exceed it once divided by a low price parity.)
    nominal = [cells[0] for cells in pay.values()]
    nominal += [cells[1] for cells in table_rows(html, "Pay by state").values()]
    nominal += [cells[1] for cells in table_rows(html, "Pay by metro area").values()]
    shown = [int(v.replace(",", "")) for v in re.findall(r"\$([0-9][0-9,]*)(?![0-9.])", " ".join(nominal))]
    assert max(shown, default=0) <= TOP_CODE
    if code == "11-1011":
        assert pay["90th percentile"][0] == "$239,200 or more"


@needs_upstream
def test_state_and_metro_pay_at_us_prices_equal_the_upstream_files(client, oews, page_snapshots):
    code = "29-1141"
    html = page(client, code)
    california = upstream_row(oews, code, area="06")
    states = table_rows(html, "Pay by state")
    assert states["California"][0] == f"{int(california.TOT_EMP):,}"
    assert states["California"][1] == annual(california.A_MEDIAN)
    parity = rpp(RPP_STATE, "06000")
    assert states["California"][3] == f"{parity:.1f}"
    assert states["California"][4] == at_us_prices(california.A_MEDIAN, parity)

    san_jose = upstream_row(oews, code, area="41940")
    metros = table_rows(html, "Pay by metro area")
    name = san_jose.AREA_TITLE
    # Metro area | At U.S. prices | Median pay | Price parity | Jobs | Tier: the point first
    metro_parity = rpp(RPP_MSA, "41940")
    assert metros[name][0] == at_us_prices(san_jose.A_MEDIAN, metro_parity)
    assert metros[name][1] == annual(san_jose.A_MEDIAN)
    assert metros[name][2] == f"{metro_parity:.1f}"
    assert metros[name][3] == f"{int(san_jose.TOT_EMP):,}"


@pytest.mark.slow
def test_every_detailed_occupation_page_answers(client, page_snapshots):
    codes = list(Occupation.objects.filter(level="detailed").values_list("code", flat=True))
    assert len(codes) > 800
    failures = []
    for code in codes:
        response = client.get(f"/occupations/{code}/")
        if response.status_code != 200 or b"<h1>" not in response.content:
            failures.append((code, response.status_code))
    assert failures == []


def test_an_occupation_bls_does_not_publish_gets_a_plain_page(client, page_snapshots):
    # O*NET's Buyers and Purchasing Agents, Farm Products: OEWS publishes only 13-1020.
    html = page(client, "13-1021")
    assert "No national figures from BLS" in html
    assert 'href="/occupations/13-1020/"' in html
    assert Snapshot.objects.get(kind="occupation", key="13-1021").payload["published"] is False


@pytest.mark.parametrize("code", ["99-9999", "abc", "29-1141x", "00-0000", "29-0000"])
def test_unknown_codes_are_404(client, page_snapshots, code):
    assert client.get(f"/occupations/{code}/").status_code == 404


def test_occupation_page_budget_and_markup(client, page_snapshots, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/occupations/15-1252/")
    html = response.content.decode()
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html
    assert '<link rel="canonical" href="' + settings.SITE_URL + '/occupations/15-1252/">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Occupation"
    assert ld["occupationalCategory"][0]["codeValue"] == "15-1252"
    assert "https://www.onetonline.org/link/summary/15-1252.00" in html
    assert "https://www.bls.gov/oes/current/oes151252.htm" in html
    assert "Software Engineering" in html  # the tracks that include it
    # Every chart has a table and a CSV download.
    for key in ("metro-pay", "pay-goes-furthest", "industries"):
        assert f'id="chart-data-{key}"' in html
        assert f'href="/occupations/15-1252/data/{key}.csv"' in html


def test_occupation_csv_downloads(client, page_snapshots):
    response = client.get("/occupations/29-1141/data/states.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["area_code", "state", "employment"]
    assert any(r[1] == "California" for r in rows[1:])
    assert client.get("/occupations/29-1141/data/nothing.csv").status_code == 404


def test_indexes_list_every_page(client, page_snapshots, django_assert_max_num_queries):
    from salaries.generation import current_generation

    current_generation()  # held in the cache between requests; not part of a page's budget
    with django_assert_max_num_queries(1):
        occupations = client.get("/occupations/").content.decode()
    assert occupations.count('href="/occupations/') >= Snapshot.objects.filter(kind="occupation").count()
    with django_assert_max_num_queries(2):  # metros, states
        metros = client.get("/metros/").content.decode()
    assert 'href="/metros/35620/"' in metros
    assert 'href="/states/CA/"' in metros


def test_occupation_page_shows_what_sets_it_apart(client, page_snapshots):
    html = page(client, "15-1252")
    assert "What sets it apart" in html
    skills = table_rows(html, "Skills and knowledge that matter more here than in the average job")
    assert "Programming" in skills
    here, average = (float(v) for v in skills["Programming"])
    assert here > average

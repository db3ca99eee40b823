"""Occupation pages (/occupations/<SOC>/) and metro pages (/metros/<CBSA>/): figures against an
independent pandas recomputation from the upstream BLS/BEA files, every occupation page answers, plain
pages for unpublished codes, 404s, CSV downloads, JSON-LD, query budgets and the sitemap.

The recomputation reads the upstream files with pandas and applies the documented rules itself (top code,
suppression, price adjustment); it never calls salaries.statistics or the page builders.
"""

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pandas as pd
import pytest
from django.conf import settings
from django.urls import reverse

from salaries.models import Occupation, OccupationSnapshot
from tests.tracks.test_views import catalogue_codes, expected_figures

pytestmark = pytest.mark.django_db

UPSTREAM = settings.WORKFORCE_SOURCE_DIR
OEWS_FILE = UPSTREAM / "oews" / "oews_all_data_M2025.csv.gz"
RPP_MSA = UPSTREAM / "rpp" / "rpp_msa.csv"
RPP_STATE = UPSTREAM / "rpp" / "rpp_state.csv"
needs_upstream = pytest.mark.skipif(not OEWS_FILE.exists(), reason=f"upstream data not found at {UPSTREAM}")
TOP_CODE = Decimal(239_200)
TOP_CODE_HOURLY = Decimal("115.00")
ANNUAL = [("10th percentile", "A_PCT10"), ("Median", "A_MEDIAN"), ("90th percentile", "A_PCT90")]
HOURLY = [("10th percentile", "H_PCT10"), ("Median", "H_MEDIAN"), ("90th percentile", "H_PCT90")]


@pytest.fixture(scope="module")
def oews():
    columns = ["AREA", "AREA_TITLE", "AREA_TYPE", "NAICS", "I_GROUP", "OCC_CODE", "O_GROUP", "TOT_EMP"]
    columns += ["H_MEDIAN", "H_PCT10", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]
    frame = pd.read_csv(OEWS_FILE, dtype=str, keep_default_na=False, usecols=columns)
    return frame[(frame.NAICS == "000000") | (frame.I_GROUP == "sector")]


def upstream_row(oews, code: str, area: str = "99"):
    rows = oews[oews.AREA.eq(area) & oews.NAICS.eq("000000") & oews.OCC_CODE.eq(code)]
    assert len(rows) == 1
    return rows.iloc[0]


def annual(cell: str) -> str:
    if cell == "#" or (cell not in ("*", "**", "") and Decimal(cell) >= TOP_CODE):
        return "$239,200 or more"
    if cell in ("*", "**", ""):
        return "not published"
    return f"${int(cell):,}"


def hourly(cell: str) -> str:
    if cell == "#" or (cell not in ("*", "**", "") and Decimal(cell) >= TOP_CODE_HOURLY):
        return "$115.00 or more"
    if cell in ("*", "**", ""):
        return "not published"
    return f"${Decimal(cell):,.2f}"


def rpp(path, geofips: str, year: int = 2024) -> Decimal:
    frame = pd.read_csv(path, dtype=str)
    return Decimal(frame[(frame.geofips == geofips) & (frame.year == str(year))].rpp_all_items.iloc[0])


def at_us_prices(median: str, parity: Decimal) -> str:
    value = Decimal(median) / (parity / 100)
    return f"${int((value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10:,}"


def text(fragment: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def fact(html: str, key: str, part: str = "fact-value") -> str:
    match = re.search(rf'id="fact-{key}">.*?<dd class="{part}">(.*?)</dd>', html, re.S)
    assert match, f"no {part} for fact {key}"
    return text(match.group(1))


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """Rows of the table with this caption (or aria-label): first cell -> the other cells."""
    match = re.search(rf"{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, caption
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def page(client, code: str) -> str:
    response = client.get(reverse("occupation", kwargs={"code": code}))
    assert response.status_code == 200
    return response.content.decode()


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
    assert OccupationSnapshot.objects.get(code="13-1021").published is False


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
    with django_assert_max_num_queries(1):
        response = client.get("/metros/35620/")
    assert response.status_code == 200
    assert not response.cookies
    assert client.get("/metros/99999/").status_code == 404
    assert client.get("/metros/abc/").status_code == 404
    data = client.get("/metros/35620/data/tracks.csv")
    assert data.status_code == 200
    assert data.content.decode().splitlines()[0].startswith("track,jobs,median_annual")


def test_indexes_list_every_page(client, page_snapshots, django_assert_max_num_queries):
    from salaries.generation import current_generation

    current_generation()  # held in the cache between requests; not part of a page's budget
    with django_assert_max_num_queries(1):
        occupations = client.get("/occupations/").content.decode()
    assert occupations.count('href="/occupations/') >= OccupationSnapshot.objects.count()
    with django_assert_max_num_queries(2):  # metros, states
        metros = client.get("/metros/").content.decode()
    assert 'href="/metros/35620/"' in metros
    assert 'href="/states/CA/"' in metros


# --------------------------------------------------------------------------------------------------
# Compare


def test_compare_lines_up_tracks_from_snapshots(client, page_snapshots, django_assert_max_num_queries):
    from tracks.selectors import track_page_context_for

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


# --------------------------------------------------------------------------------------------------
# States


@needs_upstream
def test_state_figures_equal_an_independent_recomputation(client, oews, page_snapshots):
    response = client.get(reverse("state", kwargs={"postal": "CA"}))
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html, "Tracks in California")
    cells = rows["Nursing"]
    expected = expected_figures(oews, catalogue_codes("nursing"), area="06")
    assert cells[0] == expected["jobs"]
    assert cells[1].split(" (")[0] == expected["median"]
    parity = rpp(RPP_STATE, "06000")
    assert cells[2] == at_us_prices(expected["median"].strip("$").replace(",", ""), parity)
    assert fact(html, "rpp") == f"{parity:.1f}"
    assert 'href="/metros/41940/"' in html  # its metros are listed


@pytest.mark.parametrize("postal", ["ca", "ZZ", "C", "CAL", "06"])
def test_unknown_state_codes_are_404(client, page_snapshots, postal):
    assert client.get(f"/states/{postal}/").status_code == 404


def test_occupation_page_shows_what_sets_it_apart(client, page_snapshots):
    html = page(client, "15-1252")
    assert "What sets it apart" in html
    skills = table_rows(html, "Skills and knowledge that matter more here than in the average job")
    assert "Programming" in skills
    here, average = (float(v) for v in skills["Programming"])
    assert here > average

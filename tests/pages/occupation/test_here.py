"""Occupation pages answer "here" (issue 22, item 2): one metro's figures through the metro picker,
checked against an independent pandas recomputation from the upstream BLS/BEA files (tests/pages/
upstream.py: top code, suppression, price adjustment, and here the ranking rule), typed text resolved
or said to match nothing, query budgets, the order of the page's sections, and "How people get in"
against the BLS projections CSV and O*NET's Job Zones file.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from tests.caches import clear_caches
from tests.pages.upstream import (
    RPP_MSA,
    TOP_CODE,
    UPSTREAM,
    annual,
    hourly,
    needs_upstream,
    page,
    table_rows,
    text,
    upstream_file,
    upstream_row,
)

pytestmark = pytest.mark.django_db

RALEIGH = "39580"
CLEVELAND = "17410"
AKRON = "10420"
PROJECTIONS_CSV = UPSTREAM / "projections" / "ep_occupation_projections_2024_34.csv"
JOB_ZONES = UPSTREAM / "onet" / "Job Zones.txt"
PERCENTILES = [
    ("10th", "A_PCT10", "H_PCT10"),
    ("25th", "A_PCT25", "H_PCT25"),
    ("Median", "A_MEDIAN", "H_MEDIAN"),
    ("75th", "A_PCT75", "H_PCT75"),
    ("90th", "A_PCT90", "H_PCT90"),
]
SUPPRESSED = ("*", "**", "")


@pytest.fixture(scope="module")
def metro_rows():
    columns = ["AREA", "AREA_TITLE", "AREA_TYPE", "NAICS", "OCC_CODE", "TOT_EMP", "EMP_PRSE", "MEAN_PRSE"]
    columns += [c for _, a, h in PERCENTILES for c in (a, h)]
    frame = pd.read_csv(
        UPSTREAM / "oews" / "oews_all_data_M2025.csv.gz", dtype=str, keep_default_na=False, usecols=columns
    )
    return frame[(frame.AREA_TYPE == "4") & (frame.NAICS == "000000")]


@pytest.fixture(scope="module")
def parities():
    frame = pd.read_csv(upstream_file(RPP_MSA), dtype=str)
    frame = frame[frame.year == "2024"]
    return {row.geofips: Decimal(row.rpp_all_items) for row in frame.itertuples()}


def to_ten(value: Decimal) -> Decimal:
    return (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10


def adjusted(cell: str, parity: Decimal) -> str:
    """A published annual wage at U.S. prices, as the page's rule states it (independently)."""
    if cell in SUPPRESSED:
        return "not published"
    top = cell == "#" or Decimal(cell) >= TOP_CODE
    value = to_ten((TOP_CODE if top else Decimal(cell)) / (parity / 100))
    if value >= TOP_CODE:
        return "$239,200 or more"
    return f"${int(value):,}" + (" or more" if top else "")


def rank_at_us_prices(metro_rows, parities, code: str, area: str) -> tuple[int, int]:
    """(rank, of how many) at U.S. prices among ranked metros: published jobs >= 1,000, all five annual
    percentiles published (or top-coded), a price parity; highest first, ties by area code."""
    values = {}
    for row in metro_rows[code == metro_rows.OCC_CODE].itertuples():
        if row.TOT_EMP in SUPPRESSED or int(row.TOT_EMP) < 1000 or row.AREA not in parities:
            continue
        if any(getattr(row, a) in SUPPRESSED for _, a, _ in PERCENTILES):
            continue
        median = TOP_CODE if row.A_MEDIAN == "#" else Decimal(row.A_MEDIAN)
        values[row.AREA] = to_ten(median / (parities[row.AREA] / 100))
    order = sorted(values, key=lambda a: (-values[a], a))
    return order.index(area) + 1, len(order)


def metro_page(client, code: str, metro: str, status: int = 200) -> str:
    response = client.get(f"/occupations/{code}/", {"metro": metro})
    assert response.status_code == status
    return response.content.decode()


def here_fact(html: str, key: str, part: str = "fact-value") -> str:
    match = re.search(rf'id="here-{key}">.*?<dd class="{part}">(.*?)</dd>', html, re.S)
    assert match, key
    return text(match.group(1))


@needs_upstream
def test_a_metro_view_equals_the_upstream_files(client, page_snapshots, metro_rows, parities):
    code, area = "29-1141", RALEIGH  # Registered Nurses in Raleigh-Cary, NC: everything published
    row = upstream_row(metro_rows, code, area=area)
    parity = parities[area]
    html = metro_page(client, code, area)
    assert "Registered Nurses in Raleigh-Cary, NC" in html
    assert here_fact(html, "jobs") == f"{int(row.TOT_EMP):,}"
    assert here_fact(html, "median") == annual(row.A_MEDIAN)
    assert here_fact(html, "adjusted") == adjusted(row.A_MEDIAN, parity)
    assert f"price level {parity:.1f}" in here_fact(html, "adjusted", "fact-detail")
    rows = table_rows(html, "Pay by percentile, Raleigh-Cary, NC")
    assert list(rows) == ["Percentile", *(label for label, _, _ in PERCENTILES)]
    for label, a, h in PERCENTILES:
        assert rows[label] == [annual(row[a]), adjusted(row[a], parity), hourly(row[h])], label
    rank, of = rank_at_us_prices(metro_rows, parities, code, area)
    assert here_fact(html, "rank") == f"{rank} of {of}"
    assert 'href="/metros/39580/"' in html  # the metro page
    assert "How sure: firm." in text(html)  # the reliability rule: 2.3% employment, 0.5% mean-wage error
    # The picker shows the chosen metro selected.
    assert re.search(r'<option value="39580" selected>Raleigh-Cary, NC</option>', html)


@needs_upstream
def test_a_top_coded_metro_view(client, page_snapshots, metro_rows, parities):
    code, area = "29-1211", CLEVELAND  # Anesthesiologists in Cleveland, OH: median and above top-coded
    row = upstream_row(metro_rows, code, area=area)
    assert row.A_MEDIAN == "#"
    html = metro_page(client, code, area)
    rows = table_rows(html, "Pay by percentile, Cleveland, OH")
    for label, a, h in PERCENTILES:
        assert rows[label] == [annual(row[a]), adjusted(row[a], parities[area]), hourly(row[h])], label
    assert rows["Median"][0] == "$239,200 or more"
    assert rows["Median"][1] == "$239,200 or more"  # 239,200 / 0.939 is above the top code again
    assert here_fact(html, "median") == "$239,200 or more"
    panel = html[html.index('id="metro-panel"') : html.index("</section>", html.index('id="metro-panel"'))]
    shown = [int(v.replace(",", "")) for v in re.findall(r"\$([0-9][0-9,]*)(?![0-9.])", text(panel))]
    assert shown and max(shown) <= TOP_CODE


@needs_upstream
def test_a_top_coded_median_in_a_dear_metro_reads_as_its_least_value(
    client, page_snapshots, metro_rows, parities
):
    # A top-coded median in a metro dearer than average: at U.S. prices it is at least the top code
    # divided by the price level, which is below the top code ("$2xx,xxx or more").
    found = metro_rows[(metro_rows.A_MEDIAN == "#") & ~metro_rows.TOT_EMP.isin(SUPPRESSED)]
    found = [r for r in found.itertuples() if r.AREA in parities and parities[r.AREA] > 100]
    row = sorted(found, key=lambda r: (r.OCC_CODE, r.AREA))[0]
    expected = adjusted("#", parities[row.AREA])
    assert expected.endswith(" or more") and expected != "$239,200 or more"
    html = metro_page(client, row.OCC_CODE, row.AREA)
    assert here_fact(html, "adjusted") == expected


@needs_upstream
def test_an_unpublished_metro_view(client, page_snapshots, metro_rows):
    code, area = "41-9022", AKRON  # Real Estate Sales Agents in Akron, OH: jobs published, wages not
    row = upstream_row(metro_rows, code, area=area)
    html = metro_page(client, code, area)
    assert here_fact(html, "jobs") == f"{int(row.TOT_EMP):,}"
    assert here_fact(html, "median") == "not published"
    rows = table_rows(html, "Pay by percentile, Akron, OH")
    assert all(cells == ["not published"] * 3 for label, cells in rows.items() if label != "Percentile")
    assert here_fact(html, "rank") == "not ranked"
    # The reliability rule: its employment error (26.8%) is above 25%.
    assert "rough estimate (employment error 26.8%, above 25%)" in text(html)


def test_typed_text_that_matches_nothing_says_so_and_keeps_it(client, page_snapshots):
    html = metro_page(client, "29-1141", "Atlantis qq", status=404)
    assert "No metro area matches “Atlantis qq”." in text(html)
    assert '<option value="Atlantis qq" data-combobox-typed selected>Atlantis qq</option>' in html
    assert 'id="metro-panel"' not in html


def test_typed_text_resolves_like_the_track_pages(client, page_snapshots):
    response = client.get("/occupations/29-1141/", {"metro": "Raleigh"})
    assert response.status_code == 302
    assert response["Location"] == "/occupations/29-1141/?metro=39580#here"
    html = metro_page(client, "29-1141", "north carolina")
    listed = re.findall(r'href="/occupations/29-1141/\?metro=(\d{5})#here"', html)
    assert RALEIGH in listed and len(listed) > 5
    assert 'id="metro-panel"' not in html


def test_a_code_with_no_figures_says_so(client, page_snapshots):
    html = metro_page(client, "29-1141", "99999", status=404)
    assert "BLS publishes no figures for Registered Nurses in a metro area with the code “99999”" in text(
        html
    )


def test_query_budgets(client, page_snapshots, django_assert_num_queries):
    # With the caches cleared, each request first reads the data generation (one query), then:
    asked = [
        ("", 3, 200),  # the page's snapshot, the tracks that include it
        (RALEIGH, 4, 200),  # and the one metro's view
        ("north carolina", 3, 200),  # typed text resolves against the stored page
        ("Raleigh", 2, 302),
        ("99999", 3, 404),  # a code the page has no metro for: no view read
    ]
    for metro, queries, status in asked:
        clear_caches()
        with django_assert_num_queries(queries):
            assert client.get("/occupations/29-1141/", {"metro": metro}).status_code == status
    client.get("/occupations/29-1141/", {"metro": RALEIGH})
    with django_assert_num_queries(0):  # a metro view is then served whole from the public-page cache
        assert client.get("/occupations/29-1141/", {"metro": RALEIGH}).status_code == 200


def test_figures_come_before_the_descriptions_and_words_are_the_occupation_s(client, page_snapshots):
    html = metro_page(client, "15-1252", "")
    positions = [
        html.index(f'id="{key}"') for key in ("fact-us_jobs", "here", "pay", "getting-in", "the-work")
    ]
    assert positions == sorted(positions)
    description = "Research, design, and develop computer and network software"
    body = html.index('id="top"')  # (the JSON-LD in the head carries a description too)
    assert html.index('id="fact-median_pay"') < html.index(description, body)
    assert "the occupation's jobs" in html
    assert "track's jobs" not in html and "track’s jobs" not in html and "track jobs" not in html


@needs_upstream
@pytest.mark.parametrize("code", ["29-1141", "47-2111", "23-1011"])  # nurses, electricians, lawyers
def test_how_people_get_in_equals_the_projections_file_and_job_zones(client, page_snapshots, code):
    projections = pd.read_csv(upstream_file(PROJECTIONS_CSV), dtype=str, keep_default_na=False)
    row = projections[projections.occ_code == code].iloc[0]
    zones = pd.read_csv(JOB_ZONES, sep="\t", dtype=str)
    expected_zones = sorted({int(z) for z in zones[zones["O*NET-SOC Code"].str[:7] == code]["Job Zone"]})
    html = page(client, code)
    block = html[html.index('id="getting-in"') : html.index("</section>", html.index('id="getting-in"'))]
    items = {text(dt): text(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)}
    assert items["Typical education needed to enter"] == row.education
    assert items["Work experience in a related occupation"] == row.experience
    assert items["Typical on-the-job training"] == row.training
    assert [int(z) for z in re.findall(r"<p>(\d) of 5: ", block)] == expected_zones
    assert items["Licensing"].startswith("not in O*NET data")

"""The career-moves page and its CSV on the real federal data: every pay figure against an independent
recomputation from the upstream BLS/BEA files (tests/pages/upstream.py: pandas, the documented rules,
never the site's code), the sanity cases a reader would check, the query budget and bad input."""

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from django.conf import settings
from django.urls import reverse

from tests.pages.upstream import RPP_MSA, UPSTREAM, needs_upstream, rpp, upstream_file

pytestmark = pytest.mark.django_db

TOP = 239_200
PROJECTIONS = UPSTREAM / "projections" / "ep_occupation_projections_2024_34.csv"
FIRST_COLUMNS = [
    "soc",
    "title",
    "skill_similarity",
    "median_pay",
    "median_pay_us_prices",
    "pay_change",
    "annual_openings",
    "entry_education",
]


@pytest.fixture(scope="module")
def projections():
    frame = pd.read_csv(upstream_file(PROJECTIONS), dtype=str, keep_default_na=False)
    return {row.occ_code: row for row in frame[frame.occ_type == "Line item"].itertuples()}


def moves_csv(client, code, **params) -> list[dict]:
    response = client.get(reverse("occupation_moves_csv", kwargs={"code": code}), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert reader.fieldnames[:8] == FIRST_COLUMNS
    return list(reader)


def median_cell(oews, code: str, area: str):
    """The upstream median annual wage: an int, "top" (BLS '#' or at/above the top code), or None
    (no row, or '*'/'**')."""
    rows = oews[oews.AREA.eq(area) & oews.NAICS.eq("000000") & oews.OCC_CODE.eq(code)]
    if rows.empty:
        return None
    cell = rows.iloc[0].A_MEDIAN
    if cell == "#" or (cell not in ("*", "**", "") and Decimal(cell) >= TOP):
        return "top"
    return None if cell in ("*", "**", "") else int(cell)


def csv_money(value) -> str:
    return {"top": f">={TOP}", None: ""}.get(value, str(value)) if not isinstance(value, int) else str(value)


def expected_change(own, other) -> str:
    if isinstance(own, int) and isinstance(other, int):
        return str(other - own)
    if isinstance(own, int) and other == "top":
        return f">={TOP - own}"
    if own == "top" and isinstance(other, int):
        return f"<={other - TOP}"
    return ""


def expected_us_prices(value, parity: Decimal | None) -> str:
    if parity is None:  # national figures are at U.S. prices
        return csv_money(value)
    if isinstance(value, int):
        adjusted = Decimal(value) / (parity / 100)
        return str(int((adjusted / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10)
    if value == "top" and parity <= 100:
        return f">={TOP}"
    return ""


CASES = [
    ("29-1141", None),  # registered nurses: physicians' top-coded medians among the moves
    ("29-1141", "35620"),
    ("41-2011", "12060"),
    ("15-1252", "12060"),  # an unpublished median (17-2071 in Atlanta)
    ("15-1252", "41940"),  # San Jose: top-coded managers and an unpublished median
    ("29-1216", None),  # a top-coded origin: "at most" or no change
    ("29-1216", "35620"),  # published in New York: "at least" changes to top-coded moves
]


@needs_upstream
@pytest.mark.parametrize(("origin", "metro"), CASES)
def test_moves_csv_pay_equals_the_upstream_files(client, oews, projections, page_snapshots, origin, metro):
    rows = moves_csv(client, origin, **({"metro": metro} if metro else {}))
    assert len(rows) >= 10
    assert origin not in {r["soc"] for r in rows}
    area = metro or "99"
    parity = rpp(RPP_MSA, metro) if metro else None
    own = median_cell(oews, origin, area)
    for row in rows:
        other = median_cell(oews, row["soc"], area)
        assert row["median_pay"] == csv_money(other), row
        assert row["median_pay_us_prices"] == expected_us_prices(other, parity), row
        assert row["pay_change"] == expected_change(own, other), row
        projection = projections.get(row["soc"])
        openings = (
            str(
                int((Decimal(projection.openings_annual) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            )
            if projection
            else ""
        )
        assert row["annual_openings"] == openings
        assert row["entry_education"] == (projection.education if projection else "")
        assert 0 <= int(row["skill_similarity"]) <= 100
        assert row["move_type"] in ("step up", "lateral", "step back")
        assert row["reliability"] in ("", "firm") or row["reliability"].startswith("rough estimate: ")
        if metro is None:
            assert row["area"] == "United States"
        else:
            assert row["area"] == oews[oews.AREA.eq(metro)].AREA_TITLE.iloc[0]


@needs_upstream
def test_the_cases_cover_top_coded_and_unpublished_figures(client, oews, page_snapshots):
    """The cases above are not vacuous: they include top-coded pay, top-coded changes both ways, and
    unpublished medians."""
    nurses = moves_csv(client, "29-1141")
    assert any(
        r["median_pay"] == ">=239200" and r["pay_change"] == ">=141650" for r in nurses
    )  # 239,200 - 97,550
    doctors = moves_csv(client, "29-1216")
    assert any(r["pay_change"].startswith("<=-") for r in doctors)
    assert any(r["median_pay"] == ">=239200" and r["pay_change"] == "" for r in doctors)
    atlanta = moves_csv(client, "15-1252", metro="12060")
    assert any(r["median_pay"] == "" and r["jobs"] != "" for r in atlanta)  # jobs published, median not


@needs_upstream
def test_nurse_practitioners_are_among_the_first_moves_up_for_registered_nurses(client, page_snapshots):
    ups = [r for r in moves_csv(client, "29-1141") if r["move_type"] == "step up"]
    assert "29-1171" in [r["soc"] for r in ups[:5]]
    practitioners = next(r for r in ups if r["soc"] == "29-1171")
    assert int(practitioners["skill_similarity"]) >= 90
    assert practitioners["onet_relatedness_tier"] == "Primary-Short"


def test_cashiers_have_several_moves_that_pay_more_without_a_degree(client, page_snapshots):
    rows = moves_csv(client, "41-2011", pays_more="1", no_new_degree="1")
    assert len(rows) >= 5
    for row in rows:
        assert int(row["pay_change"]) > 0
        assert row["entry_education"] in (
            "No formal educational credential",
            "High school diploma or equivalent",
            "Some college, no degree",
            "Postsecondary nondegree award",
        )


def test_moves_page_budget_markup_and_chart(client, page_snapshots, django_assert_max_num_queries):
    from salaries.generation import current_generation

    current_generation()  # held in the cache between requests; not part of a page's budget
    with django_assert_max_num_queries(2):  # the moves row; the metro names
        response = client.get("/occupations/29-1141/moves/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not response.cookies
    assert '<link rel="canonical" href="' + settings.SITE_URL + '/occupations/29-1141/moves/">' in html
    assert "Nurse Practitioners" in html and "step up" in html
    assert "$239,200 or more" in html  # top-coded physicians
    figure = json.loads(re.search(r'id="chart-data-moves"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert {t["name"] for t in figure["data"]} <= {"Step up", "Lateral", "Step back"}
    assert 'name="metro"' in html and 'name="pays_more"' in html
    assert "<script>" not in html  # no inline script
    with django_assert_max_num_queries(2):  # the moves row; the metro's row and the names
        metro = client.get("/occupations/29-1141/moves/", {"metro": "35620"})
    assert metro.status_code == 200
    assert "New York-Newark-Jersey City, NY-NJ" in metro.content.decode()
    with django_assert_max_num_queries(2):
        assert client.get("/occupations/29-1141/data/moves.csv", {"metro": "35620"}).status_code == 200


def test_moves_are_linked_from_the_occupation_page_and_the_ladder(client, page_snapshots):
    assert 'href="/occupations/29-1141/moves/"' in client.get("/occupations/29-1141/").content.decode()
    track = client.get(reverse("tracks:detail", args=["nursing"])).content.decode()
    assert re.search(r'href="/occupations/\d\d-\d{4}/moves/"', track)


def test_typed_metro_text_and_bad_input(client, page_snapshots):
    one = client.get("/occupations/29-1141/moves/", {"metro": "raleigh"})
    assert one.status_code == 302 and one["Location"] == "/occupations/29-1141/moves/?metro=39580#moves"
    none = client.get("/occupations/29-1141/moves/", {"metro": "zzzz nowhere"})
    assert none.status_code == 404 and "No metro area matches" in none.content.decode()
    assert client.get("/occupations/29-1141/moves/", {"metro": "99999"}).status_code == 404
    assert client.get("/occupations/29-1141/data/moves.csv", {"metro": "99999"}).status_code == 404
    assert client.get("/occupations/29-11410/moves/").status_code == 404
    assert client.get("/occupations/99-9998/moves/").status_code == 404

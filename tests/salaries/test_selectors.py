"""salaries.selectors: the page-level reads of the federal data, one query each, on the real data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salaries import selectors as data
from salaries.models import DataRelease

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = pytest.mark.federal

# --------------------------------------------------------------------------------------------------
# Reads against the real data


@pytest.mark.django_db
def test_current_releases_are_the_newest_of_each_source():
    releases = data.current_releases()
    assert releases[DataRelease.Source.OEWS].vintage == "May 2025"
    assert set(releases) == set(DataRelease.objects.values_list("source", flat=True))


@pytest.mark.django_db
def test_survey_year():
    assert data.survey_year(DataRelease(vintage="May 2025")) == 2025
    assert data.survey_year(DataRelease(vintage="29.3")) is None
    assert data.survey_year(None) is None


@pytest.mark.django_db
def test_track_wage_rows_is_one_query_with_the_2024_rpp_on_metro_totals():
    release_id = data.current_releases()["oews"].pk
    with CaptureQueriesContext(connection) as queries:
        rows = data.track_wage_rows(
            release_id=release_id,
            codes=["15-1252"],
            sector_only_codes=["13-1111"],
            oews_year=2025,
        )
    assert len(queries) == 1
    san_jose = [r for r in rows if r["area_id"] == "41940" and r["occupation_id"] == "00-0000"]
    assert len(san_jose) == 1 and san_jose[0]["rpp_year"] == 2024
    assert san_jose[0]["rpp"] == pytest.approx(110.423)
    industries = {r["industry_id"] for r in rows if r["area_id"] == data.NATIONAL_AREA}
    assert "000000" in industries and len(industries - {"000000"}) <= 20
    assert not any(code.startswith("999") for code in industries)
    # Related tracks' codes come only nationally.
    assert {r["area_id"] for r in rows if r["occupation_id"] == "13-1111"} == {data.NATIONAL_AREA}


@pytest.mark.django_db
def test_history_rows_reach_back_through_the_crosswalk_with_may_cpi():
    rows = data.track_history_rows(codes=["15-1252"])
    years = {r["year"] for r in rows}
    assert {2012, 2018, 2021, 2024, 2025} <= years
    assert any(r["occ_code"] == "15-1132" for r in rows)  # SOC 2010 software developers, applications
    may_2023 = next(r for r in rows if r["year"] == 2023)
    assert float(may_2023["cpi_may"]) == pytest.approx(304.127)  # CPI-U May 2023 (PROVENANCE spot check)

"""Survey-year figures (the trend charts) against an independent recomputation from the OEWS history
file (../shared/data/oews-history), and the crosswalk rules of pages.track.history on hand-built rows.

The codes that stand for each track in each year are written out here by hand from the SOC 2010 to 2018
crosswalk and BLS's notes on the 2019-2020 hybrid structure (not computed by the code under test).
"""

import csv
import io

import pandas as pd
import pytest
from django.conf import settings
from django.urls import reverse

from pages.snapshots import build_track
from pages.track.history import plan_history, year_ranges
from tests.caches import clear_caches
from tests.pages.track.test_views import Occupation, mixture_quantile
from tracks.models import Track

pytestmark = pytest.mark.django_db

HISTORY_FILE = settings.WORKFORCE_SOURCE_DIR / "oews-history" / "oews_national_2011_2024.csv.gz"
needs_upstream = pytest.mark.skipif(not HISTORY_FILE.exists(), reason="upstream history file not found")

MANUFACTURING_2018 = [
    "11-3051",
    "17-2112",
    "17-3026",
    "49-9041",
    "51-1011",
    "51-2028",
    "51-4041",
    "51-4111",
    "51-4121",
    "51-9061",
]
# The SOC 2018 track; in 2019-2020 BLS published every one of these codes in its own right.
MANUFACTURING = [*MANUFACTURING_2018, "51-2090", "51-9161", "51-9162"]
# 2017-2018 (SOC 2010): 51-2098 is OEWS's "assemblers and fabricators, all other, including team
# assemblers" (= the SOC 2018 51-2090); CNC operators and programmers were inside 51-4011, 51-4012 and the
# production residual 51-9199. 51-2091/51-2093 went to 51-2051/51-2061, outside the track.
MANUFACTURING_2017 = [*MANUFACTURING_2018, "51-2098", "51-4011", "51-4012", "51-9199"]
SKILLED_TRADES = [
    "47-1011", "47-2031", "47-2111", "47-2152", "47-2211", "47-3013", "47-3015", "47-4021",
    "49-1011", "49-3023", "49-3031", "49-3042", "49-9021", "49-9051",
]  # fmt: skip
NURSING = ["25-1072", "29-1141", "29-1151", "29-1161", "29-1171", "29-2061", "31-1131"]
NURSING_2010 = [*NURSING[:-1], "31-1014"]  # nursing assistants were 31-1014 before SOC 2018
SALES = ["11-2022", "41-1012", "41-3011", "41-3021", "41-3091", "41-4011", "41-4012", "41-9031"]
SALES_2010 = [c if c != "41-3091" else "41-3099" for c in SALES]  # 41-3091 was inside 41-3099

EXPECTED_CODES = {
    "manufacturing": {2017: MANUFACTURING_2017, 2018: MANUFACTURING_2017, 2019: MANUFACTURING,
                      2020: MANUFACTURING, 2021: MANUFACTURING},
    "skilled-trades": dict.fromkeys((2017, 2018, 2019, 2020, 2021), SKILLED_TRADES),
    "nursing": {2017: NURSING_2010, 2018: NURSING_2010, 2019: NURSING, 2020: NURSING, 2021: NURSING},
    "sales": {2017: SALES_2010, 2018: SALES_2010, 2019: SALES, 2020: SALES, 2021: SALES},
}  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="module")
def history():
    frame = pd.read_csv(HISTORY_FILE, dtype=str, keep_default_na=False)
    frame = frame[frame.o_group.eq("detailed")]
    return frame.rename(
        columns={
            "tot_emp": "TOT_EMP",
            "a_pct10": "A_PCT10",
            "a_pct25": "A_PCT25",
            "a_median": "A_MEDIAN",
            "a_pct75": "A_PCT75",
            "a_pct90": "A_PCT90",
        }
    )


def csv_rows(client, slug, chart):
    build_track(Track.objects.get(slug=slug))  # with this code, whatever snapshot a reused test DB holds
    response = client.get(reverse("tracks:chart_csv", kwargs={"slug": slug, "chart": chart}))
    assert response.status_code == 200
    return {int(row["year"]): row for row in csv.DictReader(io.StringIO(response.content.decode()))}


@pytest.mark.federal
@needs_upstream
@pytest.mark.parametrize("slug", sorted(EXPECTED_CODES))
def test_survey_years_equal_a_recomputation_from_the_history_file(client, history, slug):
    jobs = csv_rows(client, slug, "employment-trend")
    pay = csv_rows(client, slug, "pay-trend")
    for year, codes in EXPECTED_CODES[slug].items():
        rows = history[history.year.eq(str(year)) & history.occ_code.isin(codes)]
        assert sorted(rows.occ_code) == sorted(codes), (slug, year)  # every code is published that year
        employment = sum(int(v) for v in rows.TOT_EMP if v.isdigit())
        assert int(jobs[year]["employment"]) == employment, (slug, year)
        occupations = [Occupation(row) for _, row in rows.iterrows() if Occupation.usable(row)]
        median = mixture_quantile(occupations, 0.50)
        assert f"${int(pay[year]['median_annual']):,}" == median, (slug, year)


@pytest.mark.federal
@needs_upstream
def test_manufacturing_2019_2020_leave_out_production_workers_all_other_and_do_not_break_before_2021(
    client, history
):
    jobs = csv_rows(client, "manufacturing", "employment-trend")
    residual = history[history.occ_code.eq("51-9199")].set_index("year")["TOT_EMP"]
    assert (residual["2019"], residual["2020"]) == ("222230", "194360")  # the jobs the defect added
    expected_2019 = sum(
        int(v) for v in history[history.year.eq("2019") & history.occ_code.isin(MANUFACTURING)].TOT_EMP
    )
    assert int(jobs[2019]["employment"]) == expected_2019
    # One series from 2019 to the latest year: no break before 2021 (the break is before 2019, where
    # the SOC 2010 codes of 2017-2018 give way to the track's own codes).
    assert jobs[2021]["soc_break"] in ("False", "")
    assert jobs[2019]["soc_break"] == "True"


# --------------------------------------------------------------------------------------------------
# The rules, on hand-built rows


def _row(year, code, basis, employment=1000):
    return {
        "year": year,
        "occ_code": code,
        "soc_basis": basis,
        "employment": employment,
        "annual_p10": 30000,
        "annual_p25": 35000,
        "annual_median": 40000,
        "annual_p75": 45000,
        "annual_p90": 50000,
        "top_coded_fields": [],
        "o_group": "detailed",
    }


CROSSWALK = [
    {"soc2010_code": "51-9199", "soc2018_code": "51-9161"},
    {"soc2010_code": "51-9199", "soc2018_code": "51-9162"},
    {"soc2010_code": "51-9199", "soc2018_code": "51-9199"},
    {"soc2010_code": "51-2091", "soc2018_code": "51-2051"},
    {"soc2010_code": "51-2092", "soc2018_code": "51-2092"},
    {"soc2010_code": "51-2093", "soc2018_code": "51-2061"},
    {"soc2010_code": "51-2099", "soc2018_code": "51-2099"},
]
TRACK = ["51-2090", "51-9161", "51-9162"]
HYBRID, SOC2010, SOC2018 = "SOC2010/2018 hybrid", "SOC2010", "SOC2018"


def test_a_hybrid_year_code_published_in_its_own_right_is_not_remapped():
    rows = [_row(2019, c, HYBRID) for c in ("51-2090", "51-9161", "51-9162", "51-9199")]
    plan = plan_history(TRACK, rows, CROSSWALK)
    assert plan.codes_by_year[2019] == ["51-2090", "51-9161", "51-9162"]
    assert plan.approximate_years == []


def test_a_hybrid_year_code_still_holding_split_off_work_is_remapped():
    # 51-9162 is not published separately: 51-9199 still holds it, so it stands for its 2018 targets.
    rows = [_row(2019, c, HYBRID) for c in ("51-2090", "51-9161", "51-9199")]
    plan = plan_history(TRACK, rows, CROSSWALK)
    assert plan.codes_by_year[2019] == ["51-2090", "51-9161", "51-9199"]
    assert plan.approximate_years == [2019]


def test_codes_the_crosswalk_sends_outside_the_track_are_not_folded_in_by_prefix():
    rows = [_row(2018, c, SOC2010) for c in ("51-2091", "51-2092", "51-2093", "51-2099", "51-9199")]
    plan = plan_history(TRACK, rows, CROSSWALK)
    assert plan.codes_by_year[2018] == ["51-2092", "51-2099", "51-9199"]


def test_an_oews_aggregate_under_a_track_broad_group_counts_toward_it():
    rows = [_row(2018, c, SOC2010) for c in ("51-2091", "51-2098", "51-9199")]
    plan = plan_history(TRACK, rows, CROSSWALK)
    assert plan.codes_by_year[2018] == ["51-2098", "51-9199"]


def test_the_series_breaks_only_where_the_codes_change():
    rows = [_row(2018, c, SOC2010) for c in ("51-2098", "51-9199")]
    rows += [_row(y, c, HYBRID) for y in (2019, 2020) for c in ("51-2090", "51-9161", "51-9162", "51-9199")]
    rows += [_row(2021, c, SOC2018) for c in ("51-2090", "51-9161", "51-9162", "51-9199")]
    plan = plan_history(TRACK, rows, CROSSWALK)
    assert plan.breaks == {2019}


def history_row(year, code, employment, median=50_000, basis="SOC2018"):
    return {
        "year": year,
        "occ_code": code,
        "soc_basis": basis,
        "employment": employment,
        "annual_p10": median - 20_000,
        "annual_p25": median - 10_000,
        "annual_median": median,
        "annual_p75": median + 10_000,
        "annual_p90": median + 20_000,
        "top_coded_fields": [],
        "cpi_may": 250.0 + year - 2011,
    }


def pair(old, new):
    return {"soc2010_code": old, "soc2010_title": old, "soc2018_code": new, "soc2018_title": new}


# --------------------------------------------------------------------------------------------------
# Which codes stand for a track in each survey year (pure)


def test_a_renamed_code_joins_the_series_without_a_break():
    rows = [history_row(2018, "11-9199", 100, basis="SOC2010"), history_row(2021, "11-9199", 120)]
    plan = plan_history(["11-9199"], rows, [pair("11-9199", "11-9199")])
    assert sorted(plan.rows_by_year) == [2018, 2021]
    assert plan.codes_by_year == {2018: ["11-9199"], 2021: ["11-9199"]}
    assert plan.breaks == {2021}  # 2019 and 2020 are missing from the rows: not joined across the gap
    assert plan.approximate_years == []


def test_a_split_code_is_used_but_marked_approximate_and_broken_off():
    # 15-1132 (SOC 2010) became 15-1252 and 15-1253; the track holds only 15-1252.
    rows = [
        history_row(2017, "15-1132", 800, basis="SOC2010"),
        history_row(2018, "15-1132", 820, basis="SOC2010"),
        history_row(2019, "15-1252", 700, basis="SOC2018"),
        history_row(2020, "15-1252", 720, basis="SOC2018"),
    ]
    crosswalk = [pair("15-1132", "15-1252"), pair("15-1132", "15-1253")]
    plan = plan_history(["15-1252"], rows, crosswalk)
    assert plan.codes_by_year[2017] == ["15-1132"]
    assert plan.approximate_years == [2017, 2018]
    assert plan.breaks == {2019}
    assert plan.missing_years == {}


def test_a_year_without_a_counterpart_for_every_code_is_left_out():
    rows = [
        history_row(2021, "13-1082", 10),
        history_row(2021, "13-1111", 20),
        history_row(2020, "13-1111", 18, basis="SOC2010/2018 hybrid"),
        history_row(2020, "13-1198", 40, basis="SOC2010/2018 hybrid"),  # a combined code: no counterpart
    ]
    plan = plan_history(["13-1082", "13-1111"], rows, [pair("13-1111", "13-1111")])
    assert plan.missing_years == {2020: ["13-1082"]}
    assert sorted(plan.rows_by_year) == [2021]
    assert [d.occupation_code for d in plan.rows_by_year[2021]] == ["13-1082", "13-1111"]


def test_a_broad_group_published_as_detailed_stands_for_its_codes():
    # 2019-2020 published 11-3010 for 11-3012 (not in the track) and 11-3013 (in the track).
    rows = [
        history_row(2019, "11-3010", 300, basis="SOC2010/2018 hybrid"),
        history_row(2021, "11-3013", 120),
    ]
    crosswalk = [pair("11-3011", "11-3012"), pair("11-3011", "11-3013")]
    plan = plan_history(["11-3013"], rows, crosswalk)
    assert plan.codes_by_year == {2019: ["11-3010"], 2021: ["11-3013"]}
    assert plan.approximate_years == [2019]


def test_a_track_code_that_is_itself_a_broad_group_collects_old_detailed_codes():
    # OEWS publishes 13-1020 (buyers and purchasing agents) as one line; SOC 2010 had three codes.
    rows = [history_row(2016, c, 100, basis="SOC2010") for c in ("13-1021", "13-1022", "13-1023")]
    rows.append(history_row(2021, "13-1020", 320))
    crosswalk = [pair(c, c) for c in ("13-1021", "13-1022", "13-1023")]
    plan = plan_history(["13-1020"], rows, crosswalk)
    assert plan.codes_by_year[2016] == ["13-1021", "13-1022", "13-1023"]
    assert plan.approximate_years == []


def test_cpi_of_each_may_comes_with_the_rows():
    plan = plan_history(["11-1021"], [history_row(2012, "11-1021", 5)], [])
    assert plan.cpi_may == {2012: 251.0}


def test_year_ranges():
    assert year_ranges([2019, 2011, 2012, 2013, 2021, 2020]) == "2011–2013, 2019–2021"
    assert year_ranges([2015]) == "2015"
    assert year_ranges([]) == ""

"""tracks.selectors and salaries.selectors: the track page's reads and the pure helpers behind them."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salaries import selectors as data
from salaries.models import DataRelease
from tracks import selectors
from tracks.models import RelatedTrack, Role, Track, TrackIndustry, TrackOccupation


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    plan = selectors.plan_history(["11-9199"], rows, [pair("11-9199", "11-9199")])
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
    plan = selectors.plan_history(["15-1252"], rows, crosswalk)
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
    plan = selectors.plan_history(["13-1082", "13-1111"], rows, [pair("13-1111", "13-1111")])
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
    plan = selectors.plan_history(["11-3013"], rows, crosswalk)
    assert plan.codes_by_year == {2019: ["11-3010"], 2021: ["11-3013"]}
    assert plan.approximate_years == [2019]


def test_a_track_code_that_is_itself_a_broad_group_collects_old_detailed_codes():
    # OEWS publishes 13-1020 (buyers and purchasing agents) as one line; SOC 2010 had three codes.
    rows = [history_row(2016, c, 100, basis="SOC2010") for c in ("13-1021", "13-1022", "13-1023")]
    rows.append(history_row(2021, "13-1020", 320))
    crosswalk = [pair(c, c) for c in ("13-1021", "13-1022", "13-1023")]
    plan = selectors.plan_history(["13-1020"], rows, crosswalk)
    assert plan.codes_by_year[2016] == ["13-1021", "13-1022", "13-1023"]
    assert plan.approximate_years == []


def test_cpi_of_each_may_comes_with_the_rows():
    plan = selectors.plan_history(["11-1021"], [history_row(2012, "11-1021", 5)], [])
    assert plan.cpi_may == {2012: 251.0}


def test_year_ranges():
    assert selectors.year_ranges([2019, 2011, 2012, 2013, 2021, 2020]) == "2011–2013, 2019–2021"
    assert selectors.year_ranges([2015]) == "2015"
    assert selectors.year_ranges([]) == ""


# --------------------------------------------------------------------------------------------------
# Home page sorting


def summary(name, median=None, jobs=None, growth=None):
    from salaries.statistics.wages import Quantile

    return selectors.TrackSummary(
        slug=name.lower(),
        name=name,
        title=f"Careers in {name}",
        url=f"/tracks/{name.lower()}/",
        description="",
        occupation_titles=(),
        codes=(),
        median=Quantile(median) if median is not None else None,
        jobs=jobs,
        growth=growth,
    )


def test_parse_sort():
    assert selectors.parse_sort("pay") == ("pay", False)
    assert selectors.parse_sort("-pay") == ("pay", True)
    assert selectors.parse_sort(" -growth ") == ("growth", True)
    for junk in (None, "", "-", "salary", "--pay", "name;drop", "PAY"):
        assert selectors.parse_sort(junk) == ("name", False), junk


def test_sort_tracks_puts_missing_figures_last_either_way():
    tracks = [summary("B", 50_000, 10, 1.0), summary("A", 70_000, 5, None), summary("C", None, 20, -2.0)]
    assert [t.name for t in selectors.sort_tracks(tracks, "pay", True)] == ["A", "B", "C"]
    assert [t.name for t in selectors.sort_tracks(tracks, "pay", False)] == ["B", "A", "C"]
    assert [t.name for t in selectors.sort_tracks(tracks, "growth", True)] == ["B", "C", "A"]
    assert [t.name for t in selectors.sort_tracks(tracks, "name", False)] == ["A", "B", "C"]


# --------------------------------------------------------------------------------------------------
# JSON-LD escaping


def test_ld_json_escapes_like_json_script():
    text = selectors.ld_json({"a": "</script><b>&</b>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&</b>"}


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


# --------------------------------------------------------------------------------------------------
# The admin preview: unsaved instances


@pytest.mark.django_db
def test_the_page_context_works_on_unsaved_instances_and_writes_nothing():
    related = Track.objects.published().get(slug="supply-chain-logistics")
    track = Track(slug="preview-only", name="Preview Only", lede="Pays [[median_pay]].", meta_description="x")
    occupations = [TrackOccupation(track=track, occupation_id=code) for code in ("11-1021", "11-3071")]
    roles = [
        Role(track=track, title="Coordinator", level="entry", order=1, occupation_id="43-1011", work="w"),
        Role(track=track, title="Manager", level="executive", order=2, occupation_id="11-1021", work="w"),
    ]
    notes = [TrackIndustry(track=track, industry_id="31--34", note="Plants.", order=1)]
    links = [RelatedTrack(track=track, related=related, kind="skills", note="Close cousins.", order=1)]
    tracks_before = Track.objects.count()
    with CaptureQueriesContext(connection) as queries:
        context = selectors.track_page_context(
            track=track,
            occupations=occupations,
            roles=roles,
            industry_notes=notes,
            links=links,
            metro_code="99999",
            preview=True,
        )
    assert all(q["sql"].lstrip("( ").upper().startswith("SELECT") for q in queries.captured_queries)
    assert len(queries) <= 7  # releases, five datasets, the related track's occupations
    assert Track.objects.count() == tracks_before
    assert context["preview"] is True
    assert context["metro"] is None and "99999" in context["metro_error"]
    assert context["lede_html"] == f"<p>Pays {context['hero']['facts'][1]['value']}.</p>"
    assert [r["title"] for r in context["ladder"]["rungs"]] == ["Coordinator", "Manager"]
    assert context["related"]["skills"][0]["name"] == related.name
    assert context["related"]["skills"][0]["evidence"]  # computed from skills and industries
    assert all(chart.csv_url == "" for chart in context["chart_list"])  # nothing to download yet


@pytest.mark.django_db
def test_an_unknown_metro_raises_for_the_public_page():
    track = Track.objects.published().get(slug="operations")
    with pytest.raises(selectors.MetroNotFound):
        selectors.track_page_context_for(track, "99999")
    with pytest.raises(selectors.MetroNotFound):
        selectors.track_page_context_for(track, "not-a-code")


@pytest.mark.django_db
def test_track_summaries_are_read_from_the_snapshots():
    with CaptureQueriesContext(connection) as queries:
        first = selectors.track_summaries()
    assert len(queries) == 2  # the releases (vintages) and the snapshots' rows; nothing is computed
    assert first == selectors.track_summaries()
    assert {s.slug for s in first["tracks"]} == set(Track.objects.published().values_list("slug", flat=True))


@pytest.mark.django_db
def test_a_new_track_with_no_parts_yet_still_previews():
    from django.template.loader import render_to_string

    track = Track(slug="brand-new", name="Brand New", lede="", meta_description="")
    context = selectors.track_page_context(
        track=track, occupations=[], roles=[], industry_notes=[], links=[], preview=True
    )
    assert context["hero"]["facts"][0]["value"] == "not available"
    assert all(not chart.available for chart in context["chart_list"])
    html = render_to_string("pages/track/detail.html", context)
    assert "<h1>Careers in Brand New</h1>" in html
    assert html.count("No published figures for this chart.") == len(context["chart_list"])

"""The loaded data equals what the upstream files publish (exact figures), markers included.

The session's test database holds the real fixtures (see tests/conftest.py). Figures below are read
off the upstream files in ../shared/data and their PROVENANCE.md spot checks.
"""

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from django.db.models import Count

from salaries.importers.bls import SourceFormatError, resolve
from salaries.importers.fixtures import read_manifest
from salaries.importers.release import sha256_of
from salaries.models import (
    AlternateTitle,
    Area,
    CpiMonth,
    DataRelease,
    Industry,
    JobZone,
    NationalOccupationYear,
    OccupationEducation,
    OccupationKnowledge,
    OccupationSkill,
    OccupationTechnology,
    OnetOccupation,
    PriceParity,
    Projection,
    RelatedOccupation,
    WageEstimate,
)
from tests.pages.upstream import upstream_file

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = pytest.mark.federal

SOURCE_DIR = settings.WORKFORCE_SOURCE_DIR
FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "workforce"
TOP_CODE_2025 = 239_200


def national(occupation, industry="000000"):
    return WageEstimate.objects.get(
        release__source="oews", area_id="99", industry_id=industry, occupation_id=occupation
    )


# --- Marker handling, without a database ---------------------------------------------------------------


def test_resolve_turns_markers_into_nulls_and_flags():
    frame = pd.DataFrame(
        {"TOT_EMP": ["3503020", "**", "120"], "A_PCT90": ["253390", "*", "#"], "JOBS_1000": ["", "**", "1.5"]}
    )
    out = resolve(
        frame,
        {"TOT_EMP": "employment", "A_PCT90": "annual_p90", "JOBS_1000": "jobs_per_1000"},
        integer={"employment", "annual_p90"},
    )
    assert out["employment"].tolist() == ["3503020", "", "120"]
    assert out["annual_p90"].tolist() == ["253390", "", ""]
    assert out["jobs_per_1000"].tolist() == ["", "", "1.5"]
    assert [json.loads(v) for v in out["suppressed_fields"]] == [
        [],
        ["employment", "annual_p90", "jobs_per_1000"],
        [],
    ]
    assert [json.loads(v) for v in out["top_coded_fields"]] == [[], [], ["annual_p90"]]


@pytest.mark.parametrize("cell", ["n/a", "1,2.3.4", "-", "12.5"])
def test_resolve_refuses_unknown_markers_and_fractional_integers(cell):
    with pytest.raises(SourceFormatError):
        resolve(pd.DataFrame({"TOT_EMP": [cell]}), {"TOT_EMP": "employment"}, integer={"employment"})


# --- OEWS May 2025 -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_general_and_operations_managers_national_may_2025():
    row = national("11-1021")
    assert row.release.vintage == "May 2025"
    assert row.employment == 3_503_020
    assert row.annual_median == 105_770
    assert row.annual_mean == 134_940
    # The May 2025 file publishes this 90th percentile as a number ($253,390, $121.82/hour), not '#':
    # this release's top code is not $239,200 (see the report / importer notes).
    assert row.annual_p90 == 253_390
    assert row.hourly_p90 == Decimal("121.82")
    assert row.top_coded_fields == []
    assert row.suppressed_fields == []
    assert row.jobs_per_1000 is None  # not applicable nationally, and not flagged as suppressed


@pytest.mark.django_db
def test_logisticians_national_may_2025():
    row = national("13-1081")
    assert (row.employment, row.annual_median) == (251_040, 82_320)


@pytest.mark.django_db
def test_top_coded_value_is_null_and_flagged_never_a_number():
    # Albany, OR, Family Medicine Physicians: every wage cell is '#' in the source.
    row = WageEstimate.objects.get(area_id="10540", industry_id="000000", occupation_id="29-1215")
    assert row.employment == 50
    assert row.annual_p90 is None and row.annual_median is None and row.hourly_p90 is None
    assert row.is_top_coded("annual_p90") and row.is_top_coded("annual_median")
    assert not row.is_suppressed("annual_p90")


@pytest.mark.django_db
def test_every_top_coded_percentile_is_stored_as_null():
    # 374 A_PCT90 cells are '#' in the May 2025 file, 353 of them in the rows kept (cross-industry:
    # 350, national sectors: 3; the other 21 are in 3- to 6-digit industry rows). Each is NULL and flagged.
    nulls = WageEstimate.objects.filter(release__source="oews", annual_p90__isnull=True)
    flags = list(nulls.values_list("top_coded_fields", "suppressed_fields"))
    assert sum("annual_p90" in top for top, _ in flags) == 353
    assert all("annual_p90" in top or "annual_p90" in suppressed for top, suppressed in flags)


@pytest.mark.django_db
def test_history_top_code_is_null_not_a_number_above_the_top_code():
    # May 2024 (top code $239,200): 11-1021's 90th percentile is '#'.
    row = NationalOccupationYear.objects.get(year=2024, occ_code="11-1021", o_group="detailed")
    assert row.annual_p90 is None
    assert row.top_coded_fields == ["annual_p90"]
    over = NationalOccupationYear.objects.filter(year__gte=2022, year__lte=2024, annual_p90__gt=TOP_CODE_2025)
    assert not over.exists()


@pytest.mark.django_db
def test_suppressed_metro_values_are_null_and_flagged():
    # Abilene, TX: claims adjusters' employment is '**'; software QA analysts' wages are '*'.
    employment = WageEstimate.objects.get(area_id="10180", industry_id="000000", occupation_id="13-1031")
    assert employment.employment is None and employment.employment_rse is None
    assert employment.is_suppressed("employment")
    assert employment.annual_median == 35_580
    wages = WageEstimate.objects.get(area_id="10180", industry_id="000000", occupation_id="15-1254")
    assert wages.employment == 60
    assert wages.annual_median is None and wages.hourly_median is None
    assert wages.is_suppressed("annual_median") and not wages.is_top_coded("annual_median")


@pytest.mark.django_db
def test_areas_and_rows_kept():
    assert Area.objects.get(code="99").area_type == Area.AreaType.NATIONAL
    assert Area.objects.get(code="41940").area_type == Area.AreaType.METRO
    assert Area.objects.get(code="06").state == "CA"
    counts = dict(Area.objects.values_list("area_type").annotate(n=Count("code")).order_by())
    assert counts == {"national": 1, "state": 51, "territory": 3, "metro": 393, "nonmetro": 135}
    assert WageEstimate.objects.filter(release__source="oews").count() == 251_764


@pytest.mark.django_db
def test_sectors_partition_cross_industry_employment_and_government_designations_do_not():
    sectors = Industry.objects.filter(level=Industry.Level.SECTOR)
    assert sectors.count() == 20
    assert set(Industry.objects.filter(level=Industry.Level.GOVERNMENT).values_list("code", flat=True)) == {
        "999101",
        "999201",
        "999301",
    }
    total = national("00-0000").employment
    by_sector = sum(
        WageEstimate.objects.filter(
            area_id="99", occupation_id="00-0000", industry__level=Industry.Level.SECTOR
        ).values_list("employment", flat=True)
    )
    assert (total, by_sector) == (155_495_730, 155_495_740)  # equal within BLS rounding to tens
    assert national("11-1021", "54--55").employment == 438_720


# --- History, projections, RPP, CPI ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "employment", "median"),
    [
        (2011, 1_805_030, 95_150),
        (2020, 2_347_420, 103_650),
        (2023, 3_507_810, 101_280),
        (2025, 3_503_020, 105_770),
    ],
)
def test_history_general_and_operations_managers(year, employment, median):
    row = NationalOccupationYear.objects.get(year=year, occ_code="11-1021", o_group="detailed")
    assert (row.employment, row.annual_median) == (employment, median)


@pytest.mark.django_db
def test_history_covers_2011_to_2025_once_per_key():
    years = set(NationalOccupationYear.objects.values_list("year", flat=True))
    assert years == set(range(2011, 2026))
    assert NationalOccupationYear.objects.count() == 18_819 + 1_104
    assert NationalOccupationYear.objects.get(year=2023, occ_code="00-0000").employment == 151_853_870
    # 2025 rows come from the May 2025 release, earlier ones from the history release.
    assert NationalOccupationYear.objects.get(year=2025, occ_code="00-0000").release.source == "oews"


@pytest.mark.django_db
def test_projection_general_and_operations_managers():
    row = Projection.objects.get(occ_code="11-1021")
    assert (row.base_year, row.proj_year) == (2024, 2034)
    assert row.employment_base == Decimal("3712.9")
    assert row.employment_projected == Decimal("3876.8")
    assert row.change == Decimal("164.0")
    assert row.change_percent == Decimal("4.4")
    assert row.openings_annual == Decimal("308.7")
    assert row.median_wage == 102_950
    assert (row.education, row.experience, row.training) == ("Bachelor's degree", "5 years or more", "None")


@pytest.mark.django_db
def test_projection_markers():
    assert Projection.objects.count() == 1_113
    top = Projection.objects.filter(median_wage_note=">=$239,200")
    assert top.count() == 19 and not top.filter(median_wage__isnull=False).exists()
    assert Projection.objects.filter(median_wage_note="unavailable", median_wage__isnull=True).count() == 9
    assert Projection.objects.get(occ_code="13-1081").training == "None"  # a category, not a missing value


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "year", "value"),
    [
        ("41940", 2022, "115.281"),
        ("41940", 2024, "110.423"),
        ("35620", 2024, "112.563"),
        ("06", 2024, "110.720"),
    ],
)
def test_price_parities(area, year, value):
    row = PriceParity.objects.get(area_id=area, year=year)
    assert row.all_items == Decimal(value)


@pytest.mark.django_db
def test_price_parity_areas_and_gaps():
    assert PriceParity.objects.get(area_id="99", year=2024).all_items == Decimal("100.000")
    assert PriceParity.objects.get(area_id="41940", year=2024).geofips == "41940"
    assert PriceParity.objects.get(area_id="06", year=2024).geofips == "06000"
    # BEA's (NA) for Enid, OK before 2013 stays NULL.
    assert PriceParity.objects.get(area_id="21420", year=2012).all_items is None
    assert PriceParity.objects.count() == 6_613 - 2 * 17 + 17 + 51 * 17  # MSAs + U.S. + states and DC


@pytest.mark.django_db
def test_cpi_keeps_the_missing_month_empty():
    assert CpiMonth.objects.get(year=2023, month=5).value == Decimal("304.127")
    assert CpiMonth.objects.get(year=2025, month=10).value is None
    assert CpiMonth.objects.count() == 199


# --- O*NET -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_onet_general_and_operations_managers():
    occupation = OnetOccupation.objects.get(onet_code="11-1021.00")
    assert (occupation.title, occupation.soc_code, occupation.job_zone) == (
        "General and Operations Managers",
        "11-1021",
        4,
    )
    top = (
        OccupationSkill.objects.filter(onet_occupation=occupation)
        .order_by("-importance", "skill__name")
        .values_list("skill__name", "importance")[:4]
    )
    assert list(top) == [
        (name, Decimal("4.00"))
        for name in ["Active Listening", "Monitoring", "Reading Comprehension", "Speaking"]
    ]
    first = RelatedOccupation.objects.filter(onet_occupation=occupation, tier="Primary-Short").order_by(
        "rank"
    )[0]
    assert first.related_onet_code == "11-3013.00"
    assert AlternateTitle.objects.filter(onet_occupation=occupation).count() == 74
    assert OccupationSkill.objects.count() == 30_765


def _onet_frame(name):
    return pd.read_csv(
        upstream_file(SOURCE_DIR / "onet" / name),
        sep="\t",
        dtype=str,
        keep_default_na=False,
        na_values=[],
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_onet_knowledge_technology_education_and_job_zones_match_the_files():
    knowledge = _onet_frame("Knowledge.txt.gz")
    importance = knowledge[knowledge["Scale ID"].eq("IM")]
    assert OccupationKnowledge.objects.count() == len(importance) == 29_007
    row = importance[
        importance["O*NET-SOC Code"].eq("11-1011.00")
        & importance["Element Name"].eq("Administration and Management")
    ].iloc[0]
    stored = OccupationKnowledge.objects.get(
        onet_occupation_id="11-1011.00", knowledge__name="Administration and Management"
    )
    assert stored.importance == Decimal(row["Data Value"]) == Decimal("4.78")
    flagged = importance["Recommend Suppress"].eq("Y").sum()
    assert OccupationKnowledge.objects.filter(importance_suppressed=True).count() == flagged == 19

    tech = _onet_frame("Technology Skills.txt.gz")
    hot = tech["Hot Technology"].eq("Y")
    demand = tech["In Demand"].eq("Y")
    assert OccupationTechnology.objects.count() == int((hot | demand).sum())
    assert OccupationTechnology.objects.filter(in_demand=True).count() == int(demand.sum())
    python = tech[tech["O*NET-SOC Code"].eq("15-1252.00") & tech["Example"].eq("Python")].iloc[0]
    stored = OccupationTechnology.objects.get(onet_occupation_id="15-1252.00", name="Python")
    assert (stored.hot, stored.in_demand) == (python["Hot Technology"] == "Y", python["In Demand"] == "Y")

    ete = _onet_frame("Education, Training, and Experience.txt.gz")
    required = ete[ete["Scale ID"].eq("RL")]
    assert OccupationEducation.objects.count() == len(required)
    bachelors = required[required["O*NET-SOC Code"].eq("11-1011.00") & required["Category"].eq("6.0")].iloc[0]
    stored = OccupationEducation.objects.get(onet_occupation_id="11-1011.00", category=6)
    assert (stored.label, stored.percent) == ("Bachelor's Degree", Decimal(bachelors["Data Value"]))

    zones = _onet_frame("Job Zone Reference.txt")
    assert list(JobZone.objects.values_list("zone", "name")) == [
        (int(z), n) for z, n in zip(zones["Job Zone"], zones["Name"], strict=True)
    ]


# --- Provenance ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_releases_record_vintage_and_source():
    releases = {r.source: r for r in DataRelease.objects.all()}
    assert set(releases) == {"oews", "oews_history", "projections", "rpp", "cpi", "soc_crosswalk", "onet"}
    assert str(releases["oews"].published_on) == "2026-05-15"
    assert str(releases["rpp"].published_on) == "2026-02-19"
    assert releases["onet"].vintage == "29.3"
    assert releases["oews"].source_file.startswith("oews/oews_all_data_M2025.csv.gz")
    manifest = read_manifest(FIXTURES_DIR)
    assert {e["source"]: e["checksum"] for e in manifest["releases"]} == {
        s: r.checksum for s, r in releases.items()
    }


def test_fixtures_stay_small():
    total = sum(p.stat().st_size for p in FIXTURES_DIR.rglob("*") if p.is_file())
    assert total < 25 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.skipif(not (SOURCE_DIR / "oews").exists(), reason="upstream files not present (../shared/data)")
def test_fixtures_rebuild_identically_from_the_upstream_files(tmp_path):
    from salaries.importers.build import build_all

    entries = build_all(SOURCE_DIR, tmp_path / "workforce", log=lambda *_: None)
    committed = read_manifest(FIXTURES_DIR)["releases"]
    assert [e["checksum"] for e in entries] == [e["checksum"] for e in committed]
    for entry in committed:
        for source in entry["source_files"]:
            assert source["sha256"] == sha256_of(SOURCE_DIR / source["path"])

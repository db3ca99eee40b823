"""``salaries.value_rows``: a large ``.values()`` read with each column's converters run once per distinct
raw value. It must give exactly what iterating the queryset gives, and no row may share a mutable value
with another (small data made here; no federal load)."""

import datetime
from decimal import Decimal as D

import pytest

from salaries.models import Area, DataRelease, Industry, Occupation, WageEstimate
from salaries.value_rows import value_rows

pytestmark = pytest.mark.django_db

FIELDS = (
    "occupation_id",
    "area__name",
    "employment",
    "hourly_median",
    "jobs_per_1000",
    "mean_rse",
    "annual_median",
    "hourly_only",
    "suppressed_fields",
    "top_coded_fields",
)


@pytest.fixture
def rows():
    release = DataRelease.objects.create(
        source=DataRelease.Source.OEWS, vintage="May 2099", published_on=datetime.date(2100, 3, 1)
    )
    Area.objects.create(code="T99", name="Test nation", area_type=Area.AreaType.NATIONAL)
    Area.objects.create(code="T12420", name="Test metro", area_type=Area.AreaType.METRO, state="TX")
    Industry.objects.create(code="T00000", title="Test industry", level=Industry.Level.CROSS_INDUSTRY)
    for code in ("T1-1021", "T3-2011", "T5-1252"):
        Occupation.objects.create(code=code, title=code, level=Occupation.Level.DETAILED)
    values = [
        # the same raw values in several rows, None, an int-valued and a fractional decimal, empty lists
        ("T99", "T1-1021", 1000, D("50.00"), D("1.250"), D("0.5"), 104000, False, [], ["p90"]),
        ("T99", "T3-2011", 1000, D("50.00"), D("1.250"), None, 104000, False, [], ["p90"]),
        ("T99", "T5-1252", None, D("61.37"), None, D("2.0"), None, True, ["employment"], []),
        ("T12420", "T1-1021", 40, D("50.00"), D("0.075"), D("0.5"), 98760, False, [], []),
        ("T12420", "T3-2011", 40, None, D("0.075"), None, None, True, ["hourly_median"], ["p90"]),
    ]
    for area, occupation, employment, hourly, jobs, rse, annual, hourly_only, suppressed, top in values:
        WageEstimate.objects.create(
            release=release,
            area_id=area,
            industry_id="T00000",
            occupation_id=occupation,
            employment=employment,
            hourly_median=hourly,
            jobs_per_1000=jobs,
            mean_rse=rse,
            annual_median=annual,
            hourly_only=hourly_only,
            suppressed_fields=suppressed,
            top_coded_fields=top,
        )
    return WageEstimate.objects.filter(release=release).order_by("area_id", "occupation_id")


def exactly(rows):
    """Rows with each value's type and text: D("50.0") and D("50.00") differ here."""
    return [[(key, type(value), repr(value)) for key, value in row.items()] for row in rows]


def test_the_rows_are_those_iterating_the_queryset_gives(rows):
    queryset = rows.values(*FIELDS)
    assert exactly(value_rows(queryset)) == exactly(list(queryset))
    assert len(list(value_rows(queryset))) == 5


def test_a_union_reads_alike(rows):
    national = rows.order_by().filter(area_id="T99").values(*FIELDS)
    austin = rows.order_by().filter(area_id="T12420").values(*FIELDS)
    queryset = national.union(austin, all=True)
    assert exactly(value_rows(queryset)) == exactly(list(queryset))


def test_an_empty_read_gives_no_row(rows):
    assert list(value_rows(rows.filter(occupation_id__in=[]).values(*FIELDS))) == []
    assert list(value_rows(rows.filter(area_id="nowhere").values(*FIELDS))) == []


def test_no_two_rows_share_a_list(rows):
    found = list(value_rows(rows.values(*FIELDS)))
    lists = [row[name] for row in found for name in ("suppressed_fields", "top_coded_fields")]
    assert len({id(value) for value in lists}) == len(lists)
    found[0]["top_coded_fields"].append("p10")  # changing one row's list changes no other row
    again = list(value_rows(rows.values(*FIELDS)))
    assert [row["top_coded_fields"] for row in found[1:]] == [row["top_coded_fields"] for row in again[1:]]

"""load_workforce_data: idempotent (a second run writes nothing), atomic (a failure leaves the old data)."""

import gzip
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection

from salaries import generation
from salaries.importers.fixtures import read_manifest, read_records, release_checksum, write_manifest
from salaries.importers.loader import BrokenReference, LoadAborted, load_all
from salaries.importers.release import sha256_of
from salaries.importers.tables import ALL, BY_NAME
from salaries.models import CpiMonth, DataRelease, PriceParity, Projection, WageEstimate

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = pytest.mark.federal

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "workforce"


def snapshot():
    """Row counts of every data table, and each release's checksum and load time."""
    counts = {table.name: table.model.objects.count() for table in ALL}
    releases = {r.source: (r.vintage, r.checksum, r.loaded_at) for r in DataRelease.objects.all()}
    return counts, releases


def subset(tmp_path, sources, edit=None):
    """A fixtures folder holding only some releases of the real manifest (optionally edited)."""
    manifest = read_manifest(FIXTURES_DIR)
    releases = [entry for entry in manifest["releases"] if entry["source"] in sources]
    for entry in releases:
        folder = Path(entry["tables"][0]["file"]).parent
        shutil.copytree(FIXTURES_DIR / folder, tmp_path / folder)
        if edit:
            edit(entry)
            entry["checksum"] = release_checksum(entry)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "releases": releases}))
    return tmp_path


@pytest.fixture
def rebuilds(monkeypatch):
    """Each snapshot rebuild a load asks for, recorded instead of run (the generation still moves).

    The full rebuild (every track, occupation, metro and search page: a minute or more of CPU) is not
    what these tests are about; tests/pages/test_snapshots.py runs it for real after a data load.
    """
    calls = []
    monkeypatch.setattr(
        generation, "_builders", {"recorded": lambda progress=None, change=None: calls.append("rebuild")}
    )
    return calls


@pytest.mark.django_db
def test_second_load_changes_nothing():
    before = snapshot()
    results = load_all()
    assert {r.status for r in results} == {"unchanged"}
    assert snapshot() == before  # same rows, and loaded_at did not move (page caches are keyed on it)


@pytest.mark.django_db
def test_forced_reload_gives_the_same_rows(tmp_path, rebuilds):
    fixtures = subset(tmp_path, {"projections", "cpi"})
    counts, releases = snapshot()
    first = load_all(fixtures, force=True)
    assert [(r.source, r.status) for r in first] == [("projections", "loaded"), ("cpi", "loaded")]
    assert rebuilds == ["rebuild"]  # once for the whole load
    row = Projection.objects.get(occ_code="11-1021")
    second = load_all(fixtures)
    assert [r.status for r in second] == ["unchanged", "unchanged"]
    assert rebuilds == ["rebuild"]  # nothing loaded, nothing rebuilt
    assert snapshot()[0] == counts
    assert Projection.objects.get(occ_code="11-1021").employment_base == row.employment_base
    after = snapshot()[1]
    assert after["projections"][2] > releases["projections"][2]  # reloaded once…
    assert after["oews"] == releases["oews"]  # …and releases not in the run untouched


@pytest.mark.django_db
def test_a_failure_midway_leaves_the_previous_data():
    before = snapshot()
    median = WageEstimate.objects.get(
        area_id="99", industry_id="000000", occupation_id="11-1021"
    ).annual_median
    seen = []

    def fail_in_onet(source, table):
        seen.append((source, table))
        if (source, table) == ("onet", "occupation_skills"):
            raise LoadAborted("simulated failure")

    with pytest.raises(LoadAborted):
        load_all(force=True, on_table_loaded=fail_in_onet)
    # By then OEWS, history, projections, RPP, CPI and the crosswalk had been deleted and rewritten.
    assert ("oews", "wage_estimates") in seen and ("cpi", "cpi_months") in seen
    assert snapshot() == before
    assert (
        WageEstimate.objects.get(area_id="99", industry_id="000000", occupation_id="11-1021").annual_median
        == median
    )


@pytest.mark.django_db
def test_a_broken_fixture_file_rolls_back(tmp_path):
    fixtures = subset(tmp_path, {"cpi"}, edit=lambda entry: entry.update(vintage="through 2099-01"))
    path = fixtures / read_manifest(fixtures)["releases"][0]["tables"][0]["file"]
    path.write_bytes(b"not gzip")
    before = snapshot()
    with pytest.raises(OSError):
        load_all(fixtures)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_new_vintage_replaces_the_old_one(tmp_path, rebuilds):
    fixtures = subset(tmp_path, {"cpi"}, edit=lambda entry: entry.update(vintage="through 2099-01"))
    results = load_all(fixtures)
    assert [(r.source, r.vintage, r.status) for r in results] == [("cpi", "through 2099-01", "loaded")]
    assert rebuilds == ["rebuild"]
    assert list(DataRelease.objects.filter(source="cpi").values_list("vintage", flat=True)) == [
        "through 2099-01"
    ]
    assert CpiMonth.objects.count() == 199
    assert CpiMonth.objects.get(year=2025, month=10).value is None


@pytest.mark.django_db
def test_a_load_that_changed_data_tells_the_rebuild_its_sources_and_the_digest_waits_for_the_commit(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from careers import receivers, services
    from salaries.generation import Change

    received, queued = [], []
    # The one path a data change travels: the rebuild, told what was loaded (Change(sources=…)).
    monkeypatch.setattr(
        generation, "_builders", {"recorded": lambda progress=None, change=None: received.append(change)}
    )
    monkeypatch.setattr(services, "notify_followers", lambda: queued.append("digest"))
    fixtures = subset(tmp_path, {"cpi"}, edit=lambda entry: entry.update(vintage="through 2099-01"))
    with django_capture_on_commit_callbacks(execute=True):
        load_all(fixtures)
    assert received == [Change(sources=("cpi",))]
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        load_all(fixtures)  # unchanged: nothing loaded, nothing rebuilt
    assert received == []
    # The members' handler: an OEWS release queues the digest, once the load has committed.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receivers.data_changed(change=Change(sources=("oews", "rpp")))
        receivers.data_changed(change=Change(sources=("cpi",)))
        assert queued == []  # not before the commit
    for callback in callbacks:
        callback()
    assert queued == ["digest"]


@pytest.mark.django_db
def test_command_prints_a_summary_without_a_progress_bar():
    out = io.StringIO()
    call_command("load_workforce_data", stdout=out)
    text = out.getvalue()
    assert "wage_estimates" in text and "251,764" in text and "unchanged" in text
    assert "0 rows written." in text
    assert "rows/s" not in text and "it/s" not in text


@pytest.mark.django_db
def test_a_wage_row_pointing_at_an_unknown_area_rolls_back(tmp_path):
    # WageEstimate has no database FK constraints (for load speed); the loader checks its keys itself.
    from salaries.importers.fixtures import write_manifest, write_release
    from salaries.importers.release import Release
    from salaries.importers.tables import WAGE_ESTIMATES

    wage = dict.fromkeys(WAGE_ESTIMATES.columns, "")
    wage.update(area_id="00000", industry_id="000000", occupation_id="11-1021", employment="10")
    wage.update(hourly_only="0", suppressed_fields="[]", top_coded_fields="[]")
    release = Release(
        source="oews",
        vintage="May 2099",
        published_on=None,
        source_files=[],
        tables={"wage_estimates": pd.DataFrame([wage])},
    )
    write_manifest([write_release(release, tmp_path)], tmp_path)
    before = snapshot()
    with pytest.raises(BrokenReference, match="00000"):
        load_all(tmp_path)
    assert snapshot() == before


def handmade(tmp_path, source, vintage, table, text, rows):
    """A fixtures folder holding one release of one table whose CSV is ``text``, written as it is."""
    folder = tmp_path / f"{source}-handmade"
    folder.mkdir()
    path = folder / f"{table}.csv.gz"
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    entry = {
        "source": source,
        "vintage": vintage,
        "published_on": None,
        "source_files": [],
        "notes": "",
        "tables": [
            {"name": table, "file": f"{folder.name}/{table}.csv.gz", "rows": rows, "sha256": sha256_of(path)}
        ],
    }
    entry["checksum"] = release_checksum(entry)
    write_manifest([entry], tmp_path)
    return tmp_path


PROJECTIONS_CSV = (
    ",".join(BY_NAME["projections"].columns)
    + "\n"
    # Unquoted empty cells: NULL in a nullable column (median_wage), "" in a text one; a quoted empty cell
    # in a nullable column (percent_self_employed) is NULL too.
    + '11-1021,"General and operations managers, ""GM""",Line item,2024,2034,3507.6,3720.9,213.3,6.1,'
    + '308.9,,,Bachelor\'s degree,,,""\n'
    # A line break, quotes and a comma inside a cell; backslashes, \N, spaces and non-ASCII kept as they are.
    + '99-0001,"Two lines:\nsecond, with ""quotes""",Line item,2024,2034,1.0,2.0,1.0,100.0,0.1,50000,"",'
    + 'Back\\slash \\N,"  spaced  ",Café ☕,0.5\n'
)


@pytest.mark.django_db
def test_cells_load_with_the_fixture_formats_meaning(tmp_path, rebuilds):
    # The same values on every database: PostgreSQL parses the CSV itself (COPY), others go through
    # Python's csv module (executemany).
    fixtures = handmade(tmp_path, "projections", "2099-09", "projections", PROJECTIONS_CSV, rows=2)
    assert [r.status for r in load_all(fixtures)] == ["loaded"]
    fields = ["occ_code", "occ_title", "employment_base", "median_wage", "median_wage_note"]
    fields += ["education", "experience", "training", "percent_self_employed"]
    loaded = list(Projection.objects.filter(release__vintage="2099-09").order_by("occ_code").values(*fields))
    assert loaded == [
        {
            "occ_code": "11-1021",
            "occ_title": 'General and operations managers, "GM"',
            "employment_base": Decimal("3507.6"),
            "median_wage": None,
            "median_wage_note": "",
            "education": "Bachelor's degree",
            "experience": "",
            "training": "",
            "percent_self_employed": None,
        },
        {
            "occ_code": "99-0001",
            "occ_title": 'Two lines:\nsecond, with "quotes"',
            "employment_base": Decimal("1.0"),
            "median_wage": 50000,
            "median_wage_note": "",
            "education": "Back\\slash \\N",
            "experience": "  spaced  ",
            "training": "Café ☕",
            "percent_self_employed": Decimal("0.5"),
        },
    ]
    assert DataRelease.objects.get(source="projections").rows_loaded == {"projections": 2}


def test_read_records_keeps_each_row_whole(tmp_path):
    columns = BY_NAME["projections"].columns
    fixtures = handmade(tmp_path, "projections", "2099-09", "projections", PROJECTIONS_CSV, rows=2)
    path = fixtures / "projections-handmade" / "projections.csv.gz"
    records = read_records(path, columns)
    assert len(records) == 2
    assert records[1].startswith(b'99-0001,"Two lines:\nsecond, with ""quotes""",')
    with pytest.raises(ValueError, match="does not match the model columns"):
        read_records(path, list(reversed(columns)))
    path.write_bytes(gzip.compress(PROJECTIONS_CSV.encode() + b'99-0002,"never closed\n'))
    with pytest.raises(ValueError, match="never closed"):
        read_records(path, columns)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite checks foreign keys at the commit")
def test_a_broken_foreign_key_fails_before_the_derived_work(tmp_path, monkeypatch, rebuilds):
    from salaries.importers import loader

    derived = []
    monkeypatch.setattr(loader, "_derive_guidance", lambda rebuild: derived.append(rebuild))
    columns = BY_NAME["price_parities"].columns
    row = dict.fromkeys(columns, "")
    row.update(area_id="00000", geofips="00000", year="2099", all_items="100.000")
    text = ",".join(columns) + "\n" + ",".join(row[c] for c in columns) + "\n"
    fixtures = handmade(tmp_path, "rpp", "2099", "price_parities", text, rows=1)
    before = snapshot()
    with pytest.raises(IntegrityError, match="00000"):
        load_all(fixtures)
    assert derived == [] and rebuilds == []  # nothing built on data that could not commit
    assert snapshot() == before
    assert not PriceParity.objects.filter(year=2099).exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_a_load_runs_without_the_web_statement_timeout(tmp_path, rebuilds):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 5000")  # what the web's connections get
    seen = []

    def timeout(source, table):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])

    fixtures = subset(tmp_path, {"cpi"}, edit=lambda entry: entry.update(vintage="through 2099-01"))
    load_all(fixtures, on_table_loaded=timeout)
    assert seen == ["0"]

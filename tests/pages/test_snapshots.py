"""Snapshots: public pages are built when the data or the catalogue changes, never per request.

A data load, a catalogue load and an editor's save each rebuild them and change the generation, so the
next request shows the new figures; a failed build leaves the previous snapshots and pages as they were.
"""

import csv
import gzip
import io
import re
from html import unescape

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages import snapshots
from pages.models import Snapshot
from pages.store import tally
from pages.track.snapshots import published_page
from salaries import generation
from salaries.importers.loader import load_all
from salaries.models import DataRelease
from tests.caches import clear_caches
from tests.salaries.test_load import subset
from tests.tracks.editorial import form_data
from tracks import services
from tracks.editors import make_editor
from tracks.importers.catalogue import load_catalogue
from tracks.models import Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

MAX_QUERIES_UNCACHED = 5


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def page(client, slug="operations", **params):
    response = client.get(reverse("tracks:detail", kwargs={"slug": slug}), params)
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def fact(html: str, key: str) -> str:
    return re.search(rf'id="fact-{key}">.*?<dd class="fact-value">(.*?)</dd>', html, re.S).group(1)


def stored_rows():
    return (
        sorted(Snapshot.objects.filter(kind=Snapshot.Kind.TRACK).values_list("key", "built_at")),
        Snapshot.objects.filter(kind=Snapshot.Kind.TRACK_METRO).count(),
    )


def every_row():
    """(kind, key) -> (digest, built_at) of every stored snapshot."""
    return {
        (k, key): (d, b) for k, key, d, b in Snapshot.objects.values_list("kind", "key", "digest", "built_at")
    }


# --------------------------------------------------------------------------------------------------
# Query counts


def test_track_pages_and_metro_views_are_read_not_computed(client, django_assert_max_num_queries):
    for slug in ("operations", "software-engineering"):
        track_page = published_page(slug)
        codes = sorted(track_page.metro_codes)
        assert len(codes) > 100
        for code in codes[:: len(codes) // 12]:
            clear_caches()
            with django_assert_max_num_queries(MAX_QUERIES_UNCACHED):
                html = page(client, slug, metro=code)
            assert 'id="metro-panel"' in html
            with django_assert_max_num_queries(0):  # the whole response, generation included, is cached
                assert client.get(f"/tracks/{slug}/?metro={code}").status_code == 200


def test_every_metro_of_a_track_has_a_stored_panel():
    stored = {
        key.split("/")[1]
        for key in Snapshot.objects.filter(
            kind=Snapshot.Kind.TRACK_METRO, key__startswith="operations/"
        ).values_list("key", flat=True)
    }
    assert stored == published_page("operations").metro_codes
    assert len(stored) > 300


def test_an_unknown_metro_code_never_makes_the_worker_compute(client):
    for junk in ("99999", "00000", "1" * 40, "<script>"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tracks/operations/", {"metro": junk}).status_code == 404
        tables = {t for q in queries.captured_queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
        stored = {"pages_snapshot", "tracks_track", "salaries_datageneration"}
        assert tables <= stored, tables  # stored pages only: no federal data table is read


def test_a_published_track_without_a_snapshot_says_so(client):
    Snapshot.objects.filter(kind__startswith="track", key="operations").delete()
    response = client.get("/tracks/operations/")
    assert response.status_code == 503
    assert "have not been built yet" in response.content.decode()
    # Built by older code (another schema): the same.
    Snapshot.objects.filter(kind__startswith="track", key="finance").update(schema="older")
    assert client.get("/tracks/finance/").status_code == 503


# --------------------------------------------------------------------------------------------------
# Every change rebuilds and bumps the generation


def _more_growth(entry, fixtures):
    """Edit a projections fixture: every occupation grows by half (and the vintage is new)."""
    entry["vintage"] = "2024-34 revised"
    path = fixtures / entry["tables"][0]["file"]
    rows = list(csv.reader(io.StringIO(gzip.decompress(path.read_bytes()).decode())))
    header = rows[0]
    base, projected, change, percent = (
        header.index(c) for c in ("employment_base", "employment_projected", "change", "change_percent")
    )
    for row in rows[1:]:
        value = float(row[base])
        row[projected], row[change], row[percent] = f"{value * 1.5:.1f}", f"{value * 0.5:.1f}", "50.0"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(gzip.compress(out.getvalue().encode()))


def test_a_data_load_changes_the_generation_and_the_next_page_shows_new_figures(
    client, tmp_path, monkeypatch
):
    # The load runs the full rebuild (every registered builder). Here it builds one track page: the other
    # tracks are drafts for this test (rolled back), and the pages beyond the tracks are recorded, not
    # built (minutes of CPU for pages this test does not read). The session setup (tests/conftest.py)
    # runs that full rebuild over every track and page of a new test database.
    Track.objects.exclude(slug="operations").update(status=Track.Status.DRAFT)
    explore = []
    monkeypatch.setitem(
        generation._builders, "explore", lambda progress=None, change=None: explore.append("built")
    )
    before_html = page(client)
    before = generation.current_generation()
    fixtures = subset(tmp_path, {"projections"}, edit=lambda entry: _more_growth(entry, tmp_path))
    load_all(fixtures)
    after = generation.current_generation()
    assert after.number > before.number
    html = page(client)
    assert fact(before_html, "projected_growth") != fact(html, "projected_growth") == "+50.0%"
    assert "2024-34 revised" in html
    assert explore == ["built"]


def test_a_catalogue_load_changes_the_generation_and_the_next_page_shows_it(client, tmp_path, monkeypatch):
    # The load rebuilds the changed track and those linking to it for real; the pages beyond the tracks
    # (every occupation, metro and search page: half a minute of CPU) are recorded, not built. That
    # rebuild runs for real in the session setup (tests/conftest.py).
    explore = []
    monkeypatch.setattr("pages.snapshots.rebuild_all", lambda **kwargs: explore.append("built"))
    page(client)
    before = generation.current_generation()
    spec = yaml.safe_load((settings.FIXTURES_DIR / "tracks" / "operations.yaml").read_text(encoding="utf-8"))
    spec["roles"][0]["title"] = "Night Shift Captain"
    folder = tmp_path / "tracks"
    folder.mkdir()
    (folder / "operations.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    summary = load_catalogue(folder)
    assert summary.tracks_changed == ["operations"]
    assert generation.current_generation().number > before.number
    assert "Night Shift Captain" in page(client)
    assert explore == ["built"]


def test_an_editor_s_save_rebuilds_that_track_only(client, tmp_path):
    editor, _ = make_editor(email="editor@example.com", password="a long enough password")
    page(client)
    before = generation.current_generation()
    others = {key: row for key, row in every_row().items() if not _of_track(key, "operations")}
    track = Track.objects.get(slug="operations")
    client.force_login(editor)
    change_url = reverse("admin:tracks_track_change", args=[track.pk])
    data = form_data(client.get(change_url))
    data["roles-0-title"] = "Floor Captain"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert generation.current_generation().number > before.number
    assert "Floor Captain" in page(client)
    # Only that track's rows were written (and the search index, which names its rungs).
    after = {key: row for key, row in every_row().items() if not _of_track(key, "operations")}
    changed = {key for key in after.keys() | others.keys() if after.get(key) != others.get(key)}
    assert changed <= {("search", "index"), ("compare", "operations")}


def test_the_build_command_is_idempotent_and_reports_progress(client):
    html = page(client, "legal")
    out = io.StringIO()
    call_command("build_snapshots", "--kind", "track", "--key", "legal", stdout=out)
    assert "legal:" in out.getvalue() and "data generation" in out.getvalue()
    assert page(client, "legal") == html


def _of_track(kind_key, slug) -> bool:
    kind, key = kind_key
    return kind.startswith("track") and (key == slug or key.startswith(f"{slug}/"))


# --------------------------------------------------------------------------------------------------
# A rebuild writes only what changed


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "pages_snapshot" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))
    ]


@pytest.mark.slow
def test_a_second_full_rebuild_writes_no_row():
    # The session set-up built every snapshot from this data; building everything again changes nothing.
    before = every_row()
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries, tally() as written:
        call_command("build_snapshots", stdout=out)
    assert written.rows == 0 and written.unchanged == len(before)
    assert _writes(queries) == []
    assert every_row() == before
    assert "0 rows written" in out.getvalue()


def test_a_changed_narrative_rewrites_only_that_track_s_rows(client):
    before = every_row()
    track = Track.objects.get(slug="legal")
    track.who_thrives = track.who_thrives + "\n\nPeople who like reading contracts twice."
    track.save()
    with tally() as written:
        services.track_saved(track)
    after = every_row()
    changed = {key for key in after.keys() | before.keys() if after.get(key) != before.get(key)}
    assert changed == {("track", "legal"), ("track_frame", "legal")}
    assert written.rows == 2
    assert "reading contracts twice" in page(client, "legal")


def test_an_unpublished_track_s_rows_are_deleted_and_nothing_else_of_it_is_written(client):
    before = every_row()
    track = Track.objects.get(slug="legal")
    track.status = Track.Status.DRAFT
    track.save()
    with tally() as written:
        services.track_saved(track)
    after = every_row()
    gone = {key for key in before if _of_track(key, "legal")}
    assert len(gone) > 300 and not gone & after.keys()
    assert written.deleted == len(gone) + 1  # and its compare row
    changed = {key for key in after.keys() | before.keys() if after.get(key) != before.get(key)} - gone
    # The compare page's menus list the published tracks, so they change too.
    assert changed <= {("home", "overview"), ("search", "index"), ("compare", "legal"), ("compare", "_menus")}
    assert client.get("/tracks/legal/").status_code == 404


def test_a_changed_payload_is_rewritten_and_a_gone_one_deleted():
    from pages.store import write_snapshots

    write_snapshots(Snapshot.Kind.COMPARE, {"x-1": {"a": 1}, "x-2": {"a": 2}}, prefix="x-")
    written = write_snapshots(Snapshot.Kind.COMPARE, {"x-1": {"a": 1}, "x-3": {"a": 3}}, prefix="x-")
    assert (written.inserted, written.updated, written.deleted, written.unchanged) == (1, 0, 1, 1)
    written = write_snapshots(Snapshot.Kind.COMPARE, {"x-1": {"a": 9}, "x-3": {"a": 3}}, prefix="x-")
    assert (written.inserted, written.updated, written.deleted, written.unchanged) == (0, 1, 0, 1)
    stored = dict(Snapshot.objects.filter(key__startswith="x-").values_list("key", "payload"))
    assert stored == {"x-1": {"a": 9}, "x-3": {"a": 3}}


# --------------------------------------------------------------------------------------------------
# Failures keep what was served


def _failing_build(track, **kwargs):
    raise RuntimeError("the build broke")


def test_a_failed_build_leaves_the_previous_snapshots_and_pages(client, monkeypatch):
    html = page(client)
    rows, number = stored_rows(), generation.current_generation().number
    real_build_track = snapshots.build_track
    calls = []

    def build_some_then_fail(track, **kwargs):
        calls.append(track.slug)
        if len(calls) == 3:
            raise RuntimeError("the build broke")
        return real_build_track(track, **kwargs)

    monkeypatch.setattr(snapshots, "build_track", build_some_then_fail)
    with pytest.raises(RuntimeError):
        generation.rebuild_snapshots(reason="test")
    assert len(calls) == 3
    assert stored_rows() == rows and generation.current_generation().number == number
    clear_caches()
    assert page(client) == html


def test_a_data_load_whose_build_fails_rolls_back_entirely(client, tmp_path, monkeypatch):
    html = page(client)
    rows, number = stored_rows(), generation.current_generation().number
    releases = list(DataRelease.objects.values_list("source", "vintage", "checksum"))
    monkeypatch.setattr(snapshots, "build_track", _failing_build)
    fixtures = subset(tmp_path, {"projections"}, edit=lambda entry: _more_growth(entry, tmp_path))
    with pytest.raises(RuntimeError):
        load_all(fixtures)
    assert list(DataRelease.objects.values_list("source", "vintage", "checksum")) == releases
    assert stored_rows() == rows and generation.current_generation().number == number
    clear_caches()
    assert page(client) == html


def test_every_stored_figure_validates_against_plotly_s_schema():
    import plotly.graph_objects as go

    for slug in Track.objects.published().values_list("slug", flat=True):
        for chart in published_page(slug).chart_list:
            go.Figure(data=chart.figure["data"], layout=chart.figure["layout"])  # raises if invalid


def test_the_test_database_has_every_published_track_built():
    assert not snapshots.missing_snapshots()

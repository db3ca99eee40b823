import fcntl
import hashlib
import importlib
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_generation_memo(monkeypatch):
    """Each test starts with an empty process memo of the generation (salaries.generation): a test's
    rows are rolled back at its end without a new generation, which in production never happens."""
    from salaries import generation

    monkeypatch.setattr(generation, "_memo", ("", {}))


# --- The federal data in the test database ------------------------------------------------------------
# Tests that need the real federal dataset (exact published figures against the files under fixtures/
# and the upstream files under ../shared/data) are marked ``federal``. The test database starts empty
# (migrations only); the real data (the workforce fixtures, the tracks catalogue and the snapshots built
# from them) is loaded once per session, lazily: only when the first federal test runs, and never in
# ``pytest -m "not federal"`` (``make test-fast``). Two ways in, each implying the other:
#   - mark a test ``federal`` (``pytestmark = pytest.mark.federal``): it gets the ``federal_data`` fixture;
#   - use ``federal_data`` (or a fixture built on it: ``page_snapshots``, ``oews``): it gets the mark.
# Everything else runs on small data it makes itself (tests/careers/factories.py, hand-made payloads).

_DB_BLOCKER = pytest.StashKey()
# Fixtures that read the real federal data: a test using any of them is marked ``federal``.
FEDERAL_FIXTURES = frozenset({"federal_data", "page_snapshots", "oews"})
_FEDERAL_LOADED = []  # not empty once this session has loaded the federal data


def _load_reference_data():
    from django.conf import settings

    from pages.snapshots import missing_snapshots
    from salaries import generation
    from salaries.importers.loader import load_all
    from tracks import services
    from tracks.importers.catalogue import load_catalogue

    # Both loads are idempotent: a no-op (a few queries) when the data is already there. Each rebuilds
    # snapshots when it changes something; in a new test database the catalogue load would redo what the
    # data load had just built (every occupation, metro and search page: a minute). Their own rebuilds
    # are held back here, and everything is built once by the full rebuild every data load runs
    # (every registered builder: each published track, then the pages beyond the tracks).
    builders, catalogue_loaded = generation._builders, services.catalogue_loaded
    generation._builders, services.catalogue_loaded = {}, lambda changed_slugs: None
    try:
        data_loaded = any(result.status == "loaded" for result in load_all())
        catalogue_changed = bool(load_catalogue(settings.FIXTURES_DIR / "tracks").tracks_changed)
    finally:
        generation._builders, services.catalogue_loaded = builders, catalogue_loaded
    if data_loaded or catalogue_changed or missing_snapshots():
        generation.rebuild_snapshots(reason="test database")


# On SQLite the test database lives in memory and is new every session, so the loaded database is also
# kept as a file in pytest's cache (.pytest_cache/d/federal-db/, cleared by --cache-clear) and copied
# back in the next session instead of loading again (seconds instead of minutes). The file's name is a
# hash of everything the load reads or runs: the fixtures, the apps' code and migrations, this file,
# Django's and SQLite's versions; any change makes a new one. PostgreSQL keeps its test database with
# --reuse-db instead (the load is then a no-op).
_CACHE_DIR = "federal-db"
_CODE_DIRS = ("careers", "salaries", "tracks", "pages")


def _federal_cache_key() -> str:
    import django
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    files = [path for folder in _CODE_DIRS for path in (base / folder).rglob("*.py")]
    files += [path for path in Path(settings.FIXTURES_DIR).rglob("*") if path.is_file()]
    files.append(Path(__file__))
    digest = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _load_federal_data_sqlite(config) -> None:
    from django.db import connection

    folder = config.cache.mkdir(_CACHE_DIR)
    cached = folder / f"{_federal_cache_key()}.sqlite3"
    connection.ensure_connection()
    # Under pytest-xdist (make test) every worker has its own in-memory database and all share this
    # folder: the first to get here builds the file while the others wait, then copy it.
    with _held(folder / ".lock"):
        if not cached.exists():
            _load_reference_data()
            _keep_as_file(connection, cached, folder)
            return
    source = sqlite3.connect(cached)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    _load_reference_data()  # a check (a few queries) that repairs anything the copy lacked


def _keep_as_file(connection, cached: Path, folder: Path) -> None:
    partial = cached.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    for stale in folder.iterdir():
        if stale.suffix == ".sqlite3":
            stale.unlink(missing_ok=True)
    os.replace(partial, cached)


@contextmanager
def _held(lock_path: Path):
    """An exclusive lock on ``lock_path`` across processes (``flock``: released if the holder dies)."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def federal_data(request, django_db_setup, django_db_blocker):
    """The real federal data, the tracks catalogue and their snapshots, loaded once per session into the
    test database (kept with ``--reuse-db``; on SQLite copied from pytest's cache when already built).
    Using it marks a test ``federal``."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and request.config.cache is not None:
            _load_federal_data_sqlite(request.config)
        else:
            _load_reference_data()
    _FEDERAL_LOADED.append(True)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    # Before pytest's own -m selection, so ``-m "not federal"`` sees the marks added here.
    for item in items:
        if FEDERAL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.federal)
    result = yield
    items[:] = _federal_build_first_on_one_worker(items, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", 1)))
    return result


def _federal_build_first_on_one_worker(items, workers: int):
    """The order of the tests (each group in the order pytest-django gave it: transactional tests last)
    that keeps every worker busy while the federal data is built. pytest-xdist's worksteal hands each
    worker a contiguous share of this list, in turn, then moves tests from the end of the longest queue
    to whichever worker runs out. The last worker's share starts with the federal tests, so it builds the
    data from the start, while the others run the tests that need none; the fast tests that do not fit
    in their shares go last, where the first worker to run out takes them. The federal tests marked
    ``slow`` (a full rebuild, a minute) go first among them: at the end, short tests balance the load."""
    federal = [item for item in items if item.get_closest_marker("federal") is not None]
    federal.sort(key=lambda item: item.get_closest_marker("slow") is None)  # the long ones while both run
    fast = [item for item in items if item.get_closest_marker("federal") is None]
    if workers < 2:
        return fast + federal  # one process: the fast part first, its failures soonest
    pending = len(items)
    for worker in range(workers - 1):
        pending -= pending // (workers - worker)
    last_share_starts = len(items) - pending
    return fast[:last_share_starts] + federal + fast[last_share_starts:]


def pytest_collection_finish(session):
    # Every selected federal test (marked in its module, by a conftest such as tests/browser/'s, or above)
    # gets the load, first: the session fixture then runs before the test's own transaction opens.
    for item in session.items:
        names = getattr(item, "fixturenames", None)
        if names is None or item.get_closest_marker("federal") is None or "federal_data" in names:
            continue
        names.insert(0, "federal_data")


def _is_transactional(item) -> bool:
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"})


# The federal data, the catalogue and the snapshots built from them (every ``salaries_`` and ``tracks_``
# table, and ``pages_snapshot``) are reference data: a transactional test's closing flush leaves them in
# place and empties only the other tables (members, sessions, admin history, tasks). Reloading them after
# every browser test cost minutes each once snapshots were built at load time. No reference table refers
# to a flushed one, so the shorter TRUNCATE needs no CASCADE. Tests that change reference data use
# ordinary (rolled back) transactions; the reload below still repairs anything a transactional test did
# change.
REFERENCE_TABLE_PREFIXES = ("salaries_", "tracks_", "pages_snapshot")


def _holds_federal_data(connection) -> bool:
    from salaries.models import DataRelease

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(DataRelease._meta.db_table)} LIMIT 1")
        return cursor.fetchone() is not None


def _flush_sql_keeping_reference_data(style, connection, reset_sequences=True, allow_cascade=False):
    # While the database holds no federal data (a fast run on a new database), a flush empties every
    # table: small data a test made must not stay behind to look like reference data to a later load.
    keep = REFERENCE_TABLE_PREFIXES if _FEDERAL_LOADED or _holds_federal_data(connection) else ()
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if not (keep and table.startswith(keep))
    ]
    return connection.ops.sql_flush(
        style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_reference_data(request, django_db_blocker):
    from django.core.management.commands import flush

    request.config.stash[_DB_BLOCKER] = django_db_blocker
    original = flush.sql_flush
    flush.sql_flush = _flush_sql_keeping_reference_data
    yield
    flush.sql_flush = original


def _restore_migration_rows():
    """Put back the rows a data migration made that a flush emptied: the Editors group (tracks 0002),
    with its permissions (the flush's post_migrate made those again)."""
    from django.contrib.auth.models import Group, Permission

    from tracks.editors import EDITORS_GROUP

    if Group.objects.filter(name=EDITORS_GROUP).exists():
        return
    migration = importlib.import_module("tracks.migrations.0002_editors_group")
    codenames = [f"{action}_{model}" for model in migration.TRACK_MODELS for action in migration.ACTIONS]
    permissions = Permission.objects.filter(content_type__app_label="tracks", codename__in=codenames)
    Group.objects.create(name=EDITORS_GROUP).permissions.set(permissions)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test (live_server, transaction=True) ends with a flush (which keeps the reference
    # tables, above). Under pytest-xdist any test may come next (a worker takes tests from the end of
    # another's queue), so before the next one: the migrations' rows, and any reference data missing.
    result = yield
    blocker = item.config.stash.get(_DB_BLOCKER, None)
    if nextitem is not None and blocker is not None and _is_transactional(item):
        with blocker.unblock():
            _restore_migration_rows()
            if _FEDERAL_LOADED:
                _load_reference_data()
    return result


# --- Snapshots of the pages beyond the tracks (occupations, metros, search) ----------------------------
# Built once per test database (about a minute) and kept with --reuse-db; rebuilt only when missing or
# built from other data (a transactional test flushes them; the fixture then builds them again).


def _ensure_page_snapshots():
    from pages.models import Snapshot
    from pages.snapshots import rebuild_all

    # A changed catalogue or data set rebuilds everything in _load_reference_data; here, only what a
    # flush or a test left missing is built again (a rebuild writes only the rows that changed).
    if set(Snapshot.objects.values_list("kind", flat=True).distinct()) == set(Snapshot.Kind.values):
        return
    rebuild_all()


@pytest.fixture(scope="session")
def _page_snapshots_session(federal_data, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_page_snapshots()


@pytest.fixture
def page_snapshots(_page_snapshots_session, django_db_blocker):
    """The occupation, metro and search snapshots of the loaded data, in the test database."""
    with django_db_blocker.unblock():
        _ensure_page_snapshots()

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Real data in the test database -------------------------------------------------------------------
# The test database is created once per session and filled with the real fixtures, so tests can assert
# exact published figures. Add further reference loads (e.g. the tracks catalogue) to _load_reference_data.

_DB_BLOCKER = pytest.StashKey()


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


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    request.config.stash[_DB_BLOCKER] = django_db_blocker
    with django_db_blocker.unblock():
        _load_reference_data()


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


def _flush_sql_keeping_reference_data(style, connection, reset_sequences=True, allow_cascade=False):
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if not table.startswith(REFERENCE_TABLE_PREFIXES)
    ]
    return connection.ops.sql_flush(
        style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_reference_data():
    from django.core.management.commands import flush

    original = flush.sql_flush
    flush.sql_flush = _flush_sql_keeping_reference_data
    yield
    flush.sql_flush = original


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test (live_server, transaction=True) ends with a flush (which keeps the reference
    # tables, above). pytest-django runs those tests last; top up anything missing before the next one.
    result = yield
    blocker = item.config.stash.get(_DB_BLOCKER, None)
    if nextitem is not None and blocker is not None and _is_transactional(item):
        with blocker.unblock():
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
def _page_snapshots_session(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_page_snapshots()


@pytest.fixture
def page_snapshots(_page_snapshots_session, django_db_blocker):
    """The occupation, metro and search snapshots of the loaded data, in the test database."""
    with django_db_blocker.unblock():
        _ensure_page_snapshots()

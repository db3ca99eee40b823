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
    from salaries.importers.loader import load_all

    load_all()  # idempotent: a no-op (a few COUNT queries) when the data is already there

    from django.conf import settings

    from tracks.importers.catalogue import load_catalogue

    load_catalogue(settings.FIXTURES_DIR / "tracks")  # the tracks catalogue; idempotent too

    from salaries.generation import rebuild_snapshots
    from tracks.page.snapshots import missing_snapshots

    if missing_snapshots():  # the loads build them when they change something; else build them once
        rebuild_snapshots(reason="test database")


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test (live_server, transaction=True) ends by flushing every table, real data
    # included. pytest-django runs those tests last; reload before the next one.
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
    from salaries.models import OccupationSnapshot
    from tracks.models import PageSnapshot
    from tracks.snapshots import catalogue_fingerprint, rebuild_all

    search = PageSnapshot.objects.filter(kind=PageSnapshot.Kind.SEARCH).values_list("fingerprint", flat=True)
    kinds = set(PageSnapshot.objects.values_list("kind", flat=True).distinct())
    if (
        OccupationSnapshot.objects.exists()
        and kinds == set(PageSnapshot.Kind.values)
        and search.first() == catalogue_fingerprint()
    ):
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

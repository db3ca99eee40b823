import pytest
from asgiref.local import Local
from django.tasks import task_backends
from django.test import override_settings

from tests.caches import clear_caches


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with none (and leaves none behind)."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Make a request, then run what it queued for after its commit (emails are enqueued there).

    ``deliver(client.post, url, data)`` returns the response; with the test run's Immediate task backend
    the emails are then in ``mailoutbox``. Tests never see a mail sent inside the request itself.
    """

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _reset_task_backends():
    # As Django's own setting_changed receiver does for CACHES (it has none for TASKS).
    task_backends._settings = task_backends.settings = task_backends.configure_settings(None)
    task_backends._connections = Local()


@pytest.fixture
def database_tasks():
    """Tasks queued in the database (django-tasks-db), as in production, instead of the test run's
    Immediate backend: the worker runs them."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        _reset_task_backends()
        yield
    _reset_task_backends()

"""Email leaves the request: allauth's mail is rendered in the request, queued on commit as a task on
the django-tasks-db backend, and sent by the worker (``manage.py db_worker``), never inside a request."""

import pytest
from asgiref.local import Local
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.careers.factories import make_member

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _reset_task_backends():
    # As Django's own setting_changed receiver does for CACHES (it has none for TASKS).
    task_backends._settings = task_backends.settings = task_backends.configure_settings(None)
    task_backends._connections = Local()


@pytest.fixture
def database_tasks():
    with override_settings(TASKS=DATABASE_TASKS):
        _reset_task_backends()
        yield
    _reset_task_backends()


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    # The worker closes "old" connections between tasks; inside a test's transaction that would close
    # the test's own connection (Django's test client disconnects the same call for requests).
    from careers import worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.parametrize(
    ("path", "data", "to"),
    [
        (
            "/accounts/signup/",
            {"email": "new@example.org", "password1": "Lantern-quarry-47", "password2": "Lantern-quarry-47"},
            "new@example.org",
        ),
        (
            "/accounts/signup/",
            {"email": "ana@example.org", "password1": "Lantern-quarry-47", "password2": "Lantern-quarry-47"},
            "ana@example.org",
        ),
        ("/accounts/password/reset/", {"email": "ana@example.org"}, "ana@example.org"),
        ("/accounts/password/reset/", {"email": "nobody@example.org"}, "nobody@example.org"),
    ],
)
def test_no_mail_is_sent_inside_a_request_the_worker_sends_it(
    client, mailoutbox, database_tasks, django_capture_on_commit_callbacks, path, data, to
):
    make_member("ana@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(path, data)
        assert mailoutbox == []  # nothing sent while the request ran
    assert response.status_code == 302
    assert mailoutbox == []
    assert DBTaskResult.objects.count() == 0  # not even queued until the transaction commits
    for callback in callbacks:
        callback()
    # Exactly one task per request, known address or not: the same work either way.
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "careers.tasks.send_email"
    assert queued.status == "READY"
    assert mailoutbox == []

    _run_worker()
    assert [message.to for message in mailoutbox] == [[to]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_a_mail_server_failure_is_recorded_by_the_worker_and_never_reaches_the_member(
    client, database_tasks, django_capture_on_commit_callbacks, settings
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    make_member("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    _run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"

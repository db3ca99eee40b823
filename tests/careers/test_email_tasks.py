"""Email leaves the request: allauth's mail is rendered in the request, queued on commit as a task on
the django-tasks-db backend, and sent by the worker (``manage.py db_worker``), never inside a request."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careers.models import SentEmail, TaskLease
from careers.tasks import send_email
from tests.careers.factories import make_member

pytestmark = pytest.mark.django_db


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


def test_an_email_whose_task_runs_again_is_not_sent_again(mailoutbox, database_tasks):
    """A worker killed after the send, before it recorded the task's outcome, leaves the task RUNNING;
    its lease runs out and another worker runs it again (careers.worker). The email goes out once, and
    its Message-ID (the same on every attempt) comes from the task's id."""
    queued = send_email.enqueue(
        subject="Confirm", body="Click", from_email="site@example.org", to=["ana@example.org"]
    )
    _run_worker()
    (message,) = mailoutbox
    assert message.message()["Message-ID"] == f"<{queued.id}@localhost>"
    assert SentEmail.objects.filter(key=queued.id).exists()

    row = DBTaskResult.objects.get()
    DBTaskResult.objects.update(status="RUNNING")  # as the killed worker left it
    TaskLease.objects.create(task=row, worker_id="killed", expires_at=timezone.now() - datetime.timedelta(1))
    _run_worker()
    row.refresh_from_db()
    assert (row.status, len(row.worker_ids), row.return_value) == ("SUCCESSFUL", 2, False)
    assert len(mailoutbox) == 1

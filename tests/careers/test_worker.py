"""The task worker (careers.worker, ``manage.py db_worker``) rides out database trouble (locked,
unavailable, read-only) and never stops on its own; a task whose worker died runs again, and the email
it sends goes out once.

The first tests run the Worker in this process on the test database (transactional tests: after
trouble the worker closes its connections). The others start real workers (tests/careers/worker_settings.py)
on a database the test shares with them: a migrated SQLite file, or, on a PostgreSQL run, the test
database itself. Their mail is written to files (tests/careers/gated_mail.py).
"""

import datetime
import email
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.utils import load_backend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from careers import tasks
from careers.models import TaskLease
from careers.tasks import send_email
from careers.worker import MAX_ATTEMPTS, Backoff, Worker
from tests.careers.smtp_sink import SmtpSink
from tests.careers.tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
LEASE = datetime.timedelta(seconds=60)
REFUSED = OperationalError(
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


# --- The worker in this process --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _worker_logs(caplog):
    # ``manage.py db_worker -v 0`` (other tests) quiets the worker's logger; these tests read it.
    caplog.set_level(logging.INFO, logger="careers.worker")


def run_worker(**options) -> None:
    """Run a worker until no task is ready (its waits after trouble cut to 0.01 s, doubling to 0.04 s)."""
    defaults = {
        "queue_names": ["default"],
        "excluded_queue_names": [],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "this-worker",
        "lease": LEASE,
        "backoff": Backoff(0.01, 0.04),
    }
    Worker(**{**defaults, **options}).run()


def queue_email(subject: str = "Confirm your address") -> str:
    return send_email.enqueue(
        subject=subject, body="Click the link", from_email="site@example.org", to=["ana@example.org"]
    ).id


def claimed(task_id: str, *workers: str, lease_left: datetime.timedelta | None) -> DBTaskResult:
    """The task as ``workers`` left it: claimed by each in turn, under a lease with ``lease_left`` to
    run (negative: it ran out), or without one, claimed two leases ago."""
    row = DBTaskResult.objects.get(pk=task_id)
    for worker_id in workers:
        row.claim(worker_id)
    if lease_left is None:
        DBTaskResult.objects.filter(pk=task_id).update(started_at=timezone.now() - 2 * LEASE)
    else:
        TaskLease.objects.create(task=row, worker_id=workers[-1], expires_at=timezone.now() + lease_left)
    return row


def fail_first(calls: int, error: Exception, function):
    """``function``, raising ``error`` on its first ``calls`` calls."""
    failures = iter(range(calls))

    def failing(*args, **kwargs):
        if next(failures, None) is not None:
            raise error
        return function(*args, **kwargs)

    return failing


def test_an_unavailable_database_is_waited_out_then_the_task_runs(
    database_tasks, mailoutbox, monkeypatch, caplog
):
    task_id = queue_email()
    monkeypatch.setattr(
        DBTaskResultQuerySet, "get_locked", fail_first(3, REFUSED, DBTaskResultQuerySet.get_locked)
    )
    run_worker()

    trouble = [record for record in caplog.records if record.getMessage().startswith("Database trouble")]
    reason = (
        'OperationalError: connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused Is the server running on that host and accepting TCP/IP connections?"
    )
    assert [record.getMessage() for record in trouble] == [
        f"Database trouble ({reason}); trying again in {delay} s" for delay in ("0.01", "0.02", "0.04")
    ]
    assert [record.exc_info for record in trouble] == [None, None, None]  # one line each, no traceback
    assert "The database answers again: carrying on" in caplog.messages
    assert [message.subject for message in mailoutbox] == ["Confirm your address"]
    assert DBTaskResult.objects.get(pk=task_id).status == "SUCCESSFUL"


def test_the_outcome_is_recorded_through_database_trouble(database_tasks, mailoutbox, monkeypatch, caplog):
    task_id = queue_email()
    save = DBTaskResult.save

    def save_outcome_failing(self, *args, **kwargs):
        return (finishing if "finished_at" in kwargs.get("update_fields", ()) else save)(
            self, *args, **kwargs
        )

    # More failures than the library's own three tries: its worker then recorded the task as failed.
    finishing = fail_first(4, OperationalError("database is locked"), save)
    monkeypatch.setattr(DBTaskResult, "save", save_outcome_failing)
    run_worker()

    assert DBTaskResult.objects.get(pk=task_id).status == "SUCCESSFUL"
    assert not TaskLease.objects.exists()
    assert len(mailoutbox) == 1
    assert (
        f"Database trouble recording task id={task_id} (OperationalError: database is locked)" in caplog.text
    )


def test_a_task_that_met_database_trouble_runs_again_instead_of_failing(
    database_tasks, mailoutbox, monkeypatch
):
    task_id = queue_email()
    server_gone = OperationalError("server closed the connection unexpectedly")
    monkeypatch.setattr(tasks, "email_send_once", fail_first(1, server_gone, tasks.email_send_once))
    run_worker()

    row = DBTaskResult.objects.get(pk=task_id)
    assert (row.status, row.worker_ids) == ("SUCCESSFUL", ["this-worker", "this-worker"])
    assert len(mailoutbox) == 1


def test_a_task_whose_lease_ran_out_runs_again_and_one_still_leased_is_left_alone(
    database_tasks, mailoutbox, caplog
):
    abandoned = claimed(queue_email("Abandoned"), "killed-worker", lease_left=-datetime.timedelta(seconds=1))
    unleased = claimed(queue_email("Claimed without a lease"), "old-worker", lease_left=None)
    busy = claimed(queue_email("Still being sent"), "busy-worker", lease_left=datetime.timedelta(seconds=30))
    run_worker()

    assert sorted(message.subject for message in mailoutbox) == ["Abandoned", "Claimed without a lease"]
    for row, first_worker in ((abandoned, "killed-worker"), (unleased, "old-worker")):
        row.refresh_from_db()
        assert (row.status, row.worker_ids) == ("SUCCESSFUL", [first_worker, "this-worker"])
    busy.refresh_from_db()
    assert (busy.status, busy.worker_ids) == ("RUNNING", ["busy-worker"])
    assert TaskLease.objects.get().task_id == busy.pk
    assert "was abandoned by worker killed-worker (its lease ran out): it runs again" in caplog.text


def test_a_task_abandoned_by_one_worker_after_another_is_failed_not_run_again(database_tasks, mailoutbox):
    workers = [f"killed-{n}" for n in range(MAX_ATTEMPTS)]
    row = claimed(queue_email(), *workers, lease_left=-datetime.timedelta(seconds=1))
    run_worker()

    row.refresh_from_db()
    assert (row.status, row.exception_class_path) == ("FAILED", "careers.worker.TaskAbandoned")
    assert mailoutbox == []


# --- Worker processes on a database shared with the test ---------------------------------------------


@dataclass
class SharedDatabase:
    """A database this test (through ``alias``) and its worker processes (``url``) both see."""

    alias: str
    url: str

    def queue_email(self, subject: str) -> str:
        """Queue ``send_email`` as ``send_email.enqueue`` does, in this database."""
        kwargs = {
            "subject": subject,
            "body": "Click",
            "from_email": "site@example.org",
            "to": ["ana@example.org"],
        }
        row = DBTaskResult.objects.using(self.alias).create(
            args_kwargs={"args": [], "kwargs": kwargs},
            task_path=send_email.module_path,
            backend_name="default",
        )
        return str(row.pk)

    def task(self, task_id: str) -> DBTaskResult:
        return DBTaskResult.objects.using(self.alias).get(pk=task_id)

    def lease(self, task_id: str) -> TaskLease | None:
        return TaskLease.objects.using(self.alias).filter(task_id=task_id).first()


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no cleanup of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, *workers: WorkerProcess, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                f"Timed out waiting for {what}. Worker output:\n" + "\n".join(w.output() for w in workers)
            )
        time.sleep(0.05)


def sent_messages(mail_dir: Path) -> list[email.message.Message]:
    """The messages the workers' file-based backend wrote (each followed by a line of 79 dashes)."""
    return [
        email.message_from_string(chunk)
        for path in sorted(mail_dir.glob("*.log"))
        for chunk in path.read_text().split("-" * 79 + "\n")
        if chunk.strip()
    ]


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """A SQLite database file, migrated once for the module (tests use copies)."""
    folder = tmp_path_factory.mktemp("worker-database")
    path = folder / "template.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.careers.worker_settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "WORKER_TEST_MAIL_DIR": str(folder),
    }
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    return path


@pytest.fixture
def sqlite_file(tmp_path, migrated_sqlite_file, transactional_db):
    """A migrated SQLite file, seen by this test as the ``worker_file`` connection (made here, not in
    settings.DATABASES: Django's test case lets a test use such a connection)."""
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite_file, path)
    url, alias = f"sqlite:///{path}", "worker_file"
    database = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.dummy"}, alias: dj_database_url.parse(url)}
    )[alias]
    connections[alias] = load_backend(database["ENGINE"]).DatabaseWrapper(database, alias)
    yield SharedDatabase(alias=alias, url=url)
    connections[alias].close()
    del connections[alias]


def postgres_url(settings_dict: dict, port: int | None = None) -> str:
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    host, port = settings_dict["HOST"] or "localhost", port or settings_dict["PORT"] or 5432
    return f"postgres://{quote(settings_dict['USER'])}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def shared_database(request) -> SharedDatabase:
    """On a PostgreSQL run the test database itself (a transactional test: what it writes is
    committed, the worker sees it); on a SQLite run (an in-memory test database) a SQLite file."""
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        return SharedDatabase(alias="default", url=postgres_url(connection.settings_dict))
    return request.getfixturevalue("sqlite_file")


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def start_worker(tmp_path, mail_dir):
    """``start_worker(database, *options, read_only=False, smtp_port=None)``: a ``manage.py db_worker``
    process (stopped after the test) polling every 0.1 s; its output goes to a log file. Its mail goes
    to ``mail_dir`` (tests.careers.gated_mail), or by SMTP to ``smtp_port`` on loopback."""
    started = []

    def start(
        database: SharedDatabase, *options: str, read_only: bool = False, smtp_port: int | None = None
    ) -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.careers.worker_settings",
            "DATABASE_URL": database.url,
            "WORKER_TEST_MAIL_DIR": str(mail_dir),
            "WORKER_TEST_READ_ONLY": "1" if read_only else "",
            "WORKER_TEST_SMTP_PORT": str(smtp_port or ""),
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ]
        with log.open("w") as output:
            process = subprocess.Popen(
                [*command, *options], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        started.append(WorkerProcess(process, log))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def test_a_locked_sqlite_database_holds_the_worker_up_until_it_is_released(
    sqlite_file, mail_dir, start_worker
):
    worker = start_worker(sqlite_file)
    wait_for(lambda: "Starting worker" in worker.output(), worker, what="the worker to start polling")
    with transaction.atomic(using=sqlite_file.alias):
        # This transaction's write holds every other writer off (the worker claims in one) until it
        # commits: another process writing, for as long as it likes.
        task_id = sqlite_file.queue_email("After the lock")
        # The worker met the lock, waited, met it again, and is still there.
        wait_for(lambda: worker.output().count("database is locked") >= 2, worker, what="the lock, twice")
        assert worker.alive()

    wait_for(lambda: sqlite_file.task(task_id).status == "SUCCESSFUL", worker, what="the task")
    assert [message["Subject"] for message in sent_messages(mail_dir)] == ["After the lock"]
    assert "The database answers again: carrying on" in worker.output()
    assert "Traceback" not in worker.output()


def test_a_read_only_database_never_stops_the_worker(shared_database, mail_dir, start_worker):
    task_id = shared_database.queue_email("Not while read-only")
    worker = start_worker(shared_database, read_only=True)
    wait_for(lambda: worker.output().count("Database trouble") >= 2, worker, what="two tries")
    assert worker.alive()
    read_only = "read-only transaction" if connection.vendor == "postgresql" else "readonly database"
    assert read_only in worker.output()
    assert "Traceback" not in worker.output()
    assert shared_database.task(task_id).status == "READY"  # left for when it can be claimed
    assert sent_messages(mail_dir) == []


def test_a_task_whose_worker_was_killed_runs_again_and_its_email_goes_out_once(
    shared_database, mail_dir, start_worker
):
    task_id = shared_database.queue_email("Sent once")
    (mail_dir / "hold").touch()
    first = start_worker(shared_database, "--lease", "1", "--worker-id", "first")
    wait_for(lambda: any(mail_dir.glob("sending-*")), first, what="the first worker to start sending")
    assert shared_database.task(task_id).status == "RUNNING"
    assert shared_database.lease(task_id).worker_id == "first"
    first.kill()

    (mail_dir / "hold").unlink()
    second = start_worker(shared_database, "--lease", "1", "--worker-id", "second")
    wait_for(lambda: shared_database.task(task_id).status == "SUCCESSFUL", second, what="the task")
    assert shared_database.task(task_id).worker_ids == ["first", "second"]
    assert "was abandoned by worker first (its lease ran out): it runs again" in second.output()
    (message,) = sent_messages(mail_dir)
    assert (message["Subject"], message["Message-ID"]) == ("Sent once", f"<{task_id}@localhost>")


def test_a_worker_killed_while_the_mail_server_holds_the_email_sends_it_once(shared_database, start_worker):
    # The server has the whole message; its "250" has not reached the worker when the worker dies. The
    # process the worker handed the email to is not killed with it: it gets the answer and records it,
    # and the task, run again by a second worker meanwhile, waits for that record instead of sending.
    task_id = shared_database.queue_email("Held by the mail server")
    with SmtpSink() as server:
        server.hold.set()
        first = start_worker(shared_database, "--lease", "1", "--worker-id", "first", smtp_port=server.port)
        wait_for(lambda: server.received, first, what="the mail server to have the message")
        first.kill()
        second = start_worker(shared_database, "--lease", "1", "--worker-id", "second", smtp_port=server.port)
        wait_for(
            lambda: shared_database.task(task_id).worker_ids == ["first", "second"],
            second,
            what="the second worker to run the abandoned task",
        )
        time.sleep(0.5)  # it waits for the first send's record, as long as the server holds its answer
        assert len(server.received) == 1
        server.hold.clear()
        wait_for(lambda: shared_database.task(task_id).status == "SUCCESSFUL", second, what="the task")
    assert len(server.received) == 1
    assert f"Message-ID: <{task_id}@localhost>" in server.received[0]
    assert f"Email {task_id} was sent already" in second.output()


def test_a_slow_send_keeps_its_lease_and_no_second_worker_runs_it(shared_database, mail_dir, start_worker):
    task_id = shared_database.queue_email("Slow mail server")
    (mail_dir / "hold").touch()
    first = start_worker(shared_database, "--lease", "2", "--worker-id", "first")
    wait_for(lambda: any(mail_dir.glob("sending-*")), first, what="the first worker to start sending")
    second = start_worker(shared_database, "--lease", "2", "--worker-id", "second")
    wait_for(lambda: "worker_id=second" in second.output(), second, what="the second worker")

    # The send outlasts two leases (the first worker renews its lease meanwhile) while the second
    # worker polls, looking for abandoned tasks.
    granted = shared_database.lease(task_id).expires_at

    def renewed_for_two_leases():
        return shared_database.lease(task_id).expires_at >= granted + datetime.timedelta(seconds=4)

    wait_for(renewed_for_two_leases, first, second, what="two leases' worth of renewals")
    assert shared_database.task(task_id).worker_ids == ["first"]

    (mail_dir / "hold").unlink()
    wait_for(lambda: shared_database.task(task_id).status == "SUCCESSFUL", first, what="the task")
    assert shared_database.task(task_id).worker_ids == ["first"]
    assert [message["Subject"] for message in sent_messages(mail_dir)] == ["Slow mail server"]


def test_postgresql_going_away_and_coming_back_never_stops_the_worker(
    shared_database, mail_dir, start_worker
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's server going away (the SQLite file is always there)")
    proxy = TcpProxy(
        (connection.settings_dict["HOST"] or "localhost", int(connection.settings_dict["PORT"] or 5432))
    )
    proxy.start()
    try:
        through_proxy = SharedDatabase(
            alias="default", url=postgres_url(connection.settings_dict, port=proxy.port)
        )
        worker = start_worker(through_proxy)
        wait_for(
            lambda: proxy.connections >= 1 and "Starting worker" in worker.output(), worker, what="a start"
        )
        proxy.stop()  # every connection dropped, new ones refused
        task_id = shared_database.queue_email("After the outage")
        wait_for(lambda: worker.output().count("Database trouble") >= 2, worker, what="two tries")
        assert worker.alive()
        proxy.start()
        wait_for(lambda: shared_database.task(task_id).status == "SUCCESSFUL", worker, what="the task")
    finally:
        proxy.stop()
    assert "Connection refused" in worker.output()
    assert "The database answers again: carrying on" in worker.output()
    assert "Traceback" not in worker.output()
    assert [message["Subject"] for message in sent_messages(mail_dir)] == ["After the outage"]

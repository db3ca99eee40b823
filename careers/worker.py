"""The task worker that ``manage.py db_worker`` runs: django-tasks-db's ``Worker``, made to ride out
database trouble and to lease the tasks it runs.

Why: the library's loop lets every database error escape but SQLite's "database is locked" (and even
that one escapes while SQLite waits on ``BEGIN EXCLUSIVE``), so a PostgreSQL restart or failover, a
read-only spell or a locked SQLite file ended the worker; under the autoreloader (DEBUG) the process
stayed up with its worker thread dead. And a task claimed by a worker that was then killed stayed
RUNNING for ever: the email it was sending never went out.

- **Database trouble** while polling, claiming or recording an outcome is logged on one line, the
  connections are closed (a broken one fails every query; the next query opens a fresh one) and the
  worker waits, 1 s doubling to 30 s, before it carries on. It never stops on its own.
- **Leases.** Claiming a task takes a lease (``careers.models.TaskLease``), renewed by a thread every
  third of it while the task runs, so a slow task (an SMTP send times out after 10 s; the lease is
  60 s) never gets a second runner while its worker lives. A RUNNING task whose lease ran out was
  abandoned: the next worker to look puts it back to READY and it runs again. After ``MAX_ATTEMPTS``
  runs it is recorded as failed instead (a task that kills its worker must not run for ever).
- **Outcomes** are written through database trouble for up to a lease (by then the lease has run out
  and the task will run again). A task that itself failed on database trouble goes back to READY
  instead of being recorded as failed.

So a task runs at least once and may run twice (its worker died after the work, before the record).
Ours send email, and an email is sent once however often its task runs: ``careers.outbox.email_send_once``.
"""

import logging
import os
import random
import threading
import time
from contextlib import suppress
from datetime import timedelta
from functools import partial

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from careers.models import TaskLease

logger = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5
# PostgreSQL's SQLSTATE for a write in a read-only transaction (a standby, or default_transaction_read_only).
READ_ONLY_SQL_TRANSACTION = "25006"


class TaskAbandoned(Exception):
    """Recorded as the failure of a task whose workers kept dying while they ran it."""


def is_database_trouble(error: BaseException) -> bool:
    """The database is locked, unreachable, restarting or read-only: trouble that passes, unlike a bug."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DatabaseError) and (
        getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQL_TRANSACTION
    )


def one_line(error: BaseException) -> str:
    """The error's class and message on one line (PostgreSQL's messages span several)."""
    return f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"


def close_connections() -> None:
    """Close this thread's database connections; the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with suppress(DatabaseError):
            connection.close()


def requeue(task_result: DBTaskResult) -> None:
    """Put a claimed task back to READY: the next free worker runs it again."""
    task_result.status = TaskResultStatus.READY
    task_result.save(update_fields=["status"])


class Backoff:
    """The waits after database trouble: ``first`` seconds, doubling each time, never more than ``cap``."""

    def __init__(self, first: float = 1.0, cap: float = 30.0):
        self.first, self.cap = first, cap
        self.delay = first

    def next_delay(self) -> float:
        delay, self.delay = self.delay, min(self.delay * 2, self.cap)
        return delay

    def reset(self) -> None:
        self.delay = self.first

    def fresh(self) -> "Backoff":
        return Backoff(self.first, self.cap)


class LeaseKeeper:
    """Renews a task's lease every third of it while the ``with`` block runs the task, from a thread
    of its own (the task runs in the worker's thread and may take longer than a lease)."""

    def __init__(self, task_result: DBTaskResult, *, worker_id: str, lease: timedelta):
        self.task_result, self.worker_id, self.lease = task_result, worker_id, lease
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._keep, name=f"lease-{task_result.pk}", daemon=True)

    def __enter__(self) -> "LeaseKeeper":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join()

    def _keep(self) -> None:
        try:
            while not self.stopped.wait(self.lease.total_seconds() / 3):
                self._renew()
        finally:
            close_connections()  # the thread's own

    def _renew(self) -> None:
        try:
            renewed = (
                TaskLease.objects.using(self.task_result._state.db)
                .filter(task_id=self.task_result.pk, worker_id=self.worker_id)
                .update(expires_at=timezone.now() + self.lease)
            )
        except DatabaseError as error:
            logger.warning(
                "Could not renew the lease of task id=%s (%s)", self.task_result.pk, one_line(error)
            )
            close_connections()
            return
        if not renewed and not self.stopped.is_set():
            logger.warning("Task id=%s lost its lease: another worker may run it again", self.task_result.pk)


class Worker(db_worker.Worker):
    """django-tasks-db's worker with its loop guarded against database trouble and its tasks leased.

    ``lease`` is how long a claimed task stays this worker's without a renewal; ``backoff`` paces the
    retries after database trouble. Every other option is the library's.
    """

    def __init__(self, *, lease: timedelta = DEFAULT_LEASE, backoff: Backoff | None = None, **options):
        super().__init__(**options)
        self.lease = lease
        self.backoff = backoff or Backoff()
        self.in_trouble = False
        self.next_sweep = 0.0  # time.monotonic() of the next look for abandoned tasks

    def run(self) -> None:
        """The library's loop, each round guarded: trouble is ridden out, never raised."""
        logger.info(
            "Starting worker worker_id=%s queues=%s lease=%gs",
            self.worker_id,
            ",".join(self.queue_names),
            self.lease.total_seconds(),
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # workers started together don't poll together
        while self.running:
            try:
                close_old_connections()
                task_result = self.claim_next()
            except Exception as error:
                self.ride_out(error)
                continue
            self.trouble_over()
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting.", self._run_tasks, self.worker_id)
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim_next(self) -> DBTaskResult | None:
        """Claim the next ready task under a lease, in one exclusive transaction as the library does;
        every half lease, first put abandoned tasks back."""
        tasks = self.ready_tasks()
        sweep = time.monotonic() >= self.next_sweep
        with exclusive_transaction(tasks.db):
            if sweep:
                self.requeue_abandoned(using=tasks.db)
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
                TaskLease.objects.using(tasks.db).update_or_create(
                    task=task_result,
                    defaults={"worker_id": self.worker_id, "expires_at": timezone.now() + self.lease},
                )
        if sweep:
            self.next_sweep = time.monotonic() + self.lease.total_seconds() / 2
        return task_result

    def requeue_abandoned(self, *, using: str) -> None:
        """RUNNING tasks whose lease ran out (or that were claimed without one, longer than a lease ago)
        go back to READY, or are failed once ``MAX_ATTEMPTS`` workers have run them. Writes nothing
        when there is nothing to do (an idle worker keeps polling a read-only database)."""
        now = timezone.now()
        abandoned = (
            DBTaskResult.objects.using(using)
            .running()
            .filter(backend_name=self.backend_name)
            .filter(Q(lease__expires_at__lt=now) | Q(lease__isnull=True, started_at__lt=now - self.lease))
        )
        for task_result in abandoned:
            attempts = len(task_result.worker_ids)
            if attempts >= MAX_ATTEMPTS:
                logger.error(
                    "Task id=%s path=%s was abandoned %d times: failed",
                    task_result.pk,
                    task_result.task_path,
                    attempts,
                )
                task_result.set_failed(TaskAbandoned(f"Its workers died (leases ran out) {attempts} times"))
            else:
                logger.warning(
                    "Task id=%s path=%s was abandoned by worker %s (its lease ran out): it runs again",
                    task_result.pk,
                    task_result.task_path,
                    task_result.worker_ids[-1] if task_result.worker_ids else "?",
                )
                requeue(task_result)
        stale = TaskLease.objects.using(using).exclude(task__status=TaskResultStatus.RUNNING)
        stale_ids = list(stale.values_list("pk", flat=True))
        if stale_ids:
            TaskLease.objects.using(using).filter(pk__in=stale_ids).delete()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """The library's ``run_task``, with the lease kept while it runs and the outcome written through
        database trouble (the library ends a task with one of these two methods of its row)."""
        db_task_result.set_successful = partial(self.record_success, db_task_result)
        db_task_result.set_failed = partial(self.record_failure, db_task_result)
        try:
            with LeaseKeeper(db_task_result, worker_id=self.worker_id, lease=self.lease):
                super().run_task(db_task_result)
        except Exception as error:
            # Its outcome could not be written for a whole lease (or a signal receiver failed): if it
            # is still RUNNING, its lease runs out and it runs again.
            self.ride_out(error)

    def record_success(self, task_result: DBTaskResult, return_value) -> None:
        self.record(task_result, partial(DBTaskResult.set_successful, task_result, return_value))

    def record_failure(self, task_result: DBTaskResult, error: BaseException) -> None:
        """A task that failed on database trouble runs again (up to ``MAX_ATTEMPTS`` runs); any other
        failure is recorded as the library records it."""
        if is_database_trouble(error) and len(task_result.worker_ids) < MAX_ATTEMPTS:
            logger.warning(
                "Task id=%s path=%s met database trouble (%s): it runs again",
                task_result.pk,
                task_result.task_path,
                one_line(error),
            )
            self.record(task_result, partial(requeue, task_result))
        else:
            self.record(task_result, partial(DBTaskResult.set_failed, task_result, error))

    def record(self, task_result: DBTaskResult, write) -> None:
        """Write a task's outcome and drop its lease in one transaction, retried through database
        trouble for up to a lease (after that the lease has run out, and the task will run again)."""
        give_up_at = time.monotonic() + self.lease.total_seconds()
        backoff = self.backoff.fresh()
        while True:
            try:
                with transaction.atomic(using=task_result._state.db):
                    write()
                    TaskLease.objects.using(task_result._state.db).filter(task_id=task_result.pk).delete()
                return
            except DatabaseError as error:
                delay = backoff.next_delay()
                if time.monotonic() + delay > give_up_at:
                    raise
                logger.warning(
                    "Database trouble recording task id=%s (%s); trying again in %g s",
                    task_result.pk,
                    one_line(error),
                    delay,
                )
                close_connections()
                time.sleep(delay)

    def ride_out(self, error: Exception) -> None:
        """Log the error on one line (with its traceback only if it is not database trouble: a bug),
        close the connections and wait the next backoff."""
        delay = self.backoff.next_delay()
        self.in_trouble = True
        if isinstance(error, DatabaseError):
            logger.warning("Database trouble (%s); trying again in %g s", one_line(error), delay)
        else:
            logger.error("Worker error (%s); trying again in %g s", one_line(error), delay, exc_info=error)
        close_connections()
        time.sleep(delay)

    def trouble_over(self) -> None:
        if self.in_trouble:
            logger.info("The database answers again: carrying on")
            self.in_trouble = False
            self.backoff.reset()


def run(worker: Worker, *, reload: bool) -> None:
    """Run ``worker`` until it is stopped (Ctrl-C, SIGTERM), under Django's autoreloader when ``reload``
    (as the library's command does: only the reloaded child handles the signals)."""
    if reload:
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()
        run_with_reloader(worker.run)
    else:
        worker.configure_signals()
        worker.run()

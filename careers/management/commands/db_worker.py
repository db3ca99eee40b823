"""``manage.py db_worker``: the task worker of ``careers.worker`` in place of django-tasks-db's command
of the same name (careers comes before django_tasks_db in INSTALLED_APPS, so Django finds this one).
The library's options, plus ``--lease``."""

import logging
from argparse import ArgumentTypeError
from datetime import timedelta

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from careers import worker


def positive_seconds(value: str) -> float:
    seconds = db_worker.valid_interval(value)
    if seconds <= 0:
        raise ArgumentTypeError("Must be greater than zero")
    return seconds


class Command(db_worker.Command):
    help = (
        "Run the task worker (it sends the email). It rides out database trouble, and a task whose "
        "worker died runs again once its lease runs out."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--lease",
            type=positive_seconds,
            default=worker.DEFAULT_LEASE.total_seconds(),
            help="Seconds a claimed task stays this worker's between renewals (default: %(default)r)",
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        worker.logger.setLevel({0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG))

    def handle(self, *, verbosity, queue_name, exclude_queues, batch, reload, lease, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        task_worker = worker.Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            lease=timedelta(seconds=lease),
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.run(task_worker, reload=reload and not batch)  # --batch runs once, never reloaded

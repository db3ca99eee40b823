"""``manage.py send_handed_off_email KEY``: the hand-off process of ``careers.outbox`` (the task worker
starts it; not for use by hand). Reads the pickled email from standard input, sends it and records it."""

import pickle
import sys

from django.core.management.base import BaseCommand

from careers import outbox


class Command(BaseCommand):
    help = "Send one email handed off by the task worker (reads it from standard input); internal."

    def add_arguments(self, parser):
        parser.add_argument("key", help="The id of the task that queued the email")

    def handle(self, *args, key, **options):
        message = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (written by our own worker, over a pipe)
        status = outbox.send_handed_off(message=message, key=key)
        if status:
            sys.exit(status)

"""Each queued email is sent once, however often the task that sends it runs.

A task may run twice: its worker died after the work, before recording it (``careers.worker`` leases
tasks and runs an abandoned one again). So every email task sends through ``email_send_once``, keyed by
the task's own id, which is made when the email is queued.

With a real mail server (``EMAIL_HANDOFF``, on when ``EMAIL_HOST`` is set) the email is handed to it by
a process of its own (``manage.py send_handed_off_email``), started in a session of its own and deaf to
SIGTERM, which records the server's acceptance itself. A worker killed mid-send (SIGKILL, the kernel's
out-of-memory killer, a deploy) no longer cuts the conversation between the mail server taking the
message and its "250" reaching us: that was the moment an email went out twice.
"""

import logging
import pickle
import signal
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from careers.models import SentEmail

logger = logging.getLogger(__name__)

# How long a hand-off process may take before it is stopped. An SMTP send gives up after 10 s at each
# step; the task's lease (60 s, renewed every 20 s) outlasts this, so a second runner of the task only
# starts once the hand-off is over (and waits for it otherwise).
HANDOFF_DEADLINE = timedelta(seconds=45)
# A task that runs again while the earlier hand-off may still be under way looks every POLL seconds.
POLL = 0.25
# The exit status of a hand-off whose email the mail server accepted but whose record failed.
SENT_NOT_RECORDED = 3


class EmailNotSent(Exception):
    """The hand-off process ended without the mail server accepting the email (its output says why)."""


def email_message_id(key: str) -> str:
    """The Message-ID of the email queued as ``key``: the same on every send, from any host."""
    return f"<{key}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def email_send_once(*, message: EmailMessage, key: str) -> bool:
    """Send ``message``, the email queued as ``key`` (the id of the task that sends it), unless it
    was sent already, and record that it was. Returns whether it was sent now.

    The guarantee, with the worker's leases (careers.worker): a queued email is handed to the mail
    server at least once, whatever happens to the worker sending it (a mail server's refusal fails the
    task, as before: it is not retried), and once. A worker killed at any moment of the send leaves the
    hand-off process to finish it and record it; the task that runs again waits for that record. What
    is left: a whole machine lost (or a hand-off stopped at its deadline) in the moment between the mail
    server accepting the message and the record; then the email goes out again, with the same
    Message-ID, which receiving servers and mail clients that drop duplicates drop. Exactly once cannot
    be had: the mail server and the database do not commit together.
    """
    message.extra_headers["Message-ID"] = email_message_id(key)
    if not getattr(settings, "EMAIL_HANDOFF", False):
        if SentEmail.objects.sent().filter(key=key).exists():
            return _already_sent(key)
        message.send()
        record_sent(key)
        return True
    if _earlier_handoff_sent(key):
        return _already_sent(key)
    until = timezone.now() + HANDOFF_DEADLINE
    SentEmail.objects.update_or_create(key=key, defaults={"handed_off_until": until, "sent_at": None})
    return _hand_off(message, key)


def record_sent(key: str) -> None:
    SentEmail.objects.update_or_create(
        key=key, defaults={"sent_at": timezone.now(), "handed_off_until": None}
    )


def _already_sent(key: str) -> bool:
    logger.info("Email %s was sent already (its task ran before): not sending it again", key)
    return False


def _earlier_handoff_sent(key: str) -> bool:
    """Whether the email was sent, after waiting for a hand-off of it that may still be under way (its
    task ran before, on a worker that died)."""
    while True:
        record = SentEmail.objects.filter(key=key).first()
        if record is None or record.sent_at is not None:
            return record is not None
        if record.handed_off_until is None or record.handed_off_until <= timezone.now():
            return False  # that hand-off ended without the mail server's acceptance: send it now
        time.sleep(POLL)


def _hand_off(message: EmailMessage, key: str) -> bool:
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "send_handed_off_email", key]
    # Its own session: a signal to the worker's process group does not reach it.
    process = subprocess.Popen(command, stdin=subprocess.PIPE, cwd=settings.BASE_DIR, start_new_session=True)
    try:
        process.communicate(pickle.dumps(message), timeout=HANDOFF_DEADLINE.total_seconds() + 5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.returncode == 0:
        return True
    if process.returncode == SENT_NOT_RECORDED:
        close_old_connections()
        record_sent(key)
        return True
    SentEmail.objects.filter(key=key, sent_at__isnull=True).update(handed_off_until=None)
    raise EmailNotSent(f"Email {key} not sent: its hand-off process exited with status {process.returncode}")


def send_handed_off(*, message: EmailMessage, key: str) -> int:
    """The hand-off process's work: send ``message`` and record it as ``key``. Returns the exit status:
    0 sent and recorded, SENT_NOT_RECORDED when the record could not be written before the deadline (the
    worker writes it, if it is still there); a refusal raises."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a stopping worker's group signal: finish the send
    signal.alarm(int(HANDOFF_DEADLINE.total_seconds()))
    message.send()
    deadline = time.monotonic() + HANDOFF_DEADLINE.total_seconds() / 3
    while True:
        try:
            record_sent(key)
            return 0
        except DatabaseError as error:
            logger.warning("Email %s sent, not yet recorded: %s", key, error)
            close_old_connections()
            if time.monotonic() > deadline:
                return SENT_NOT_RECORDED
            time.sleep(1)

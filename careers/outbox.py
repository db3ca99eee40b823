"""Each queued email is sent once, however often the task that sends it runs.

A task may run twice: its worker died after the work, before recording it (``careers.worker`` leases
tasks and runs an abandoned one again). So every email task sends through ``email_send_once``, keyed by
the task's own id, which is made when the email is queued.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from careers.models import SentEmail

logger = logging.getLogger(__name__)


def email_message_id(key: str) -> str:
    """The Message-ID of the email queued as ``key``: the same on every send, from any host."""
    return f"<{key}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def email_send_once(*, message: EmailMessage, key: str) -> bool:
    """Send ``message``, the email queued as ``key`` (the id of the task that sends it), unless it
    was sent already, and record that it was. Returns whether it was sent now.

    The guarantee, with the worker's leases (careers.worker): a queued email is handed to the mail
    server at least once, whatever happens to the worker sending it (a mail server's refusal fails the
    task, as before: it is not retried), and once its sending is recorded it is never sent again,
    however often its task runs. The gap is the moment between the mail server accepting the message
    and the record being written: if the worker is killed (or the database fails) right then, the task
    runs again and the email goes out a second time; so it does if two workers run the task at once,
    which needs a worker cut off from the database for longer than its lease. Every copy carries the
    same Message-ID, so receiving servers and mail clients that drop duplicates drop it. Exactly once
    cannot be had: the mail server and the database do not commit together.
    """
    if SentEmail.objects.filter(key=key).exists():
        logger.info("Email %s was sent already (its task ran before): not sending it again", key)
        return False
    message.extra_headers["Message-ID"] = email_message_id(key)
    message.send()
    SentEmail.objects.get_or_create(key=key)
    return True

"""Tasks (Django's Tasks framework; django-tasks-db runs them from the database with
``manage.py db_worker``, see careers.worker). Enqueue them on commit:
``transaction.on_commit(lambda: task.enqueue(...))``.

A task may run twice (its worker died after the work, before recording it), so each sends its email
through ``careers.outbox.email_send_once``, keyed by the task's id: sent once, however often it runs."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task

from careers.digest import follow_digest_send
from careers.outbox import email_send_once


@task(takes_context=True)
def send_email(context, *, subject: str, body: str, from_email: str, to: list[str], html: str = "") -> bool:
    """Send one email that was rendered in the request (unless it was sent already). A failure
    raises, so the worker records it."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return email_send_once(message=message, key=context.task_result.id)


def enqueue_email_on_commit(message) -> None:
    """Queue a rendered ``EmailMessage`` to be sent by the worker once the current transaction commits."""
    html = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
    )
    kwargs = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "html": str(html),
    }
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))


@task(takes_context=True)
def send_follow_digest(context, user_id: int) -> bool:
    """Email one member what a new data release changed in the tracks they follow (queued by
    ``services.notify_followers``; rendered and sent here, in the worker, by ``careers.digest``). A
    failure raises, so the worker records it."""
    return follow_digest_send(user_id=user_id, email_key=context.task_result.id)

"""Slow work run by the task worker (Django's Tasks framework; the backend is set in ``TASKS``).

Tasks are enqueued after the transaction that decided them commits:
``transaction.on_commit(lambda: the_task.enqueue(...))``.
"""

from django.tasks import task

from careers import services


@task()
def send_follow_digest(user_id: int) -> bool:
    """Email one member what a new data release changed in the tracks they follow."""
    return services.follow_digest_send(user_id=user_id)

"""A client-side deadline for database waits in a web request.

A frozen PostgreSQL (stopped, swapping, a hung host whose kernel still answers) never answers: its
``statement_timeout`` does not run, and TCP keepalives are answered by its kernel, so a query waits
for as long as the server is frozen, and so does every worker that asks. The deadline is kept on the
client: ``careers.middleware.DatabaseDeadlineMiddleware`` gives each request one, and the PostgreSQL
backend (``careers.postgresql``) gives up any wait for the server that would outlast it, closes that
connection (its state is unknown) and raises ``OperationalError``, which the site answers with the 503
page. The next request connects afresh, so the site recovers by itself once the server answers.

A wait is given the time left before the deadline, and never less than ``MIN_WAIT`` seconds, so a
frozen server is answered within the deadline plus a second, while a long but healthy request (many
short queries) is never cut short. Outside a request (management commands, the task worker) there is
no deadline unless code asks for one with :func:`database_deadline`.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

MIN_WAIT = 1.0

_deadline: ContextVar[float | None] = ContextVar("careers_database_deadline", default=None)


@contextmanager
def database_deadline(seconds: float | None, *, only_shorter: bool = False):
    """Within the block, no wait for the database server goes on past ``seconds`` from now.

    ``None`` lifts the deadline for the block. ``only_shorter`` keeps an earlier deadline already in
    force (a health check inside a request never extends the request's deadline).
    """
    new = None if seconds is None else time.monotonic() + seconds
    current = _deadline.get()
    if only_shorter and current is not None and (new is None or current < new):
        new = current
    token = _deadline.set(new)
    try:
        yield
    finally:
        _deadline.reset(token)


def wait_limit() -> float | None:
    """How long the next wait for the database may take: the time left before the deadline, at least
    ``MIN_WAIT``; ``None`` when there is no deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    return max(deadline - time.monotonic(), MIN_WAIT)

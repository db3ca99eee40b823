"""Django's PostgreSQL backend, with waits that end (settings: ``ENGINE = "careers.postgresql"``).

Three additions to ``django.db.backends.postgresql``, all on the client, because a frozen server
enforces nothing (see ``careers.deadline``):

- **A deadline on every wait.** Connections are :class:`DeadlineConnection`: each wait for the server
  (a query, a fetch, a commit) ends by the request's deadline. A wait that runs out closes the
  connection, whose protocol state is then unknown, and raises :class:`DatabaseDeadlineExceeded` (an
  ``OperationalError``: the 503 page). Django drops a closed connection, so the next request connects
  afresh (at once: a closed connection is replaced at its next use): recovery needs no restart.
- **A short memory of an unreachable server.** After a wait ran out, or a connection attempt timed
  out, this process does not try that database again for ``DATABASE_RETRY_AFTER_SECONDS`` (2 s):
  requests that need it get the 503 page at once instead of each holding a worker until its
  deadline, and the first request after that tries again.
- **Health checks without a round trip.** Django checks a reused connection at the start of each
  request (``CONN_HEALTH_CHECKS``) with ``SELECT 1``: a round trip to the server before every page's
  first query. Here that check asks the kernel instead: a connection the server ended (a restart,
  ``pg_terminate_backend``, an idle timeout) has its goodbye or its end of file waiting on the socket,
  so a socket with anything to read, or not idle, is closed and replaced before the request's first
  query; one with nothing to read is used as it is. (A server that vanished without a word, or froze,
  is caught by the query's deadline, as a ``SELECT 1`` would have been by its own.) The check of a
  connection that raised, at the end of a request, is still Django's ``SELECT 1``, given
  ``DATABASE_CONNECT_TIMEOUT`` seconds at most.

The connect itself is bounded by ``connect_timeout`` (psycopg enforces it on the client, 2 s at least),
lowered to the time left before the request's deadline.
"""

import logging
import math
import select
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg import errors as pg_errors
from psycopg.connection import _WAIT_INTERVAL

from careers.deadline import database_deadline, wait_limit

logger = logging.getLogger(__name__)

# psycopg's own "the wait ran out" (an OperationalError); internal to psycopg, which is pinned.
_WaitTimeout = pg_errors._WaitTimeout

# alias -> time.monotonic() before which this process does not try to connect again
_unreachable_until: dict[str, float] = {}


class DatabaseDeadlineExceeded(psycopg.OperationalError):
    """The server did not answer before the request's deadline; the connection was closed."""


def _retry_after() -> float:
    return float(getattr(settings, "DATABASE_RETRY_AFTER_SECONDS", 2.0))


def mark_unreachable(alias: str) -> None:
    seconds = _retry_after()
    if seconds > 0:
        _unreachable_until[alias] = time.monotonic() + seconds


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends by the deadline in force."""

    _careers_alias = "default"

    def wait(self, gen, interval=_WAIT_INTERVAL, timeout=None):
        limit = wait_limit()
        if limit is None:
            return super().wait(gen, interval=interval, timeout=timeout)
        if timeout is not None:
            limit = min(limit, timeout)
        try:
            return super().wait(gen, interval=interval, timeout=limit)
        except _WaitTimeout:
            # Mid-protocol: the connection cannot be used again. Closing it is local (libpq's
            # terminate message goes to the socket buffer; nothing waits for the server).
            self.close()
            mark_unreachable(self._careers_alias)
            logger.error("Database did not answer within %.1f s; connection closed", limit)
            raise DatabaseDeadlineExceeded(
                f"the database did not answer within {limit:.1f} s (request deadline); connection closed"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        until = _unreachable_until.get(self.alias, 0.0)
        left = until - time.monotonic()
        if left > 0:
            raise psycopg.OperationalError(
                f"the database did not answer a moment ago; not trying again for {left:.1f} s"
            )
        limit = wait_limit()
        if limit is not None:
            configured = int(conn_params.get("connect_timeout") or 0) or 10
            conn_params = {**conn_params, "connect_timeout": max(2, min(configured, math.ceil(limit)))}
        try:
            connection = super().get_new_connection(conn_params)
        except pg_errors.ConnectionTimeout:
            mark_unreachable(self.alias)
            raise
        # psycopg.connect() made a plain Connection; ours only adds the wait above (no state).
        connection.__class__ = DeadlineConnection
        connection._careers_alias = self.alias
        return connection

    def ensure_connection(self):
        # A connection closed under Django (a wait that ran out, a server that hung up) is replaced at
        # the next use outside a transaction, in a request or not (Django itself only looks at the end
        # of a request, and the task worker has no requests).
        if self.connection is not None and self.connection.closed and not self.in_atomic_block:
            self.close()
        super().ensure_connection()

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done or self.pool:
            return
        if not idle_and_open(self.connection):
            self.close()
        self.health_check_done = True

    def is_usable(self):
        seconds = float(self.settings_dict["OPTIONS"].get("connect_timeout") or 3)
        with database_deadline(seconds, only_shorter=True):
            return super().is_usable()


def idle_and_open(connection: psycopg.Connection) -> bool:
    """Whether ``connection`` is idle, with nothing from the server waiting on its socket, asked of the
    kernel (no round trip). An idle connection's server says nothing unless it is ending the
    connection (or, rarely, sends a notice: the connection is then replaced for nothing)."""
    if connection.closed or connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        return False
    waiting = select.poll()
    waiting.register(connection.fileno(), select.POLLIN | select.POLLPRI)
    return not waiting.poll(0)

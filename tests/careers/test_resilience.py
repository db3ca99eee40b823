"""Faults the site must ride out, each played for real where a test can (tests/careers/faultproxy.py
stands between Django and a server): a frozen database ends in the 503 page by the request's deadline
and the next request works without a restart; /ping never touches the database; a read-only database
answers 503 ("not saved"), never 500, and /healthz says so; rate limits counted while Redis was down
still count once it is back."""

import contextlib
import time

import pytest
from django.db import OperationalError, connection, transaction
from django.db.utils import load_backend
from django.test import Client

from tests.careers.factories import PASSWORD, make_member
from tests.careers.faultproxy import FaultProxy

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL behaviour")


# --- A frozen database (issue item 2) -----------------------------------------------------------------


def test_production_settings_bound_every_wait_for_postgresql(monkeypatch):
    import importlib

    import careers.settings as project_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://careers@db.internal:5432/careers")
    names = ("DATABASE_REQUEST_DEADLINE_SECONDS", "DATABASE_TCP_USER_TIMEOUT_MS", "DATABASE_CONNECT_TIMEOUT")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    reloaded = importlib.reload(project_settings)
    try:
        database = reloaded.DATABASES["default"]
        assert database["ENGINE"] == "careers.postgresql"  # the client-side deadline
        assert database["OPTIONS"]["tcp_user_timeout"] == 10000
        assert database["OPTIONS"]["connect_timeout"] == 3
        assert reloaded.MIDDLEWARE[0] == "careers.middleware.DatabaseDeadlineMiddleware"
        # Within gunicorn's timeout (30 s) and nginx's proxy_read_timeout, so a frozen database is a 503
        # from Django, never a 502/504 from nginx.
        assert 0 < reloaded.DATABASE_REQUEST_DEADLINE_SECONDS + 1 < 30
        assert 0 < reloaded.DATABASE_ADMIN_DEADLINE_SECONDS + 1 < 30
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


@pytest.fixture
def postgresql_proxy():
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    port = int(connection.settings_dict["PORT"] or 5432)
    with FaultProxy(host, port) as proxy:
        yield proxy


def _wrapper_through(proxy, alias):
    backend = load_backend(connection.settings_dict["ENGINE"])
    settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": str(proxy.port)}
    return backend.DatabaseWrapper(settings_dict, alias=alias)


def _select_one(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


@on_postgresql
@pytest.mark.django_db
def test_a_frozen_server_ends_the_wait_at_the_deadline_and_the_next_request_reconnects(
    postgresql_proxy, settings
):
    from careers.deadline import database_deadline

    settings.DATABASE_RETRY_AFTER_SECONDS = 0.5
    wrapper = _wrapper_through(postgresql_proxy, "frozen-check")
    try:
        with database_deadline(1):
            assert _select_one(wrapper) == 1
        postgresql_proxy.freeze()  # the server stops answering; the kernel still holds the connection

        started = time.monotonic()
        with pytest.raises(OperationalError, match="did not answer within"), database_deadline(1):
            _select_one(wrapper)
        assert time.monotonic() - started < 1.5
        assert wrapper.connection is None or wrapper.connection.closed  # the stuck connection is gone

        # Right after, this process does not even try: the 503 comes at once, no worker waits.
        started = time.monotonic()
        with pytest.raises(OperationalError, match="not trying again"), database_deadline(1):
            wrapper.close()
            _select_one(wrapper)
        assert time.monotonic() - started < 0.3

        # A new connection to the frozen server gives up too (connect_timeout: psycopg's minimum, 2 s).
        time.sleep(0.6)
        started = time.monotonic()
        with pytest.raises(OperationalError), database_deadline(1):
            wrapper.close()
            _select_one(wrapper)
        assert time.monotonic() - started < 3

        # The server comes back: the next request connects afresh, nothing is restarted.
        postgresql_proxy.thaw()
        time.sleep(0.6)
        with database_deadline(1):
            wrapper.close()
            assert _select_one(wrapper) == 1
    finally:
        wrapper.close()


@on_postgresql
@pytest.mark.django_db
def test_a_reused_connection_is_checked_without_a_round_trip(postgresql_proxy):
    """Django checks a reused connection before a request's first query. That check asks the kernel, not
    the server: with the server frozen it returns at once and keeps the connection (Django's SELECT 1
    waited up to its 3 s); the query itself then answers when the server does."""
    wrapper = _wrapper_through(postgresql_proxy, "check-without-round-trip")
    try:
        assert _select_one(wrapper) == 1 and wrapper.health_check_enabled
        first = wrapper.connection
        postgresql_proxy.freeze()
        wrapper.health_check_done = False  # a new request
        started = time.monotonic()
        wrapper.close_if_health_check_failed()
        assert time.monotonic() - started < 0.1 and wrapper.connection is first
        postgresql_proxy.thaw()
        assert _select_one(wrapper) == 1 and wrapper.connection is first
    finally:
        wrapper.close()


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("ended_by", ["the server", "the network"])
def test_a_connection_the_server_ended_is_replaced_before_the_next_request_queries(
    postgresql_proxy, ended_by
):
    """The server ended an idle connection (a restart, pg_terminate_backend) or the network cut it: the
    next request's first query runs on a new connection, and succeeds."""
    backend = load_backend(connection.settings_dict["ENGINE"])
    if ended_by == "the server":
        wrapper = backend.DatabaseWrapper({**connection.settings_dict}, alias="ended-by-server")
    else:
        wrapper = _wrapper_through(postgresql_proxy, "ended-by-network")
    try:
        assert _select_one(wrapper) == 1
        first, pid = wrapper.connection, wrapper.connection.info.backend_pid
        if ended_by == "the server":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        else:
            postgresql_proxy.down()
            time.sleep(0.2)  # the proxy's loop lets go of its listening socket
            postgresql_proxy.up()
        time.sleep(0.2)  # the goodbye reaches the socket
        wrapper.health_check_done = False  # the next request
        assert _select_one(wrapper) == 1
        assert wrapper.connection is not first and wrapper.connection.info.backend_pid != pid
    finally:
        wrapper.close()


@on_postgresql
@pytest.mark.django_db
def test_outside_a_request_there_is_no_client_deadline(postgresql_proxy):
    """Management commands and data loads (no request) wait for the server as long as it takes."""
    wrapper = _wrapper_through(postgresql_proxy, "no-deadline-check")
    try:
        with wrapper.cursor() as cursor:
            started = time.monotonic()
            cursor.execute("SELECT pg_sleep(1.5)")
        assert time.monotonic() - started >= 1.5
    finally:
        wrapper.close()


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.careers.sleep_urls")
def test_a_request_the_database_does_not_answer_gets_the_503_page_by_its_deadline_then_the_site_recovers(
    settings,
):
    """The server does not answer (pg_sleep with no statement timeout: to the client, a frozen server):
    the page answers 503 within the deadline plus a second, and the next request works."""
    settings.DATABASE_REQUEST_DEADLINE_SECONDS = 1
    settings.DATABASE_RETRY_AFTER_SECONDS = 0.5
    client = Client()
    started = time.monotonic()
    response = client.get("/hang/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert b"back in a moment" in response.content.lower()
    assert elapsed < settings.DATABASE_REQUEST_DEADLINE_SECONDS + 1
    time.sleep(0.6)
    assert client.get("/healthz").status_code == 200


def test_ping_touches_no_database_even_with_a_session_cookie(client):
    """No django_db mark: any query raises. A visitor's session and CSRF cookies do not change that,
    so /ping answers while the database is frozen."""
    client.cookies["sessionid"] = "x" * 32
    client.cookies["csrftoken"] = "y" * 32
    client.cookies["messages"] = "z"
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"pong"


# --- A read-only database (issue item 7) --------------------------------------------------------------


@contextlib.contextmanager
def _read_only_database():
    """The database refuses writes: PostgreSQL's read-only transaction (SQLSTATE 25006, as with
    default_transaction_read_only or a hot standby), in a savepoint whose rollback makes it writable
    again; SQLite's query_only."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL transaction_read_only = on")
            else:
                cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA query_only = OFF")
            transaction.set_rollback(True)


def _in_savepoint(call, *args, **kwargs):
    """One request as production runs it, its own transaction: here a savepoint of the test's
    transaction, so the failed write does not spoil the requests after it."""
    with transaction.atomic():
        return call(*args, **kwargs)


def _assert_not_saved_page(response):
    assert response.status_code == 503, response.status_code
    assert "was not saved" in response.content.decode()
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_read_only_database_answers_503_not_saved_to_sign_in_sign_up_and_admin_saves():
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.tracks.editorial import form_data, make_track

    make_member("ana@example.org")
    track = make_track()
    admin_user = get_user_model().objects.create_superuser(email="root@example.org", password=PASSWORD)
    # Clients that hand back a 500 as a browser sees it (the test client re-raises by default).
    visitor = Client(raise_request_exception=False)
    editor = Client(raise_request_exception=False)
    editor.force_login(admin_user)
    change_url = reverse("admin:tracks_track_change", args=[track.pk])
    data = form_data(editor.get(change_url))
    data["name"] = "Renamed"
    assert visitor.get("/healthz").content == b"ok"

    with _read_only_database():
        # Sign-in: the session is saved by the session middleware, after the view (a 500 before).
        _assert_not_saved_page(
            _in_savepoint(
                visitor.post, "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}
            )
        )
        _assert_not_saved_page(
            _in_savepoint(
                visitor.post,
                "/accounts/signup/",
                {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            )
        )
        _assert_not_saved_page(_in_savepoint(editor.post, change_url, data))
        # The load balancer hears that this database cannot write.
        health = _in_savepoint(visitor.get, "/healthz")
        assert health.status_code == 503
        assert health.content == b"database is read-only"
        # Reading still works.
        assert _in_savepoint(visitor.get, "/accounts/login/").status_code == 200
    assert visitor.get("/healthz").content == b"ok"


# --- Rate limits across a Redis outage (issue item 6) ---------------------------------------------------

REDIS_TEST_DB = 13  # the test run's Redis databases are 12-15


@pytest.fixture
def redis_through_proxy(settings, monkeypatch):
    """The default cache on a real Redis reached through a proxy that can take Redis away and bring it
    back; Redis is tried again at every call (no back-off), so each phase starts at once."""
    from django.core.cache import caches

    from careers.cache import FailoverCache

    monkeypatch.setattr(FailoverCache, "RETRY_AFTER", 0.0)
    with FaultProxy("127.0.0.1", 6379) as proxy:
        settings.CACHES = {
            "default": {
                "BACKEND": "careers.cache.FailoverCache",
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/{REDIS_TEST_DB}",
                "OPTIONS": {"FALLBACK": "fallback", "SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3},
            },
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
            "fallback": settings.DATABASE_CACHE,
        }
        caches["default"].clear()  # FLUSHDB of the test's own Redis database, and the database cache
        yield proxy
        proxy.up()
        caches["default"].clear()


def _signups(client, first, count):
    statuses = []
    for n in range(first, first + count):
        data = {"email": f"person{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        statuses.append(client.post("/accounts/signup/", data, REMOTE_ADDR="203.0.113.9").status_code)
    return statuses


@pytest.mark.django_db
def test_sign_ups_counted_while_redis_was_down_still_count_when_it_is_back(client, redis_through_proxy):
    """The sign-up limit is 10 an hour per address: 4 with Redis up, 4 while it is down (counted in
    the database), 2 once it is back, and the 11th is refused. Before, Redis came back knowing only
    its own 4, and the limit started over."""
    assert _signups(client, 0, 4) == [302] * 4
    redis_through_proxy.down()
    assert _signups(client, 4, 4) == [302] * 4
    with connection.cursor() as cursor:  # the database cache took those four
        cursor.execute("SELECT count(*) FROM careers_cache WHERE cache_key LIKE %s", ["%allauth:rl:%signup%"])
        assert cursor.fetchone()[0] >= 1
    redis_through_proxy.up()
    assert _signups(client, 8, 2) == [302] * 2
    assert _signups(client, 10, 1) == [429]


@pytest.mark.django_db
def test_unguarded_keys_are_read_and_written_in_one_call_and_miss_while_redis_is_away(
    redis_through_proxy, monkeypatch
):
    """Pages and the generation are read together (one MGET) and a page written with one SET; while Redis
    is away they miss and are not written anywhere, and a guarded key in the same read still has its
    outage counts merged."""
    from django.core.cache import cache

    calls = []
    for name in ("get", "get_many", "set", "set_many"):
        original = getattr(cache._primary, name)
        monkeypatch.setattr(
            cache._primary, name, lambda *a, _o=original, _n=name, **k: (calls.append(_n), _o(*a, **k))[1]
        )
    cache.set_many({"page:a": 1, "page:b": 2}, 300)
    cache.set_many({"page:c": 3}, 300)
    assert cache.get_many(["page:a", "page:b", "page:x"]) == {"page:a": 1, "page:b": 2}
    assert calls == ["set_many", "set", "get_many"]
    redis_through_proxy.down()
    assert cache.get_many(["page:a", "page:b"]) == {}
    cache.set_many({"page:a": 10, "page:b": 20}, 300)  # nowhere: pages are not kept through an outage
    guarded = "allauth:rl:allauth.account:login_failed:5/5m/key:many"
    cache.set(guarded, [2.0], 300)  # counted in the database while Redis is away
    redis_through_proxy.up()
    assert cache.get_many(["page:a", "page:b", guarded]) == {"page:a": 1, "page:b": 2, guarded: [2.0]}


@pytest.mark.django_db
def test_a_limit_cleared_after_the_outage_is_cleared_in_both_places(redis_through_proxy):
    """allauth clears a limit (failed sign-ins, after a good one) with a delete: the hits counted in the
    database during the outage must not come back with the next read."""
    from django.core.cache import cache

    key = "allauth:rl:allauth.account:login_failed:5/5m/key:abc"
    cache.set(key, [3.0, 1.0], 300)
    redis_through_proxy.down()
    cache.set(key, [2.0], 300)  # counted in the database while Redis is away
    redis_through_proxy.up()
    assert cache.get(key) == [3.0, 2.0, 1.0]  # both copies, each hit once
    cache.delete(key)
    assert cache.get(key) is None

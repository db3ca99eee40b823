"""Throttling from libraries: allauth's rate limits for members, django-axes for the admin sign-in.

Both hold when Redis is down (allauth's counters fall back to the database cache; axes keeps its
attempts in the database), and neither believes an address a client wrote itself."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import RequestFactory

from careers.accounts.clientip import client_ip
from tests.careers.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = f"/{settings.ADMIN_URL}login/"
DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing answers


def _failover_caches(location):
    return {
        "default": {
            "BACKEND": "careers.cache.FailoverCache",
            "LOCATION": location,
            "OPTIONS": {"FALLBACK": "fallback", "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "fallback": settings.DATABASE_CACHE,
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _failover_caches(DEAD_REDIS)
    caches["fallback"].clear()
    yield
    caches["fallback"].clear()


def _signup_posts(client, count, **extra):
    statuses = []
    for n in range(count):
        data = {"email": f"person{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        statuses.append(client.post("/accounts/signup/", data, **extra).status_code)
    return statuses


# --- The client address ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "headers", "expected"),
    [
        ("203.0.113.9", {}, "203.0.113.9"),
        # A client's own headers are never believed...
        ("203.0.113.9", {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.9"),
        ("203.0.113.9", {"HTTP_X_REAL_IP": "198.51.100.1"}, "203.0.113.9"),
        # ...only the trusted proxy's (nginx on loopback or a Unix socket), and only X-Real-IP.
        ("127.0.0.1", {"HTTP_X_REAL_IP": "198.51.100.1"}, "198.51.100.1"),
        ("", {"HTTP_X_REAL_IP": "198.51.100.1"}, "198.51.100.1"),
        ("127.0.0.1", {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "127.0.0.1"),
        ("127.0.0.1", {"HTTP_X_REAL_IP": "not-an-address"}, "127.0.0.1"),
    ],
)
def test_client_address_comes_from_the_proxy_only(remote, headers, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_ip(request) == expected


# --- Members: allauth ----------------------------------------------------------------------------------


def test_signups_from_one_address_are_limited(client):
    statuses = _signup_posts(client, 11, REMOTE_ADDR="203.0.113.9")
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_rotating_forwarded_headers_does_not_escape_the_limit(client):
    statuses = []
    for n in range(11):
        data = {"email": f"p{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        statuses.append(
            client.post(
                "/accounts/signup/",
                data,
                REMOTE_ADDR="203.0.113.9",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
                HTTP_X_REAL_IP=f"10.0.1.{n}",
            ).status_code
        )
    assert statuses[-1] == 429


def test_failed_sign_ins_for_one_account_are_limited_then_even_the_right_password_waits(client):
    make_member("ana@example.org")
    for n in range(5):
        response = client.post(
            "/accounts/login/",
            {"login": "ana@example.org", "password": f"wrong-{n}"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
        assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in str(response.context["form"].errors)


def test_member_limits_hold_when_redis_is_down(client, redis_down):
    cache.set("page", "html")
    assert cache.get("page") is None  # ordinary keys simply miss during the outage
    statuses = _signup_posts(client, 11, REMOTE_ADDR="203.0.113.9")
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    # The counters went to the database cache, shared by every app server.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM careers_cache WHERE cache_key LIKE %s", ["%allauth:rl:%"])
        assert cursor.fetchone()[0] >= 1


def test_failover_cache_uses_redis_while_it_answers(settings):
    settings.CACHES = _failover_caches("redis://127.0.0.1:6379/12")
    cache.set("allauth:rl:test", [1.0], 30)
    try:
        assert cache.get("allauth:rl:test") == [1.0]
        assert caches["fallback"].get("allauth:rl:test") is None  # it lives in Redis, not the database
    finally:
        cache.delete("allauth:rl:test")


# --- The admin: django-axes ----------------------------------------------------------------------------


def _admin_attempt(client, username, password, address):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": f"/{settings.ADMIN_URL}"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(email="editor@example.org", password=PASSWORD)


def test_admin_sign_in_locks_an_account_whatever_the_address(client, editor):
    statuses = [
        _admin_attempt(client, "editor@example.org", f"wrong-{n}", f"203.0.113.{n}").status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = _admin_attempt(client, "editor@example.org", PASSWORD, "198.51.100.7")
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content


def test_admin_sign_in_locks_an_address_whatever_the_account(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _admin_attempt(client, f"guess{n}@example.org", "wrong", "203.0.113.50")
    assert _admin_attempt(client, "editor@example.org", PASSWORD, "203.0.113.50").status_code == 429
    # Another address still signs in.
    assert _admin_attempt(client, "editor@example.org", PASSWORD, "198.51.100.8").status_code == 302


def test_admin_lockout_holds_when_redis_is_down(client, editor, redis_down):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _admin_attempt(client, "editor@example.org", f"wrong-{n}", "203.0.113.60")
    assert _admin_attempt(client, "editor@example.org", PASSWORD, "203.0.113.60").status_code == 429


def test_an_admin_lockout_does_not_lock_members_out(client, editor):
    make_member("ana@example.org")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _admin_attempt(client, f"guess{n}@example.org", "wrong", "203.0.113.70")
    response = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.70"
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_member_sign_in_failures_never_lock_other_members(client):
    """Issue: axes recorded allauth's failures with no username, so failures from anywhere were counted
    together and, past the admin's limit, every wrong member password got axes' lockout page."""
    from axes.models import AccessAttempt

    make_member("ana@example.org")
    # More failures than axes' limit, each for another address from another client address, so none of
    # allauth's own limits (per address, per client) is reached.
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        response = client.post(
            "/accounts/login/",
            {"login": f"someone{n}@example.org", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 200, n
    # Another member's typo is an ordinary form error, not a lockout...
    typo = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": "wrong"}, REMOTE_ADDR="198.51.100.20"
    )
    assert typo.status_code == 200
    assert b"Too many attempts" not in typo.content
    # ...and her right password signs her in.
    right = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert right.status_code == 302
    assert "_auth_user_id" in client.session
    # axes keeps nothing of member sign-ins: it guards the admin only.
    assert not AccessAttempt.objects.exists()

"""Rate limits on sign-up, sign-in, password reset, verification emails and the admin login; CSRF on
every member form."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory

from careers import ratelimit
from tests.careers.factories import PASSWORD, make_member, make_position, make_track

pytestmark = pytest.mark.django_db

LIMITED = [
    ("/accounts/signup/", "signup", {"email": "x@example.org", "password1": "a", "password2": "b"}),
    ("/accounts/login/", "login", {"username": "ana@example.org", "password": "wrong-password"}),
    ("/accounts/password_reset/", "password-reset", {"email": "ana@example.org"}),
    (f"/{settings.ADMIN_URL}login/", "admin-login", {"username": "ana@example.org", "password": "wrong"}),
]


@pytest.mark.parametrize(("path", "scope", "data"), LIMITED)
def test_posts_beyond_the_limit_get_429_per_client(path, scope, data):
    limit, period = ratelimit.LIMITS[scope]
    make_member("ana@example.org")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(limit):
        assert client.post(path, data).status_code != 429
    blocked = client.post(path, data)
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= period + 1
    assert b"Too many attempts" in blocked.content
    # Even the right password is refused until the window ends.
    if scope in {"login", "admin-login"}:
        assert client.post(path, {"username": "ana@example.org", "password": PASSWORD}).status_code == 429
    # Reading the form is never limited, and another client is unaffected.
    assert client.get(path).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.8").post(path, data).status_code != 429


def test_the_limit_counts_attempts_not_successes():
    make_member("ana@example.org")
    client = Client(REMOTE_ADDR="203.0.113.9")
    limit, _ = ratelimit.LIMITS["login"]
    for _ in range(limit):
        response = client.post("/accounts/login/", {"username": "ana@example.org", "password": PASSWORD})
        assert response.status_code == 302
        client.logout()
    assert (
        client.post("/accounts/login/", {"username": "ana@example.org", "password": PASSWORD}).status_code
        == 429
    )


def test_resending_the_verification_email_is_limited(mailoutbox):
    client = Client(REMOTE_ADDR="203.0.113.10")
    client.force_login(make_member(verified=False))
    limit, _ = ratelimit.LIMITS["verify-resend"]
    for _ in range(limit):
        assert client.post("/accounts/verify/resend/").status_code == 302
    assert client.post("/accounts/verify/resend/").status_code == 429
    assert len(mailoutbox) == limit


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "198.51.100.1", "10.0.0.1"),  # header ignored unless proxies are trusted
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged left entry is ignored
        (2, "10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.1", "198.51.100.1", "10.0.0.1"),  # fewer hops than proxies: fall back
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, remote, forwarded, expected):
    settings.RATELIMIT_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected


def test_an_unreachable_cache_lets_requests_through(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    client = Client(REMOTE_ADDR="203.0.113.11")
    limit, _ = ratelimit.LIMITS["login"]
    for _ in range(limit + 2):
        assert (
            client.post("/accounts/login/", {"username": "a@example.org", "password": "x"}).status_code == 200
        )


def _csrf_targets(user, ops):
    position = make_position(user)
    return [
        (
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            False,
        ),
        ("/accounts/login/", {"username": user.email, "password": PASSWORD}, False),
        ("/accounts/password_reset/", {"email": user.email}, False),
        ("/get-started/where/", {"track": ops.slug, "title": "x", "metro": "Birmingham, AL"}, True),
        ("/get-started/strengths/", {}, True),
        ("/get-started/next-move/", {}, True),
        ("/me/positions/add/", {"title": "x", "start_date": "2020-01-01"}, True),
        (f"/me/positions/{position.pk}/edit/", {"title": "x", "start_date": "2020-01-01"}, True),
        (f"/me/positions/{position.pk}/delete/", {}, True),
        ("/me/tracks/follow/", {"track": ops.slug}, True),
        (f"/me/tracks/{ops.slug}/unfollow/", {}, True),
        ("/me/delete/", {"password": PASSWORD, "confirm": "on"}, True),
        ("/accounts/verify/resend/", {}, True),
        ("/accounts/logout/", {}, True),
    ]


def test_every_form_is_csrf_protected():
    user = make_member()
    ops = make_track()
    for path, data, signed_in in _csrf_targets(user, ops):
        client = Client(enforce_csrf_checks=True)
        if signed_in:
            client.force_login(user)
        response = client.post(path, data)
        assert response.status_code == 403, path
    assert user.positions.count() == 1  # nothing was changed
    assert type(user).objects.filter(pk=user.pk).exists()


def test_every_form_page_carries_a_csrf_token():
    user = make_member()
    ops = make_track()
    position = make_position(user)
    anonymous, member = Client(), Client()
    member.force_login(user)
    pages = [
        (anonymous, "/get-started/"),
        (anonymous, "/accounts/signup/"),
        (anonymous, "/accounts/login/"),
        (anonymous, "/accounts/password_reset/"),
        (member, "/get-started/where/"),
        (member, f"/get-started/where/?track={ops.slug}"),
        (member, "/get-started/strengths/"),
        (member, "/me/"),
        (member, "/me/positions/add/"),
        (member, f"/me/positions/{position.pk}/edit/"),
        (member, f"/me/positions/{position.pk}/delete/"),
        (member, "/me/delete/"),
    ]
    for client, path in pages:
        html = client.get(path).content.decode()
        assert html.count("<form") == html.count('name="csrfmiddlewaretoken"'), path
        assert "<form" in html, path

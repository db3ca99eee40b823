"""Security headers, the database-outage page and recovery."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import override_settings


@pytest.fixture
def https_client(client):
    client.defaults["wsgi.url_scheme"] = "https"
    client.defaults["SERVER_PORT"] = "443"
    return client


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_security_headers_on_every_response(https_client):
    response = https_client.get("/healthz", secure=True)
    assert response.status_code == 200
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/methodology/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cookies_are_secure_and_http_only_in_production():
    from django.conf import settings

    # The test run sets DJANGO_SECURE_COOKIES=0; production leaves it unset, so the defaults apply.
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_production_defaults_turn_secure_cookies_on(monkeypatch):
    import importlib

    import careers.settings as project_settings

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.delenv("DJANGO_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("DJANGO_SECURE_SSL_REDIRECT", raising=False)
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.SESSION_COOKIE_SECURE is True
        assert reloaded.CSRF_COOKIE_SECURE is True
        assert reloaded.SECURE_SSL_REDIRECT is True
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
        assert reloaded.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


@pytest.mark.django_db
def test_database_outage_answers_503_then_recovers(client, monkeypatch):
    assert client.get("/healthz").status_code == 200

    def refuse(self):
        raise OperationalError("connection refused (simulated outage)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"back in a moment" in response.content.lower()
    assert b"Traceback" not in response.content

    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200


def test_redis_outage_degrades_to_no_cache(settings):
    from django.core.cache import caches

    # Port 9 (discard) on loopback has no Redis: every cache call must quietly miss.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
        "pages": settings.CACHES["pages"],
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    cache = caches.create_connection("default")
    cache.set("page", "html", 60)
    assert cache.get("page") is None
    assert cache.get_or_set("page", "fresh", 60) == "fresh"


def test_settings_use_redis_only_when_redis_url_is_set(monkeypatch):
    import importlib

    import careers.settings as project_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    reloaded = importlib.reload(project_settings)
    try:
        # Redis first; rate-limit counters fall back to the database cache (tests/careers/test_throttling.py).
        assert reloaded.CACHES["default"]["BACKEND"] == "careers.cache.FailoverCache"
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
        assert reloaded.CACHES["fallback"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
    assert project_settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_ping_is_the_minimal_view_and_touches_no_database(client):
    # No django_db mark: any query would raise "Database access not allowed".
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"pong"


@pytest.mark.django_db
def test_a_save_that_fails_in_the_database_is_reported_as_not_saved(client, monkeypatch):
    """The admin queues "changed successfully" before its transaction commits; when the database then
    fails, the editor sees that the edit was not saved, and no success notice follows on the next page."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.tracks.editorial import form_data, make_track
    from tracks.admin import TrackAdmin

    track = make_track()
    admin_user = get_user_model().objects.create_superuser(email="root@example.org", password="x")
    client.force_login(admin_user)
    change_url = reverse("admin:tracks_track_change", args=[track.pk])
    data = form_data(client.get(change_url))
    data["name"] = "Renamed"

    def commit_fails(self, request, obj, *args, **kwargs):
        original(self, request, obj, *args, **kwargs)  # queues "changed successfully"
        raise OperationalError("database is locked")

    original = TrackAdmin.response_change
    monkeypatch.setattr(TrackAdmin, "response_change", commit_fails)
    response = client.post(change_url, data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "was not saved" in page
    assert "lost" not in page

    monkeypatch.undo()
    following = client.get(reverse("admin:tracks_track_changelist")).content.decode()
    assert "changed successfully" not in following


@pytest.mark.django_db
def test_a_page_that_fails_to_read_does_not_talk_about_saving(client, monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused (simulated outage)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    page = client.get("/healthz").content.decode()
    assert "saved" not in page
    assert "try again in a minute" in page

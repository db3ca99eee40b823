"""A hung database ends in a 503; characters PostgreSQL refuses are a 400 everywhere; robots.txt keeps
the admin path to itself; member pages are never stored by a cache; body limits are set."""

import importlib
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper

from tests.careers.factories import PASSWORD, make_member, make_track

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL behaviour")


# --- A hung database --------------------------------------------------------------------------------


def test_production_settings_set_a_statement_timeout_and_tcp_keepalives(monkeypatch):
    import careers.settings as project_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://careers@db.internal:5432/careers")
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT_MS", raising=False)
    reloaded = importlib.reload(project_settings)
    try:
        options = reloaded.DATABASES["default"]["OPTIONS"]
        assert options["options"] == "-c statement_timeout=5000"
        assert options["keepalives"] == 1
        assert options["keepalives_idle"] + options["keepalives_interval"] * options["keepalives_count"] <= 30
        assert options["connect_timeout"] == 3
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


@on_postgresql
def test_the_configured_options_make_postgresql_cancel_a_long_query():
    settings_dict = {
        **connection.settings_dict,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "options": "-c statement_timeout=1000"},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="timeout-check")
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="statement timeout"), wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 2
    finally:
        wrapper.close()


@on_postgresql
@pytest.mark.urls("tests.careers.sleep_urls")
def test_a_query_past_the_timeout_answers_the_503_page_within_the_timeout_plus_a_second(client):
    timeout_ms = 1000
    with connection.cursor() as cursor:  # what "-c statement_timeout" sets for every web connection
        cursor.execute("SET LOCAL statement_timeout = %s", [timeout_ms])
    started = time.monotonic()
    response = client.get("/hang/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert b"back in a moment" in response.content.lower()
    assert response["Retry-After"] == "30"
    assert elapsed < timeout_ms / 1000 + 1


# --- Characters PostgreSQL refuses --------------------------------------------------------------------

BAD = ["\x00", "a\x00b", "%00"]  # "%00" arrives as a literal NUL in a query string


@pytest.fixture
def track():
    return make_track()


def _public_urls(track):
    return [
        "/",
        "/methodology/",
        f"/tracks/{track.slug}/",
        f"/tracks/{track.slug}/data/pay.csv",
        "/get-started/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/sitemap.xml",
        "/robots.txt",
    ]


@pytest.mark.parametrize("bad", ["\x00", "a\x00b"])
def test_nul_in_any_query_parameter_of_a_public_page_is_a_400(client, track, bad):
    for url in _public_urls(track):
        for name in ("q", "metro", "sort", "track", "next", "page"):
            response = client.get(url, {name: bad})
            assert response.status_code == 400, (url, name)
        assert client.get(url, {bad: "1"}).status_code == 400, url
    assert b"can\xe2\x80\x99t read that request" in client.get("/", {"q": bad}).content


def test_nul_in_a_path_is_a_400(client):
    for path in ("/tracks/a%00b/", "/%00", "/accounts/confirm-email/a%00b/", "/me/positions/1%00/edit/"):
        assert client.get(path).status_code == 400, path


MEMBER_FORMS = {
    "/get-started/where/": ["track", "role", "title", "metro", "years_experience", "current_pay"],
    "/get-started/strengths/": ["skill_2_A_1_a"],
    "/get-started/next-move/": ["metro_1", "metro_2"],
    "/me/positions/add/": ["title", "employer", "start_date", "end_date", "track", "role"],
    "/me/tracks/follow/": ["track"],
    "/me/delete/": ["password", "confirm"],
    "/accounts/email/": ["email"],
    "/accounts/password/change/": ["oldpassword", "password1", "password2"],
}
ANONYMOUS_FORMS = {
    "/accounts/signup/": ["email", "password1", "password2", "next"],
    "/accounts/login/": ["login", "password", "next"],
    "/accounts/password/reset/": ["email"],
}


@pytest.mark.parametrize("bad", ["\x00", "x\x00"])
def test_nul_in_any_member_form_field_is_a_400_and_saves_nothing(client, bad):
    from careers.models import CareerProfile, Position

    member = make_member()
    for url, fields in ANONYMOUS_FORMS.items():
        for field in fields:
            assert client.post(url, {field: bad}).status_code == 400, (url, field)
    client.force_login(member)
    for url, fields in MEMBER_FORMS.items():
        for field in fields:
            assert client.post(url, {field: bad}).status_code == 400, (url, field)
    assert not Position.objects.exists() and not CareerProfile.objects.exists()


def test_nul_in_admin_list_filters_and_search_is_a_400(client):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser(email="admin@example.org", password=PASSWORD)
    client.force_login(admin_user)
    base = f"/{settings.ADMIN_URL}"
    for path, params in [
        ("tracks/track/", {"status": "\x00"}),
        ("tracks/track/", {"q": "\x00"}),
        ("tracks/track/", {"reviewed_on__gte": "\x00"}),
        ("careers/user/", {"is_staff__exact": "\x00"}),
        ("careers/user/", {"q": "a\x00"}),
        ("salaries/area/", {"area_type__exact": "\x00"}),
        ("salaries/occupation/", {"q": "\x00"}),
    ]:
        assert client.get(base + path, params).status_code == 400, (path, params)
    assert client.get(base + "tracks/track/", {"status": "published"}).status_code == 200


def _directives(response) -> set[str]:
    # pages.cache marks non-public pages "private, no-store"; views with never_cache say more.
    return {part.strip() for part in response["Cache-Control"].split(",")}


# --- Small ones ----------------------------------------------------------------------------------------


def test_robots_txt_never_names_the_admin_path(client, settings):
    settings.ADMIN_URL = "back-office-7f3a/"
    body = client.get("/robots.txt").content.decode()
    assert "back-office" not in body
    assert "admin" not in body
    assert "Disallow: /me/" in body


@pytest.mark.parametrize(
    "path",
    [
        "/me/",
        "/get-started/where/",
        "/get-started/strengths/",
        "/get-started/next-move/",
        "/me/export/",
        "/accounts/email/",
    ],
)
def test_member_pages_are_private_and_never_stored(client, path):
    client.force_login(make_member())
    response = client.get(path)
    assert response.status_code == 200
    assert _directives(response) >= {"private", "no-store"}


@pytest.mark.parametrize(
    "path", ["/get-started/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_are_never_stored_either(client, path):
    assert _directives(client.get(path)) >= {"private", "no-store"}


def test_a_public_page_is_not_marked_private(client):
    response = client.get("/methodology/")
    assert "private" not in response.get("Cache-Control", "")
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_body_and_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10


def test_an_oversized_form_body_is_a_400_not_a_500(client):
    response = client.post("/accounts/login/", {"login": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert response.status_code == 400


def test_gunicorn_control_socket_is_off_and_workers_recycle_at_different_times():
    import runpy

    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert config["max_requests_jitter"] >= config["max_requests"] / 2
    assert config["bind"] == "127.0.0.1:8000"  # loopback only, behind nginx
    assert config["control_socket_disable"] is True


@pytest.mark.parametrize("path", ["/", "/methodology/", "/robots.txt"])
def test_public_pages_read_no_session_even_with_allauth_installed(client, path):
    member = make_member()
    client.force_login(member)  # a visitor with a session cookie
    response = client.get(path)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")  # SessionMiddleware adds it when the session is read
    assert not response.cookies
    assert "private" not in response.get("Cache-Control", "")

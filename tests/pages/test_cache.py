"""HTTP caching of public pages (pages.cache): one cache read per hit, validators from the data
generation, compression, and no session or cookie on anything public."""

import gzip

import brotli
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salaries.generation import bump_generation, current_generation
from tests.caches import clear_caches
from tracks.models import Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

PUBLIC_PAGES = [
    "/",
    "/?sort=-pay",
    "/?q=nurse",
    "/methodology/",
    "/tracks/operations/",
    "/tracks/nursing/?metro=35620",
]
PUBLIC_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def member_client(django_user_model):
    client = Client()
    user = django_user_model.objects.create_user(email="member@example.com", password="x")
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_public_and_validated_by_the_generation(client, path):
    response = client.get(path)
    assert response.status_code == 200
    generation = current_generation()
    assert response["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert response["ETag"] == generation.etag
    assert response["Last-Modified"] == generation.last_modified
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_signed_in_member_gets_the_same_cookie_free_public_page(client, member_client, path):
    anonymous = client.get(path)
    member = member_client.get(path)
    assert member.status_code == 200
    assert member.content == anonymous.content
    assert "Cookie" not in member.get("Vary", "")
    assert not member.cookies
    assert b"My record" in member.content and b"/me/" in member.content


def test_a_matching_conditional_request_is_a_304_until_the_generation_changes(client):
    first = client.get("/tracks/operations/")
    not_modified = client.get("/tracks/operations/", headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == first["ETag"]
    assert not_modified["Cache-Control"] == PUBLIC_CACHE_CONTROL
    since = client.get("/tracks/operations/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    assert client.get("/tracks/operations/", headers={"if-none-match": '"other"'}).status_code == 200
    bump_generation("test")
    changed = client.get("/tracks/operations/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_cache_hit_makes_no_query(client, django_assert_max_num_queries):
    for path in PUBLIC_PAGES:
        client.get(path)
        with django_assert_max_num_queries(0):
            assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/", "/tracks/operations/", "/tracks/operations/?metro=35620"])
def test_html_is_compressed_with_brotli_or_gzip_as_accepted(client, path):
    plain = client.get(path).content
    br = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
    assert br["Content-Encoding"] == "br" and brotli.decompress(br.content) == plain
    assert "Accept-Encoding" in br["Vary"]
    gz = client.get(path, headers={"accept-encoding": "gzip"})
    assert gz["Content-Encoding"] == "gzip" and gzip.decompress(gz.content) == plain
    assert len(br.content) < len(plain) / 4 and len(gz.content) < len(plain) / 3
    identity = client.get(path, headers={"accept-encoding": "br;q=0, gzip;q=0"})
    assert not identity.has_header("Content-Encoding") and identity.content == plain


def test_a_new_generation_serves_the_new_page(client):
    client.get("/tracks/operations/")
    Track.objects.filter(slug="operations").update(name="Operations Renamed")
    assert b"Operations Renamed" not in client.get("/tracks/operations/").content  # still the cached page
    bump_generation("test")
    assert b"Operations Renamed" in client.get("/tracks/operations/").content


@pytest.mark.parametrize("path", ["/me/", "/get-started/", "/accounts/login/"])
def test_private_pages_are_private_and_never_stored(client, member_client, path):
    for visitor in (client, member_client):
        response = visitor.get(path)
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, (path, cache_control)
        assert not response.has_header("ETag")


def test_a_404_on_a_public_url_is_not_cached_as_a_page(client):
    for path in ("/tracks/operations/?metro=99999", "/tracks/no-such-track/"):
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 404 and len(queries) >= 1  # answered by the view each time
            assert not response.has_header("ETag")

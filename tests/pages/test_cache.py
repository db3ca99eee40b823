"""HTTP caching of public pages (pages.cache): one cache read per hit, validators from the data
generation, compression, and no session or cookie on anything public."""

import gzip

import brotli
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from salaries.generation import bump_generation, current_generation
from tests.caches import cache_entries, clear_caches
from tests.careers.factories import PASSWORD, make_member
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


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls made to the pages cache alias (where the pages and the generation are kept), each one
    round trip to Redis (local memory's get_many calls its own get: only the outer call counts)."""
    pages, calls, inside = caches["pages"], [], []
    for name in ("get", "get_many", "set", "set_many", "add", "delete"):
        original = getattr(pages, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not inside:
                calls.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(pages, name, counted)
    return calls


@pytest.mark.parametrize(
    "path", ["/tracks/operations/", "/compare/?tracks=nursing&tracks=operations&metro=35620", "/?q=nurse"]
)
def test_a_page_costs_one_cache_read_whether_stored_or_not(client, cache_calls, path):
    """The generation and the page are read together (one round trip to Redis), and the view's own
    reads of the generation use the one read then: a stored page is one read, a page made afresh one
    read and one write."""
    current_generation()  # held in the cache between requests
    cache_calls.clear()
    assert client.get(path).status_code == 200
    assert cache_calls == ["get_many", "set_many"]
    cache_calls.clear()
    assert client.get(path).status_code == 200
    assert cache_calls == ["get_many"]


def test_a_page_of_an_older_generation_is_made_again_in_its_place(client):
    first = client.get("/tracks/operations/")
    entries = cache_entries("pages")
    Track.objects.filter(slug="operations").update(name="Operations Renamed")
    bump_generation("test")
    again = client.get("/tracks/operations/")
    assert b"Operations Renamed" in again.content and again["ETag"] != first["ETag"]
    assert cache_entries("pages") == entries  # the page replaced its older self


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


# --------------------------------------------------------------------------------------------------
# Issue 20 item 5: the key keeps only the query parameters a page declares


JUNK = ("utm_source", "junk", "fbclid", "Q", "metro_")


@pytest.mark.parametrize(
    "path",
    [
        "/tracks/operations/",
        "/tracks/nursing/?metro=35620",
        "/",
        "/?q=nurse&sort=-pay",
        "/search/?q=nurse",
        "/methodology/",
        "/sitemap.xml",
    ],
)
def test_junk_query_strings_add_no_cache_entry_and_serve_the_page(client, path):
    clean = client.get(path)
    assert clean.status_code == 200
    entries = cache_entries("pages")
    joiner = "&" if "?" in path else "?"
    for n in range(200):
        response = client.get(f"{path}{joiner}{JUNK[n % len(JUNK)]}=junk{n}")
        assert response.status_code == 200
        assert response.content == clean.content  # the same page, as if the junk were not there
    assert cache_entries("pages") == entries


def test_declared_parameters_key_the_page_in_one_canonical_order(client, page_snapshots):
    first = client.get("/compare/?tracks=nursing&tracks=operations&metro=35620")
    assert first.status_code == 200
    entries = cache_entries("pages")
    for path in (
        "/compare/?metro=35620&tracks=nursing&tracks=operations",
        "/compare/?tracks=nursing&utm_medium=x&metro=35620&tracks=operations&junk=1",
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.content == first.content
    assert cache_entries("pages") == entries
    # A declared parameter's values keep their order (the columns' order), so a new order is a new page.
    swapped = client.get("/compare/?tracks=operations&tracks=nursing&metro=35620")
    assert swapped.content != first.content and cache_entries("pages") == entries + 1


def test_a_view_sees_only_the_parameters_it_declares(rf):
    from pages.cache import public_page

    seen = {}

    @public_page(query=("metro", "a"))
    def view(request):
        seen.update(request.GET.lists())
        return HttpResponse("ok")

    view(rf.get("/x/?b=1&utm_source=y&metro=35620&a=2&a=1"))
    assert seen == {"a": ["2", "1"], "metro": ["35620"]}


@pytest.mark.parametrize(
    ("path", "declared"),
    [
        ("/tracks/operations/", ("metro",)),
        ("/", ("q", "sort")),
        ("/search/", ("metro", "q")),
        ("/compare/", ("metro", "occupations", "tracks")),
        ("/sitemap.xml", ("p",)),
        ("/metros/35620/", ()),
        ("/occupations/15-1252/", ("metro",)),
        ("/methodology/", ()),
        ("/tracks.csv", ()),
    ],
)
def test_every_public_view_declares_what_it_reads(path, declared):
    view = resolve(path).func
    assert view.public_page and view.query_params == declared


def test_rate_limit_counters_are_not_in_the_pages_cache_alias():
    """Page-cache pressure can never evict a rate-limit counter: allauth counts in ``default``, pages
    are kept in ``pages``, a cache of its own."""
    from allauth.core.internal import ratelimit

    from pages.cache import page_cache

    assert ratelimit.cache._alias == "default"
    assert page_cache() is caches["pages"] and caches["pages"] is not caches["default"]
    assert settings.CACHES["pages"] != settings.CACHES["default"]


def test_page_cache_pressure_never_evicts_a_failed_sign_in_counter(client):
    """Issue 20 item 5: 450 junk pages evicted the failed-sign-in counters when both shared one LRU
    cache. Here the pages cache holds 20 entries at most and 300 distinct pages are stored."""
    make_member("ana@example.org")
    pressure = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pressure"}
    with override_settings(CACHES={**settings.CACHES, "pages": {**pressure, "OPTIONS": {"MAX_ENTRIES": 20}}}):
        for n in range(5):
            client.post("/accounts/login/", {"login": "ana@example.org", "password": f"wrong-{n}"})
        counters = cache_entries("default")
        assert counters >= 1
        for n in range(300):
            assert client.get(f"/search/?q=nurse{n}").status_code == 200
        assert cache_entries("pages") <= 20  # pages were evicted ...
        assert cache_entries("default") >= counters  # ... the counters were not
        response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert "Too many failed login attempts" in str(response.context["form"].errors)
        caches["pages"].clear()


def test_a_nul_in_an_unread_parameter_is_still_a_400_when_the_page_is_cached(client):
    assert client.get("/methodology/").status_code == 200
    assert client.get("/methodology/", {"junk": "a\x00b"}).status_code == 400
    assert client.get("/methodology/?junk=%00").status_code == 400

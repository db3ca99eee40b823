"""Thousands of malformed paths, query strings and form posts: the site must never answer 500.

Every public URL pattern is exercised with hostile input (very long, non-ASCII, control characters,
path traversal, SQL and template syntax). Bad input is a 4xx or a clear message, never a server error.
"""

import string

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The real pages (/tracks/operations/ and its metros): without the federal data they would all be 404s.
pytestmark = pytest.mark.federal

HOSTILE = [
    "",
    " ",
    "'",
    '"',
    "%",
    "%00",
    "\x00",
    "../../etc/passwd",
    "..%2F..%2F",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "{% debug %}",
    "<script>alert(1)</script>",
    "NaN",
    "-1",
    "9" * 40,
    "é",
    "☃",
    "\ud7ff",
    "a" * 5000,
    "11-1021",
    "41940",
    "operations",
]

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.text(alphabet=string.printable, max_size=300),
)
safe_path_text = text.map(lambda s: "".join(ch for ch in s if ch not in "\x00?#"))

PREFIXES = [
    "/",
    "/tracks/",
    "/tracks/operations/",
    "/tracks/operations/data/",
    "/methodology/",
    "/get-started/",
    "/accounts/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/me/",
    "/me/positions/",
    "/admin/",
    "/sitemap.xml/",
    "/static/",
]

QUERY_KEYS = ["metro", "sort", "track", "q", "page", "next", "role", "format", "order"]

FORM_URLS = [
    "/get-started/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/get-started/where/",
    "/get-started/strengths/",
    "/me/positions/add/",
]

FUZZ = settings(
    max_examples=700,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _assert_not_server_error(response, description):
    assert response.status_code < 500, f"{response.status_code} for {description}"


@pytest.mark.django_db
@FUZZ
@given(prefix=st.sampled_from(PREFIXES), tail=safe_path_text)
def test_malformed_paths_never_500(prefix, tail):
    client = Client(raise_request_exception=False)
    path = prefix + tail
    response = client.get(path)
    _assert_not_server_error(response, repr(path))


@pytest.mark.django_db
@FUZZ
@given(
    prefix=st.sampled_from(["/", "/tracks/operations/", "/tracks/software-engineering/", "/methodology/"]),
    params=st.dictionaries(st.sampled_from(QUERY_KEYS), text, max_size=4),
)
def test_malformed_query_strings_never_500(prefix, params):
    client = Client(raise_request_exception=False)
    response = client.get(prefix, params)
    _assert_not_server_error(response, f"{prefix} {params!r}")


@pytest.mark.django_db
@FUZZ
@given(
    url=st.sampled_from(FORM_URLS),
    data=st.dictionaries(
        st.sampled_from(
            [
                "email",
                "password",
                "password1",
                "password2",
                "username",
                "track",
                "role",
                "metro",
                "title",
                "employer",
                "start",
                "end",
                "years",
                "pay",
                "started_on",
                "ended_on",
            ]
        ),
        text,
        max_size=6,
    ),
)
def test_malformed_form_posts_never_500(url, data):
    client = Client(raise_request_exception=False)
    response = client.post(url, data)
    _assert_not_server_error(response, f"POST {url} {data!r}")

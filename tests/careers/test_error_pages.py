"""The site's friendly 404 and 500 pages (the project's templates and handlers)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


# --------------------------------------------------------------------------------------------------
# Errors


def test_the_404_page_is_friendly_and_has_a_way_on(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'href="/#tracks"' in html and 'role="search"' in html


def test_the_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and 'href="/"' in html


def test_a_server_error_shows_the_500_page(settings, monkeypatch):
    import pages.home.views as site

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr(site, "home_page_data", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

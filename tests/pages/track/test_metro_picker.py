"""The track page's metro picker without JavaScript: the text typed is resolved on the server by the one
metro matcher (salaries.places.match_metros): one match opens its view, several are listed, none says so
and keeps the text."""

from html import unescape

import pytest

from tests.caches import clear_caches

pytestmark = [pytest.mark.django_db, pytest.mark.federal]  # real track pages and metros


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def get(client, metro):
    return client.get("/tracks/operations/", {"metro": metro})


@pytest.mark.parametrize(
    ("typed", "code"), [("nyc", "35620"), ("Raleigh", "39580"), ("bay area san jose", "41940")]
)
def test_text_matching_one_metro_opens_that_metro(client, typed, code):
    response = get(client, typed)
    assert response.status_code == 302
    assert response["Location"] == f"/tracks/operations/?metro={code}#pay-by-location"


def test_text_matching_several_metros_lists_them_state_first(client):
    response = get(client, "north carolina")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Which metro area did you mean?" in html
    listed = html[html.index("matches") : html.index('<form class="metro-picker"')]
    assert "Raleigh-Cary, NC" in listed and "Charlotte-Concord-Gastonia, NC-SC" in listed
    assert ", SC<" not in listed  # no South Carolina metro
    assert 'href="/tracks/operations/?metro=39580#pay-by-location"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_text_matching_nothing_says_so_and_keeps_the_text(client):
    response = get(client, "Atlantis")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert "No metro area matches “Atlantis”" in html
    assert '<option value="Atlantis" data-combobox-typed selected>Atlantis</option>' in html
    assert 'name="metro"' in html and "data-combobox-free-text" in html


def test_typed_text_is_escaped_and_cut(client):
    response = get(client, "<script>alert(1)</script>" + "x" * 200)
    assert response.status_code == 404
    body = response.content.decode().split("<main", 1)[1]
    assert "<script>alert" not in body
    assert "x" * 100 not in body


def test_the_picker_carries_the_matcher_s_tables_and_sends_text(client):
    response = client.get("/tracks/operations/")
    html = response.content.decode()
    form = html[html.index('<form class="metro-picker"') :]
    form = form[: form.index("</form>")]
    assert "data-combobox-free-text" in form
    assert "North Carolina=NC" in form and "nyc=35620" in form
    assert "No metro area matches" in form

"""The methodology page: sources, vintages and every method note."""

from html import unescape

import pytest
from django.conf import settings

from pages.methodology.notes import METHOD_NOTES
from salaries.models import DataRelease
from tests.caches import clear_caches

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


# --------------------------------------------------------------------------------------------------
# Methodology


def test_methodology_names_sources_vintages_and_every_method(client, django_assert_max_num_queries):
    # +1 over the view's own: the data generation, read from the database when the cache is empty.
    with django_assert_max_num_queries(3):
        response = client.get("/methodology/")
    html = unescape(response.content.decode())
    for release in DataRelease.objects.all():
        assert release.get_source_display() in html and release.vintage in html
    for text in METHOD_NOTES.values():
        assert unescape(text) in html
    assert "$239,200 or more" in html
    assert "not designed as a time series" in html
    assert "May 2025 wages at 2024 prices (BEA Regional Price Parities): the latest price parities" in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/methodology/">' in html

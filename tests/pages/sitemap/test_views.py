"""sitemap.xml (every public page at SITE_URL) and robots.txt."""

import gzip
import re

import pytest
from django.conf import settings

from pages.models import Snapshot
from salaries.generation import current_generation
from tests.caches import clear_caches
from tracks.models import Track

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _generation_in_the_cache(_empty_cache):
    # The sitemap is a cached public page now: the data generation, held in the cache between
    # requests, is read before its view runs; not part of the view's budget (as for compare).
    current_generation()


# --------------------------------------------------------------------------------------------------
# sitemap.xml and robots.txt


def test_sitemap_lists_home_methodology_and_every_published_track(
    client, django_assert_max_num_queries, page_snapshots
):
    draft = Track.objects.published().order_by("slug").last()
    Track.objects.filter(pk=draft.pk).update(status=Track.Status.DRAFT)
    with django_assert_max_num_queries(5):  # 2 before issue 13, then one each: occupations, metros, states
        response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    locations = set(re.findall(r"<loc>(.*?)</loc>", xml))
    expected = {f"{settings.SITE_URL}/", f"{settings.SITE_URL}/methodology/"}
    expected |= {f"{settings.SITE_URL}{t.get_absolute_url()}" for t in Track.objects.published()}
    # The pages beyond the tracks (issue 13): search, the indexes, every occupation and metro page.
    expected |= {f"{settings.SITE_URL}{path}" for path in ("/search/", "/occupations/", "/metros/")}
    expected |= {
        f"{settings.SITE_URL}/occupations/{c}/"
        for c in Snapshot.objects.filter(kind="occupation").values_list("key", flat=True)
    }
    expected |= {
        f"{settings.SITE_URL}/metros/{k}/"
        for k in Snapshot.objects.filter(kind="metro").values_list("key", flat=True)
    }
    expected |= {
        f"{settings.SITE_URL}/states/{k}/"
        for k in Snapshot.objects.filter(kind="state").values_list("key", flat=True)
    }
    assert locations == expected
    assert f"/tracks/{draft.slug}/" not in xml
    assert "<lastmod>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    for path in ("/me/", "/accounts/", "/get-started/"):
        assert f"Disallow: {path}" in text
    # The admin path is secret (DJANGO_ADMIN_URL): robots.txt never names it.
    assert settings.ADMIN_URL not in text


def test_sitemap_is_a_cached_public_compressed_page(client, page_snapshots, django_assert_max_num_queries):
    """Issue 20 item 9: the sitemap was computed on every request and sent "private, no-store",
    uncompressed. Now it is cached whole like every public page: a second request computes nothing."""
    first = client.get("/sitemap.xml", headers={"accept-encoding": "gzip"})
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300, stale-while-revalidate=86400"
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert first["X-Robots-Tag"]  # Django's sitemap view's header is kept with the stored page
    assert "<urlset" in gzip.decompress(first.content).decode()
    with django_assert_max_num_queries(0):
        again = client.get("/sitemap.xml", headers={"accept-encoding": "gzip"})
    assert again.status_code == 200 and again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"] and again["ETag"] == first["ETag"]
    assert client.get("/sitemap.xml", headers={"if-none-match": first["ETag"]}).status_code == 304

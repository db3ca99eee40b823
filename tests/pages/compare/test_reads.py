"""What a track comparison reads (issue 20 item 9): one query of its own stored compare rows (the
tracks asked, the two menus' <option>s, the metro's section), never a metro page's snapshot or the
metros list; none at all for rows this process read in the current generation; in a new generation,
rows this process already holds come back as digests only, and a changed or other-shaped row is never
served from what is held."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.cache import page_cache
from pages.compare import selectors
from pages.compare.build import SCHEMA
from pages.models import Snapshot
from pages.store import write_snapshots
from salaries.generation import bump_generation, current_generation
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

KEYS = ["nursing", "operations", "_menus", "_metro_options", "_metro/35620"]


@pytest.fixture(autouse=True)
def _nothing_held():
    clear_caches()  # no page stored by an earlier test
    current_generation()  # held in the cache between requests; not part of the page's reads
    selectors._held.clear()
    yield
    selectors._held.clear()


def test_a_comparison_is_one_query_of_its_own_stored_rows(client, page_snapshots):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("compare"), {"tracks": ["nursing", "operations"], "metro": "35620"})
    assert response.status_code == 200
    assert "Every track in New York-Newark-Jersey City, NY-NJ" in response.content.decode()
    [query] = queries.captured_queries
    sql = query["sql"]
    assert "pages_snapshot" in sql and "'compare'" in sql and f"'{SCHEMA}'" in sql
    assert all(f"'{key}'" in sql for key in KEYS)
    # Not a metro page's snapshot (kind metro), not the metros list, not a track page.
    assert "'metro'" not in sql and "'_metros'" not in sql and "'track" not in sql
    # Again, other tracks in another metro: still one query, of the rows not read yet.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("compare"), {"tracks": ["legal", "sales", "nursing"], "metro": "31080"})
    assert response.status_code == 200
    [query] = queries.captured_queries
    assert all(f"'{key}'" in query["sql"] for key in ("legal", "sales", "_metro/31080"))
    assert all(f"'{key}'" not in query["sql"] for key in ("nursing", "_menus", "_metro_options"))


def test_rows_read_in_this_generation_are_used_again_without_a_query(client, page_snapshots):
    """Compare rows change only with a new generation (every snapshot write bumps it), so a comparison
    whose rows this process has read in the current generation costs no query at all."""
    assert client.get("/compare/?tracks=nursing&tracks=operations&metro=35620").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/compare/?tracks=operations&tracks=nursing&metro=35620")
        assert selectors.comparison(["nursing"], None).tracks[0]["slug"] == "nursing"
    assert response.status_code == 200 and "New York-Newark-Jersey City" in response.content.decode()
    assert queries.captured_queries == []
    # A comparison of tracks that are not stored is remembered as such too.
    client.get("/compare/?tracks=nursing&tracks=no-such-track")
    with CaptureQueriesContext(connection) as queries:
        assert selectors.comparison(["nursing", "no-such-track"], None).tracks[0]["slug"] == "nursing"
    assert queries.captured_queries == []


def _raw_rows(keys):
    known = [selectors._held[key][0] for key in keys]
    with connection.cursor() as cursor:
        cursor.execute(selectors._rows_sql(len(keys), len(known)), [*known, "compare", SCHEMA, *keys])
        return cursor.fetchall()


def test_rows_this_process_holds_come_back_as_digests_only(page_snapshots):
    first = selectors.comparison(["nursing", "operations"], "35620")
    assert set(selectors._held) == set(KEYS)
    rows = _raw_rows(KEYS)
    assert len(rows) == len(KEYS) and all(payload is None for _, _, payload in rows)
    assert selectors.comparison(["nursing", "operations"], "35620") == first


def test_a_changed_row_is_read_again_never_served_stale(client, page_snapshots):
    """A row changes as every writer changes it: with a new generation, in the same transaction."""
    client.get("/compare/?tracks=nursing&tracks=operations&tracks=legal")
    selectors.comparison(["nursing", "operations"], None)
    row = Snapshot.objects.get(kind="compare", key="nursing")
    changed = {**row.payload, "html": {**row.payload["html"], "ladder": "<div><h3>A new ladder</h3></div>"}}
    with transaction.atomic():
        write_snapshots(Snapshot.Kind.COMPARE, {"nursing": changed}, schema=SCHEMA, delete_missing=False)
        bump_generation("test: a compare row changed")
    current_generation()  # read once from the database, then held in the cache
    with CaptureQueriesContext(connection) as queries:
        compared = selectors.comparison(["nursing", "operations"], None)
    assert compared.tracks[0]["html"]["ladder"] == "<div><h3>A new ladder</h3></div>"
    assert len(queries.captured_queries) == 1  # the new generation reads the rows again
    html = client.get("/compare/?tracks=nursing&tracks=operations&tracks=legal").content.decode()
    assert "<div><h3>A new ladder</h3></div>" in html


def test_rows_of_another_shape_read_as_not_built(client, page_snapshots):
    """Compare rows written by older code (another SCHEMA) are not read until build_snapshots runs:
    the page asks for tracks (200), never a page with parts missing (500)."""
    Snapshot.objects.filter(kind="compare").update(schema="older")
    page_cache().clear()  # what earlier tests stored, under the same generation
    response = client.get("/compare/?tracks=sales&tracks=education&metro=35620")
    assert response.status_code == 200
    assert "Pick two or three tracks" in response.content.decode()

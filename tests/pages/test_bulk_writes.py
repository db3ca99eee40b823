"""Snapshot rows written by COPY read back exactly as bulk_create would have written them."""

import pickle

import pytest
from django.db import transaction
from django.utils import timezone

from pages.bulk_writes import COPY_BATCH, insert_rows
from tracks.models import PageSnapshot, Track, TrackMetroSnapshot

pytestmark = pytest.mark.django_db


def test_json_rows_round_trip_across_batches():
    payloads = [
        {"n": i, "text": 'quote " backslash \\ tab \t newline \n é ∞', "nested": [1.5, None, True, {"a": []}]}
        for i in range(COPY_BATCH + 7)  # more than one COPY statement
    ]
    now = timezone.now()
    with transaction.atomic():
        written = insert_rows(
            [
                PageSnapshot(
                    kind=PageSnapshot.Kind.COMPARE,
                    key=f"bulk-test-{i}",
                    payload=p,
                    fingerprint="f",
                    built_at=now,
                )
                for i, p in enumerate(payloads)
            ]
        )
        stored = dict(PageSnapshot.objects.filter(key__startswith="bulk-test-").values_list("key", "payload"))
        transaction.set_rollback(True)
    assert written == len(payloads)
    assert stored == {f"bulk-test-{i}": p for i, p in enumerate(payloads)}


@pytest.mark.federal
def test_binary_rows_round_trip():
    track = Track.objects.published().first()
    blobs = {f"9{i:04d}": pickle.dumps({"i": i, "bytes": bytes(range(256)) * 3}) for i in range(5)}
    with transaction.atomic():
        insert_rows([TrackMetroSnapshot(track=track, metro_code=c, panel=b) for c, b in blobs.items()])
        stored = {
            code: bytes(panel)
            for code, panel in TrackMetroSnapshot.objects.filter(
                track=track, metro_code__in=blobs
            ).values_list("metro_code", "panel")
        }
        transaction.set_rollback(True)
    assert stored == blobs


def test_nothing_to_write_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows([]) == 0

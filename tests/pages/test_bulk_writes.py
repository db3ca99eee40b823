"""Snapshot rows written by COPY read back exactly as bulk_create would have written them."""

import pytest
from django.db import transaction
from django.utils import timezone

from pages.bulk_writes import COPY_BATCH, insert_rows
from pages.models import Snapshot
from pages.store import digest_of

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
                Snapshot(
                    kind=Snapshot.Kind.COMPARE,
                    key=f"bulk-test-{i}",
                    payload=p,
                    digest=digest_of(p),
                    built_at=now,
                )
                for i, p in enumerate(payloads)
            ]
        )
        stored = dict(Snapshot.objects.filter(key__startswith="bulk-test-").values_list("key", "payload"))
        transaction.set_rollback(True)
    assert written == len(payloads)
    assert stored == {f"bulk-test-{i}": p for i, p in enumerate(payloads)}


def test_large_tagged_payloads_round_trip():
    # The track pages' rows (pages.store.JsonCodec): tagged values and long HTML, as one COPY writes them.
    payloads = {
        f"bulk-test/{i:05d}": {"§": "safe", "v": "<p>" + 'é ∞ \\ " \t' * 5_000 + f"{i}</p>"} for i in range(5)
    }
    with transaction.atomic():
        insert_rows(
            [
                Snapshot(
                    kind=Snapshot.Kind.TRACK_METRO,
                    key=k,
                    payload=p,
                    digest=digest_of(p),
                    built_at=timezone.now(),
                )
                for k, p in payloads.items()
            ]
        )
        stored = dict(
            Snapshot.objects.filter(kind=Snapshot.Kind.TRACK_METRO, key__in=payloads).values_list(
                "key", "payload"
            )
        )
        transaction.set_rollback(True)
    assert stored == payloads


def test_nothing_to_write_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows([]) == 0

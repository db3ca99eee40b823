"""The data generation: one number, held in the cache, bumped by every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salaries import generation
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def test_the_generation_is_read_once_then_held_in_the_cache():
    with CaptureQueriesContext(connection) as cold:
        first = generation.current_generation()
    with CaptureQueriesContext(connection) as warm:
        assert generation.current_generation() == first
    assert len(cold) == 1 and len(warm) == 0


def test_a_bump_changes_the_number_the_key_and_the_validators():
    before = generation.current_generation()
    bumped = generation.bump_generation("test")
    now = generation.current_generation()
    assert now == bumped and now.number == before.number + 1
    assert now.key != before.key and now.etag != before.etag
    assert now.changed_at >= before.changed_at
    assert now.etag.startswith('W/"g') and now.last_modified.endswith(" GMT")


def test_rebuild_runs_every_registered_builder_then_bumps(monkeypatch):
    calls = []
    monkeypatch.setattr(generation, "_builders", {"a": lambda progress=None: calls.append("a")})
    generation.register_snapshot_builder("b", lambda progress=None: calls.append("b"))
    before = generation.current_generation().number
    generation.rebuild_snapshots(reason="test")
    assert calls == ["a", "b"] and generation.current_generation().number == before + 1


def test_a_failing_builder_leaves_the_generation_alone(monkeypatch):
    def broken(progress=None):
        generation.bump_generation("inner")  # even a bump inside is rolled back
        raise RuntimeError("broken")

    monkeypatch.setattr(generation, "_builders", {"broken": broken})
    before = generation.current_generation().number
    with pytest.raises(RuntimeError):
        generation.rebuild_snapshots(reason="test")
    assert generation.current_generation().number == before


def test_the_builders_of_one_rebuild_share_a_memo_that_ends_with_it(monkeypatch):
    seen = []

    def first(progress=None):
        memo = generation.build_memo()
        memo["left"] = 42
        seen.append(memo)

    def second(progress=None):
        seen.append(generation.build_memo()["left"])

    monkeypatch.setattr(generation, "_builders", {"first": first, "second": second})
    assert generation.build_memo() is None
    generation.rebuild_snapshots(reason="test")
    assert seen == [{"left": 42}, 42]
    assert generation.build_memo() is None  # nothing outlives the rebuild
    generation.rebuild_snapshots(reason="again")
    assert seen[2] == {"left": 42} and seen[2] is not seen[0]  # a fresh memo each time


def test_a_pinned_generation_is_answered_without_reading_the_cache_until_a_bump(monkeypatch):
    held = generation.current_generation()
    other = generation.Generation(held.number + 7, held.changed_at)
    with generation.pinned_generation(other):
        monkeypatch.setattr(generation, "current_generation_and", lambda keys: pytest.fail("read the cache"))
        assert generation.current_generation() == other
        monkeypatch.undo()
        bumped = generation.bump_generation("inside a request")
        assert generation.current_generation() == bumped  # a bump unpins
    assert generation.current_generation() == bumped


def test_the_generation_memo_lasts_as_long_as_its_generation():
    first = generation.current_generation()
    memo = generation.generation_memo(first)
    memo["rows"] = {"a": 1}
    assert generation.generation_memo(first) is memo
    second = generation.bump_generation("test")
    assert generation.generation_memo(second) == {}
    assert generation.generation_memo(first) == {}  # an older generation asking again starts afresh

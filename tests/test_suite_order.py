"""The order tests/conftest.py gives the suite under pytest-xdist: the last worker's share starts with the
federal tests (it builds the federal database at once), the other shares hold the fast tests, and the
fast tests left over go last."""

import pytest

from tests.conftest import _federal_build_first_on_one_worker


class Item:
    def __init__(self, name: str, federal: bool, slow: bool = False):
        self.name = name
        self.marks = {mark for mark, on in (("federal", federal), ("slow", slow)) if on}

    def get_closest_marker(self, name):
        return object() if name in self.marks else None


def names(items):
    return [item.name for item in items]


def suite(fast: int, federal: int):
    # Interleaved, as collection gives them: the order within each group must survive.
    items = [Item(f"f{i}", False) for i in range(fast)] + [Item(f"F{i}", True) for i in range(federal)]
    return items[::2] + items[1::2]


def test_two_workers_the_second_share_starts_with_the_federal_tests():
    items = suite(fast=7, federal=3)  # xdist's worksteal: the first worker gets 10 // 2 = 5 tests
    ordered = names(_federal_build_first_on_one_worker(items, workers=2))
    fast = [name for name in names(items) if name.startswith("f")]
    federal = [name for name in names(items) if name.startswith("F")]
    assert ordered == fast[:5] + federal + fast[5:]
    assert ordered[5:8] == federal


def test_three_workers_split_as_worksteal_does():
    # 11 tests: 11 // 3 = 3, then 8 // 2 = 4; the last share starts at index 7.
    ordered = names(_federal_build_first_on_one_worker(suite(fast=9, federal=2), workers=3))
    assert [name[0] for name in ordered] == list("fffffffFFff")


def test_slow_federal_tests_go_first_among_the_federal_ones():
    items = [Item("f0", False), Item("F0", True), Item("f1", False, slow=True), Item("F1", True, slow=True)]
    assert names(_federal_build_first_on_one_worker(items, workers=2)) == ["f0", "f1", "F1", "F0"]


@pytest.mark.parametrize("workers", [0, 1])
def test_one_process_runs_the_federal_tests_after_the_fast_ones(workers):
    ordered = names(_federal_build_first_on_one_worker(suite(fast=3, federal=2), workers=workers))
    assert [name[0] for name in ordered] == list("fffFF")

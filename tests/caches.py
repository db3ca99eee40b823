"""Emptying the caches between tests: the default cache (rate-limit counters, the data generation) and
the public pages' own cache alias ("pages"). The database cache ("fallback") lives in a table, which the
test database's transactions already undo."""

from django.core.cache import caches

TEST_CLEARED_CACHES = ("default", "pages")


def clear_caches() -> None:
    for alias in TEST_CLEARED_CACHES:
        caches[alias].clear()


def cache_entries(alias: str) -> int:
    """How many entries a local-memory cache alias holds (the test run's caches are local memory)."""
    return len(caches[alias]._cache)

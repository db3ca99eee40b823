import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with none (and leaves none behind)."""
    cache.clear()
    yield
    cache.clear()

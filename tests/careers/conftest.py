import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with none (and leaves none behind)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Make a request, then run what it queued for after its commit (emails are enqueued there).

    ``deliver(client.post, url, data)`` returns the response; with the test run's Immediate task backend
    the emails are then in ``mailoutbox``. Tests never see a mail sent inside the request itself.
    """

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run

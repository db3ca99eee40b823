"""The default cache: Redis, with the database standing in for the keys that must not be lost.

When Redis answers, every call goes to Redis. When it does not (refused, timed out, gone, out of memory),
a call for a key that guards something (``FALLBACK_PREFIXES``: allauth's rate limits and login-attempt
counters) goes to the ``fallback`` cache (Django's database cache, shared by every app server), so
sign-in limits still hold during an outage; any other key (pages, fragments) quietly misses, as a cache
should.

**Counts made during an outage still count after it.** The rule: a guarded key is read from Redis *and*
from the database, and the two are merged. allauth keeps a rate limit as the list of its hits'
timestamps, so the merge is their union: every hit counted in either place counts once, until it
expires. The database copy is never moved back; it simply expires (allauth gave it the limit's
duration). So when Redis comes back, the hits counted in the database during the outage still count,
and the limit does not start over. The cost is one primary-key read of the database per guarded read
(a few per sign-in, sign-up or reset), never on a page. A hit taken back with allauth's rollback is
taken back in Redis only, which can only make a limit stricter; a limit cleared (``delete``) is cleared
in both places. (A Redis that lost its data while it
was down still loses what it held before the outage: run it with persistence if that matters.)

After a failure Redis is left alone for ``RETRY_AFTER`` seconds, so an outage costs one socket timeout
per process every few seconds, not one per call.
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

MISSING = object()


class FailoverCache(BaseCache):
    RETRY_AFTER = 5.0

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK", "fallback")
        self._prefixes = tuple(options.pop("FALLBACK_PREFIXES", ("allauth",)))
        primary_backend = options.pop("PRIMARY_BACKEND", "django_redis.cache.RedisCache")
        super().__init__({**params, "OPTIONS": {}})
        # The primary raises on failure (no IGNORE_EXCEPTIONS): this class decides what a failure means.
        primary_params = {**params, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": False}}
        primary_params.pop("BACKEND", None)
        self._primary = import_string(primary_backend)(location, primary_params)
        self._down_until = 0.0

    @property
    def _fallback(self):
        return caches[self._fallback_alias]

    def _guarded(self, key) -> bool:
        return isinstance(key, str) and key.startswith(self._prefixes)

    def _call(self, method, key, default, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(self._primary, method)(key, *args, **kwargs)
            except Exception:
                logger.warning("Cache server unavailable; using the fallback for guarded keys", exc_info=True)
                self._down_until = time.monotonic() + self.RETRY_AFTER
        if self._guarded(key):
            return getattr(self._fallback, method)(key, *args, **kwargs)
        return default

    # The calls Django and allauth make. Keys are passed through untouched: each backend applies its
    # own KEY_PREFIX and VERSION.
    def get(self, key, default=None, version=None):
        if not self._guarded(key):
            return self._call("get", key, default, default, version=version)
        if time.monotonic() >= self._down_until:
            try:
                value = self._primary.get(key, MISSING, version=version)
            except Exception:
                logger.warning("Cache server unavailable; using the fallback for guarded keys", exc_info=True)
                self._down_until = time.monotonic() + self.RETRY_AFTER
            else:
                value = self._with_outage_counts(key, value, version)
                return default if value is MISSING else value
        return self._fallback.get(key, default, version=version)

    def _with_outage_counts(self, key, value, version):
        """Redis answered for a guarded key: add what the database counted while Redis was down."""
        try:
            counted = self._fallback.get(key, MISSING, version=version)
        except Exception:
            logger.warning("Fallback cache unavailable; reading %s from Redis alone", key, exc_info=True)
            return value
        if counted is MISSING:
            return value
        if value is MISSING:
            return counted
        return merge_counts(value, counted)

    def set(self, key, value, timeout=MISSING, version=None):
        kwargs = {"version": version} if timeout is MISSING else {"timeout": timeout, "version": version}
        return self._call("set", key, None, value, **kwargs)

    def add(self, key, value, timeout=MISSING, version=None):
        kwargs = {"version": version} if timeout is MISSING else {"timeout": timeout, "version": version}
        return self._call("add", key, False, value, **kwargs)

    def delete(self, key, version=None):
        deleted = self._call("delete", key, False, version=version)
        if self._guarded(key) and not key.endswith(":lock") and time.monotonic() >= self._down_until:
            # A limit cleared (allauth clears failed sign-ins after a good one) is cleared in both
            # places, or the hits counted during an outage would come back with the next read. Locks
            # (added and deleted around every count) stay in Redis alone.
            try:
                self._fallback.delete(key, version=version)
            except Exception:
                logger.warning("Fallback cache unavailable; %s left there to expire", key, exc_info=True)
        return deleted

    def touch(self, key, timeout=MISSING, version=None):
        kwargs = {"version": version} if timeout is MISSING else {"timeout": timeout, "version": version}
        return self._call("touch", key, False, **kwargs)

    def has_key(self, key, version=None):
        return self._call("has_key", key, False, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, None, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, None, delta, version=version)

    def get_many(self, keys, version=None):
        """One round trip (Redis MGET) when no key is guarded; a guarded key is read on its own."""
        keys = list(keys)
        if any(self._guarded(key) for key in keys):
            return {key: value for key in keys if (value := self.get(key, MISSING, version)) is not MISSING}
        return self._call("get_many", keys, {}, version=version)

    def set_many(self, data, timeout=MISSING, version=None):
        """One round trip (a Redis pipeline) when no key is guarded; a guarded key is written on its own."""
        if len(data) == 1 or any(self._guarded(key) for key in data):
            # One key: a plain SET (django-redis would wrap it in MULTI ... EXEC).
            for key, value in data.items():
                self.set(key, value, timeout, version)
            return []
        kwargs = {"version": version} if timeout is MISSING else {"timeout": timeout, "version": version}
        self._call("set_many", data, None, **kwargs)
        return []

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version)

    def clear(self):
        try:
            self._primary.clear()
        except Exception:
            logger.warning("Cache server unavailable; could not clear it", exc_info=True)
        self._fallback.clear()

    def close(self, **kwargs):
        self._primary.close(**kwargs)


def merge_counts(primary, fallback):
    """One value from two copies of a guarded key. allauth's rate-limit history (hit timestamps, newest
    first): the union, newest first, each hit once. Anything else: Redis's copy."""
    if isinstance(primary, list) and isinstance(fallback, list):
        try:
            return sorted(set(primary) | set(fallback), reverse=True)
        except TypeError:  # not timestamps
            return primary
    return primary

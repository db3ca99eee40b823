"""The search index a request queries: checked against the data generation (a cache read); when the
generation moved, one query tells whether the stored index changed, and only then is the new version
opened: this host's memory-mapped file, shared by every process on it (``pages.search.store``)."""

from __future__ import annotations

import logging
import os
import threading

from pages.search import store
from pages.search.index import Ranking
from salaries.generation import current_generation

logger = logging.getLogger(__name__)
_index_lock = threading.Lock()
_index_cache: dict[str, object] = {"version": None, "index": None}


def search_index() -> Ranking | None:
    """The current search index (``SearchIndex`` or ``MappedSearchIndex``: the same queries, the same
    results), or None when none is stored."""
    generation = current_generation().key
    if _index_cache.get("generation") == generation and _index_cache["index"] is not None:
        return _index_cache["index"]
    version = store.stored_version()
    if version is None:
        return None
    if _index_cache["version"] != version:
        with _index_lock:
            if _index_cache["version"] != version:
                opened = store.open_index(version)
                if opened is None:
                    return None
                _index_cache["version"], _index_cache["index"] = opened
    _index_cache["generation"] = generation
    return _index_cache["index"]


def open_before_fork() -> None:
    """Map this host's index file in gunicorn's master, before it forks the workers
    (``gunicorn.conf.py``'s ``when_ready``): every worker then starts with the index open and its first
    search opens nothing (without ``SEARCH_INDEX_DIR``, nothing is done: each worker reads its own copy).
    A host that lacks the file has a child process write it from the stored row, so the master's heap,
    which every worker inherits, never holds the payload. Best effort: if the database does not
    answer, each worker opens the index on its first search instead. The master's connections are
    closed so no worker inherits one."""
    from django.db import DatabaseError, connections

    if store.index_dir() is None:
        return  # each worker reads the index into its own memory: nothing to share
    try:
        version = store.stored_version()
        connections.close_all()
        if version is None:
            return
        if not store.index_path(version, store.index_dir()).exists() and hasattr(os, "fork"):
            _write_in_a_child(version)
        opened = store.open_index(version)
        if opened is not None:
            _index_cache["version"], _index_cache["index"] = opened
    except DatabaseError:
        logger.warning("Search index not opened before the workers start", exc_info=True)
    finally:
        connections.close_all()


def _write_in_a_child(version: str) -> None:
    from django.db import connections

    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
        code = 1
        try:
            store.open_index(version)
            code = 0
        finally:
            connections.close_all()
            os._exit(code)
    os.waitpid(child, 0)

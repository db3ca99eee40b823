"""The search index a request queries: held in this process's memory, checked against the data
generation (a cache read), read again from its stored row only when that row changed."""

from __future__ import annotations

import threading

from pages.models import Snapshot
from pages.search.build import SEARCH_KEY
from pages.search.index import SearchIndex
from salaries.generation import current_generation

_index_lock = threading.Lock()
_index_cache: dict[str, object] = {"digest": None, "index": None}


def search_index() -> SearchIndex | None:
    """The current search index, held in this process's memory and checked against the data generation
    (a cache read); when the generation moved, one query tells whether the stored index changed, and the
    index is read and prepared again only if it did."""
    generation = current_generation().key
    if _index_cache.get("generation") == generation and _index_cache["index"] is not None:
        return _index_cache["index"]
    snapshot = Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH, key=SEARCH_KEY)
    digest = snapshot.values_list("digest", flat=True).first()
    if digest is None:
        return None
    if _index_cache["digest"] != digest:
        with _index_lock:
            if _index_cache["digest"] != digest:
                payload = snapshot.values_list("payload", flat=True).first()
                _index_cache["index"] = SearchIndex.from_payload(payload)
                _index_cache["digest"] = digest
    _index_cache["generation"] = generation
    return _index_cache["index"]

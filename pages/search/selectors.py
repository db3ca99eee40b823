"""The search index a request queries: checked against the data generation (a cache read); when the
generation moved, one query tells whether the stored index changed, and only then is the new version
opened: this host's memory-mapped file, shared by every process on it (``pages.search.store``)."""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field

from pages.formatting import NOT_PUBLISHED
from pages.search import store
from pages.search.index import Ranking
from salaries.generation import current_generation
from salaries.places import match_metros

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


# --------------------------------------------------------------------------------------------------
# A search's answer: the ranked results, with the pay in the reader's metro when one is named

METRO_CODE_RE = re.compile(r"^[0-9]{5}$")


@dataclass
class Answer:
    """What the search page shows: the results (``Ranking.search``'s dicts; with a metro, each occupation
    also carries ``metro_pay``: [median pay there, how sure]), the metro chosen ({"code", "name"}), the
    picker's metros, and for typed text the metros it matched (several to choose from, or none)."""

    index_ready: bool
    results: list[dict] = field(default_factory=list)
    metro: dict | None = None
    metro_options: list[dict] = field(default_factory=list)
    metro_unknown: bool = False  # a code with no stored figures, or text that matched no metro
    typed: str = ""  # a metro's name typed (not a code), kept in the picker
    metro_matches: list[dict] = field(default_factory=list)  # typed text that matched several metros
    tracks: list[dict] = field(default_factory=list)  # the tracks the results name, in result order


def tracks_of(results: list[dict]) -> list[dict]:
    """The tracks the results name, each once: the tracks found by their name first, then those of the
    occupations found, in result order."""
    found: dict[str, dict] = {}
    for track in [r["track"] for r in results if r["track"]] + [t for r in results for t in r["tracks"]]:
        found.setdefault(track["url"], track)
    return list(found.values())


def search_answer(query: str, metro: str = "") -> Answer:
    """The answer to ``query`` (national figures), in ``metro`` when it names one (a CBSA code: one query
    for that metro's stored pay row; typed text is matched among the stored metros, reading nothing)."""
    index = search_index()
    if index is None:
        return Answer(index_ready=False)
    answer = Answer(index_ready=True, results=index.search(query) if query else [])
    answer.tracks = tracks_of(answer.results)
    answer.metro_options = index.metros
    metro = metro.strip()
    if not metro:
        return answer
    if METRO_CODE_RE.match(metro):
        row = store.metro_pay(metro)
        if row is None:
            answer.metro_unknown = True
            return answer
        answer.metro = {"code": metro, "name": row["name"]}
        for result in answer.results:
            occupation = result["occupation"]
            if occupation is not None:
                occupation["metro_pay"] = row["pay"].get(occupation["code"]) or [NOT_PUBLISHED, ""]
        return answer
    names = {option["code"]: option["name"] for option in index.metros}
    codes = match_metros(metro, names)
    answer.typed = metro
    answer.metro_matches = [{"code": code, "name": names[code]} for code in codes]
    answer.metro_unknown = not codes
    return answer

"""Where the search index lives: one stored row (the source of truth, in the database) and, on each
host, one memory-mapped file made from it (``pages.search.mapped``) in ``settings.SEARCH_INDEX_DIR``.

The row is read and written only here (``stored_version``, ``stored_payload``, ``save_payload``), so a
change of snapshot model touches this module alone; so are the rows of each metro's pay beside it
(``save_metro_pay``, ``metro_pay``: keys ``metro/<CBSA code>``). A row's version is what names its file
(``search-<version>.idx``): a rebuild writes the file when its transaction commits; a host that lacks
it (another host, a fresh clone, a wiped folder) writes it from the row on its first search, one process
at a time (a lock file), and every other process on the host maps the same file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pages.models import Snapshot
from pages.search.index import Ranking, SearchIndex
from pages.search.mapped import BadIndexFile, MappedSearchIndex, write_index_file
from pages.store import Kind, digest_of, write_snapshots

try:
    import fcntl
except ImportError:  # not POSIX: no lock, concurrent writers still rename whole files into place
    fcntl = None

logger = logging.getLogger(__name__)

SEARCH_KEY = "index"
METRO_PREFIX = "metro/"  # one row a metro: the search results' pay there (``save_metro_pay``)
PREFIX, SUFFIX = "search-", ".idx"


# --------------------------------------------------------------------------------------------------
# The stored row


def _row():
    return Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH, key=SEARCH_KEY)


def _version(digest: str) -> str:
    return digest[:24]


def stored_version() -> str | None:
    """The stored index's version (one small query), None when no index is stored."""
    digest = _row().values_list("digest", flat=True).first()
    return None if digest is None else _version(digest)


def stored_payload() -> tuple[str, dict] | None:
    """(version, payload) of the stored index, read together (one query), or None."""
    row = _row().values_list("digest", "payload").first()
    return None if row is None else (_version(row[0]), row[1])


def save_payload(payload: dict) -> str:
    """Store a newly built index (in the caller's transaction; the row is rewritten only when the index
    changed) and, once it commits, write this host's file for it; return its version (from the
    payload's digest, so an unchanged index keeps its file)."""
    write_snapshots(Kind.SEARCH, {SEARCH_KEY: payload}, prefix=SEARCH_KEY)
    version = _version(digest_of(payload))
    transaction.on_commit(lambda: _write_quietly(payload, version))
    return version


def save_metro_pay(payloads: dict[str, dict]) -> None:
    """Store each metro's pay row (metro code -> ``pages.search.build.metro_pay_payloads``' shape),
    rewriting only the rows that changed and deleting the metros no longer built."""
    write_snapshots(
        Kind.SEARCH,
        {f"{METRO_PREFIX}{code}": payload for code, payload in payloads.items()},
        prefix=METRO_PREFIX,
    )


def metro_pay(code: str) -> dict | None:
    """One metro's stored pay row ({"name", "pay": {occupation code: [median pay, how sure]}}), or None
    when no figures are stored for that code (one query)."""
    return (
        Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH, key=f"{METRO_PREFIX}{code}")
        .values_list("payload", flat=True)
        .first()
    )


# --------------------------------------------------------------------------------------------------
# This host's file


def index_dir() -> Path | None:
    """The folder of the index files, None when ``SEARCH_INDEX_DIR`` is empty (each process then holds
    its own index in memory, as before)."""
    folder = getattr(settings, "SEARCH_INDEX_DIR", "")
    return Path(folder) if folder else None


def index_path(version: str, folder: Path) -> Path:
    return folder / f"{PREFIX}{version}{SUFFIX}"


def write_file(payload: dict, version: str, folder: Path) -> Path:
    """Write the file of ``version`` and delete the other versions' files (a process still mapping one
    keeps its pages until it moves on) and any temporary file an interrupted write left. Called under
    the host lock, so no other write is under way."""
    for leftover in folder.glob(f".tmp-*{SUFFIX}"):
        leftover.unlink(missing_ok=True)
    path = write_index_file(payload, version, index_path(version, folder))
    for other in folder.glob(f"{PREFIX}*{SUFFIX}"):
        if other != path:
            other.unlink(missing_ok=True)
    return path


def _write_quietly(payload: dict, version: str) -> None:
    folder = index_dir()
    if folder is None:
        return
    try:
        with _host_lock(folder):
            write_file(payload, version, folder)
    except OSError:
        logger.exception("Search index file not written (each host writes it on its first search)")


class _host_lock:
    """One writer at a time on this host (``flock`` on a file beside the index files)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.folder / ".lock", "a")  # noqa: SIM115 (closed in __exit__)
        if fcntl is not None:
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        self.handle.close()  # closing releases the lock


def _open(version: str, folder: Path) -> MappedSearchIndex | None:
    try:
        return MappedSearchIndex(index_path(version, folder), version)
    except OSError:  # missing (or a folder that cannot be read): written below, or read into memory
        return None
    except BadIndexFile as error:
        logger.warning("Search index file rewritten: %s", error)
        return None


def open_index(version: str) -> tuple[str, Ranking] | None:
    """The index of ``version``: this host's file mapped; when the file is missing (or unreadable),
    written from the stored row first (under the host lock, so the other processes wait and then map
    it). Returns (version, index), the version being the row's when the row moved on meanwhile; None
    when no index is stored. Without ``SEARCH_INDEX_DIR``, or when the file cannot be written, the
    index is read into this process's memory."""
    folder = index_dir()
    if folder is not None:
        found = _open(version, folder)
        if found is not None:
            return version, found
        try:
            with _host_lock(folder):
                found = _open(version, folder)
                if found is not None:
                    return version, found
                stored = stored_payload()
                if stored is None:
                    return None
                version, payload = stored
                write_file(payload, version, folder)
                return version, MappedSearchIndex(index_path(version, folder), version)
        except OSError:
            logger.exception("Search index file not written in %s: reading it into memory", folder)
    stored = stored_payload()
    if stored is None:
        return None
    version, payload = stored
    return version, SearchIndex.from_payload(payload)

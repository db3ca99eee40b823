"""Where the search index lives (``pages.search.store``) and how a process finds the current one
(``pages.search.selectors``): one file per host made from the stored row, mapped by every process; a
new version picked up after the generation moves; a missing or damaged file written again from the row;
no folder (or an unwritable one): the index in the process's memory, as before."""

import threading

import pytest

from pages.search import index as search
from pages.search import selectors, store
from pages.search.mapped import MappedSearchIndex
from salaries.generation import bump_generation

pytestmark = pytest.mark.django_db

OCCUPATIONS = {
    "29-1141": {"title": "Registered Nurses", "employment": 3_000_000, "published": True, "tracks": []},
    "15-1252": {"title": "Software Developers", "employment": 1_600_000, "published": True, "tracks": []},
}


def made_up_payload(*extra: str) -> dict:
    titles = [
        ("Nurse", "alternate", "29-1141", ""),
        ("Registered Nurse (RN)", "alternate", "29-1141", ""),
        ("Software Developer", "alternate", "15-1252", ""),
    ]
    titles += [(title, "reported", "15-1252", "") for title in extra]
    return search.build_payload(titles=titles, occupations=OCCUPATIONS, tracks={})


@pytest.fixture
def folder(tmp_path, settings, monkeypatch):
    """A fresh index folder and a process that has not opened any index yet."""
    settings.SEARCH_INDEX_DIR = str(tmp_path / "search")
    monkeypatch.setattr(selectors, "_index_cache", {"version": None, "index": None})
    return tmp_path / "search"


def store_new(*extra: str) -> str:
    version = store.save_payload(made_up_payload(*extra))
    bump_generation("test: search index rebuilt")
    return version


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("search-*.idx"))


def test_the_index_is_mapped_from_this_hosts_file(folder):
    version = store_new()
    index = selectors.search_index()
    assert isinstance(index, MappedSearchIndex)
    assert files(folder) == [f"search-{version}.idx"]
    assert index.search("rn")[0]["occupation"]["code"] == "29-1141"


def test_a_rebuild_writes_the_file_when_it_commits(folder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = store_new()
    assert files(folder) == []  # nothing before the commit: a rolled-back build leaves no file
    for callback in callbacks:
        callback()
    assert files(folder) == [f"search-{version}.idx"]


def test_a_new_version_is_picked_up_when_the_generation_moves(folder, django_assert_max_num_queries):
    first = store_new()
    assert not selectors.search_index().search("zyxwv wrangler")
    with django_assert_max_num_queries(0):
        selectors.search_index()  # same generation: no query, the same mapped file
    second = store_new("Zyxwv Wrangler")
    assert second != first
    found = selectors.search_index().search("zyxwv wrangler")
    assert found[0]["matched_title"] == "Zyxwv Wrangler"
    assert files(folder) == [f"search-{second}.idx"]  # the old version's file is gone


def test_a_missing_file_is_written_again_from_the_stored_row(folder, monkeypatch):
    version = store_new("Zyxwv Wrangler")
    expected = search.SearchIndex.from_payload(made_up_payload("Zyxwv Wrangler")).search("wrangler")
    assert selectors.search_index().search("wrangler") == expected
    (folder / f"search-{version}.idx").unlink()
    monkeypatch.setattr(selectors, "_index_cache", {"version": None, "index": None})  # another process
    index = selectors.search_index()
    assert isinstance(index, MappedSearchIndex)
    assert index.search("wrangler") == expected
    assert files(folder) == [f"search-{version}.idx"]


def test_a_damaged_file_is_written_again(folder):
    version = store_new()
    path = folder / f"search-{version}.idx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half a file")
    index = selectors.search_index()
    assert isinstance(index, MappedSearchIndex)
    assert index.search("nurse")[0]["matched_title"] == "Nurse"


def test_without_a_folder_each_process_holds_the_index(settings, monkeypatch):
    settings.SEARCH_INDEX_DIR = ""
    monkeypatch.setattr(selectors, "_index_cache", {"version": None, "index": None})
    store_new()
    assert isinstance(selectors.search_index(), search.SearchIndex)


def test_an_unwritable_folder_falls_back_to_memory(tmp_path, settings, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.SEARCH_INDEX_DIR = str(blocker / "search")  # cannot be created
    monkeypatch.setattr(selectors, "_index_cache", {"version": None, "index": None})
    store_new()
    index = selectors.search_index()
    assert isinstance(index, search.SearchIndex)
    assert index.search("nurse")[0]["matched_title"] == "Nurse"


def test_no_stored_index_means_none(folder):
    store.Snapshot.objects.filter(kind="search").delete()
    bump_generation("test: search index dropped")
    assert selectors.search_index() is None
    assert files(folder) == []


def test_concurrent_first_searches_write_the_file_once(folder, monkeypatch):
    version = store_new("Zyxwv Wrangler")
    writes = []
    real_write = store.write_file
    monkeypatch.setattr(store, "write_file", lambda *a: writes.append(a[1]) or real_write(*a))
    stored = store.stored_payload()
    monkeypatch.setattr(store, "stored_payload", lambda: stored)  # threads do not see the test's rows
    opened, errors = [], []

    def first_search():  # as another worker would: its own process cache, the same host folder
        try:
            opened.append(store.open_index(version))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=first_search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert writes == [version]
    assert {v for v, _ in opened} == {version}
    assert all(isinstance(index, MappedSearchIndex) for _, index in opened)
    assert {index.search("wrangler")[0]["matched_title"] for _, index in opened} == {"Zyxwv Wrangler"}


REAL_QUERIES = [
    "nurse",
    "rn",
    "lpn",
    "sofware developr",
    "developer software",
    "product manager",
    "ceo",
    "cfo",
    "hr manager",
    "acountant",
    "truck drivr",
    "elektrician",
    "dental hygenist",
    "teacher",
    "manager",
    "ux designer",
    "barista",
    "zzqxjvvk",
    "a",
    "développeur",
]


def test_the_mapped_index_answers_as_the_in_memory_one_on_every_real_title(page_snapshots, folder):
    version, payload = store.stored_payload()
    mapped = selectors.search_index()
    assert isinstance(mapped, MappedSearchIndex)
    assert mapped.version == version
    memory = search.SearchIndex.from_payload(payload)
    assert len(memory.strings) > 50_000
    for query in REAL_QUERIES:
        assert mapped.search(query) == memory.search(query), query


def test_gunicorns_master_opens_the_index_before_forking(folder, monkeypatch):
    import django.db

    closed = []
    monkeypatch.setattr(django.db.connections, "close_all", lambda: closed.append(True))
    writers = []  # a forked child in production; here in this process, so it sees the test's rows
    monkeypatch.setattr(selectors, "_write_in_a_child", lambda v: writers.append(v) or store.open_index(v))
    version = store_new("Zyxwv Wrangler")
    selectors.open_before_fork()
    assert closed  # no worker inherits the master's connection
    assert writers == [version]  # the host lacked the file: written from the row, outside the master
    assert files(folder) == [f"search-{version}.idx"]
    monkeypatch.setattr(store, "open_index", lambda version: pytest.fail("the worker opened it again"))
    index = selectors.search_index()  # in a worker: the first search opens nothing
    assert isinstance(index, MappedSearchIndex)
    assert index.search("wrangler")[0]["matched_title"] == "Zyxwv Wrangler"


def test_the_master_opens_nothing_without_a_folder_or_a_database(settings, monkeypatch):
    import django.db
    from django.db import OperationalError

    monkeypatch.setattr(django.db.connections, "close_all", lambda: None)
    monkeypatch.setattr(selectors, "_index_cache", {"version": None, "index": None})
    settings.SEARCH_INDEX_DIR = ""
    selectors.open_before_fork()
    assert selectors._index_cache["index"] is None
    settings.SEARCH_INDEX_DIR = "var/unused"

    def database_down():
        raise OperationalError("the database does not answer")

    monkeypatch.setattr(store, "stored_version", database_down)
    selectors.open_before_fork()  # logged, not raised: the workers open it on their first search
    assert selectors._index_cache["index"] is None

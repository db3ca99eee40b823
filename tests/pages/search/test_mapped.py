"""The memory-mapped search index file (``pages.search.mapped``): the same results as the in-memory
index, on small made-up titles (ties, prefixes, abbreviations, fuzzy matches across chunks) and on every
real title; readers in other processes while the file is replaced."""

import multiprocessing
import os

import pytest

from pages.search import index as search
from pages.search.mapped import BadIndexFile, MappedSearchIndex, index_bytes, write_index_file

OCCUPATIONS = {
    "11-1011": {"title": "Chief Executives", "employment": 200_000, "published": True, "tracks": []},
    "29-1141": {
        "title": "Registered Nurses",
        "employment": 3_000_000,
        "published": True,
        "tracks": ["nursing"],
    },
    "29-2061": {"title": "Licensed Practical Nurses", "employment": 600_000, "published": True, "tracks": []},
    "15-1252": {"title": "Software Developers", "employment": 1_600_000, "published": True, "tracks": []},
    "47-2111": {"title": "Electricians", "employment": 700_000, "published": True, "tracks": []},
    "99-0001": {"title": "Résumé Écrivains", "employment": None, "published": False, "tracks": []},
}
TRACKS = {"nursing": {"slug": "nursing", "name": "Nursing", "url": "/tracks/nursing/"}}
QUERIES = [
    "nurse",
    "nurses",
    "registered nurse",
    "rn",
    "ceo",
    "chief executive officer",
    "sofware developr",
    "developer software",
    "electrican",
    "elektrician",
    "nursing",
    "resume",
    "écrivain",
    "zzqxjvvk",
    "a",
    "",
    "nurse 3",
    "developer 12",
]


def titles(copies: int = 1) -> list[tuple[str, str, str, str]]:
    base = [
        ("Nurse", "alternate", "29-1141", ""),
        ("Nurse", "alternate", "29-2061", ""),
        ("Registered Nurse (RN)", "alternate", "29-1141", ""),
        ("Registered Nurses", "soc", "29-1141", ""),
        ("Nurse Manager", "reported", "29-1141", ""),
        ("Staff Nurse", "rung", "29-1141", "nursing"),
        ("Licensed Practical Nurse (LPN)", "alternate", "29-2061", ""),
        ("CEO (Chief Executive Officer)", "alternate", "11-1011", ""),
        ("Software Developer", "alternate", "15-1252", ""),
        ("Developer, Software", "reported", "15-1252", ""),
        ("Electrician", "onet", "47-2111", ""),
        ("Electrician Apprentice", "alternate", "47-2111", ""),
        ("Résumé Écrivain", "alternate", "99-0001", ""),
        ("Nursing", "track", "", "nursing"),
    ]
    out = list(base)
    for copy in range(2, copies + 1):  # many titles scoring the same: ties broken by position
        out += [(f"{title} {copy}", kind, code, slug) for title, kind, code, slug in base]
    return out


def payload(copies: int = 1) -> dict:
    return search.build_payload(titles=titles(copies), occupations=OCCUPATIONS, tracks=TRACKS)


@pytest.mark.parametrize(("copies", "chunk"), [(1, 8192), (1, 3), (40, 7), (40, 8192)])
def test_mapped_index_answers_exactly_as_the_in_memory_index(tmp_path, copies, chunk):
    stored = payload(copies)
    path = write_index_file(stored, "v1", tmp_path / "search-v1.idx", chunk=chunk)
    mapped = MappedSearchIndex(path, "v1")
    memory = search.SearchIndex.from_payload(stored)
    for query in QUERIES:
        for limit in (1, 5, search.RESULT_LIMIT):
            assert mapped.search(query, limit) == memory.search(query, limit), (query, limit)
    assert mapped.search("nurse")[0]["matched_title"] == "Nurse"


def test_fuzzy_pass_keeps_rapidfuzz_order_across_chunks(tmp_path):
    stored = payload(40)
    memory = search.SearchIndex.from_payload(stored)
    mapped = MappedSearchIndex(write_index_file(stored, "v", tmp_path / "i.idx", chunk=5), "v")
    for query in ("nurse 7", "electrican 3", "sofware developr"):
        assert mapped._fuzzy(query) == memory._fuzzy(query)
        assert len(mapped._fuzzy(query)) <= search.FUZZY_LIMIT


def test_a_file_of_another_version_or_format_is_refused(tmp_path):
    path = write_index_file(payload(), "v1", tmp_path / "search.idx")
    with pytest.raises(BadIndexFile):
        MappedSearchIndex(path, "v2")
    path.write_bytes(b"not an index")
    with pytest.raises(BadIndexFile):
        MappedSearchIndex(path)
    path.write_bytes(index_bytes(payload(), "v1")[:-100])
    with pytest.raises(BadIndexFile):
        MappedSearchIndex(path, "v1")


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    path = write_index_file(payload(), "v1", tmp_path / "search-v1.idx")
    assert [p.name for p in tmp_path.iterdir()] == ["search-v1.idx"]
    assert oct(path.stat().st_mode & 0o777) == "0o644"


def _read_while_replaced(path: str, rounds: int, queue) -> None:
    seen = set()
    for _ in range(rounds):
        index = MappedSearchIndex(path)
        results = index.search("nurse")
        seen.add((index.version, results[0]["matched_title"], len(results)))
    queue.put(sorted(seen))


@pytest.mark.skipif(os.name != "posix", reason="fork and rename over an open file are POSIX")
def test_readers_in_other_processes_see_a_whole_file_while_it_is_replaced(tmp_path):
    path = tmp_path / "search.idx"
    small, large = payload(1), payload(40)
    write_index_file(small, "small", path)
    expected = {
        ("small", *_summary(search.SearchIndex.from_payload(small))),
        ("large", *_summary(search.SearchIndex.from_payload(large))),
    }
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    readers = [context.Process(target=_read_while_replaced, args=(str(path), 60, queue)) for _ in range(3)]
    for reader in readers:
        reader.start()
    for round_ in range(30):
        write_index_file(large if round_ % 2 else small, "large" if round_ % 2 else "small", path)
    seen = set()
    for _ in readers:
        seen.update(tuple(item) for item in queue.get(timeout=120))
    for reader in readers:
        reader.join(timeout=60)
        assert reader.exitcode == 0
    assert seen and seen <= expected


def _summary(index) -> tuple[str, int]:
    results = index.search("nurse")
    return results[0]["matched_title"], len(results)


def test_threads_share_one_mapped_index(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    stored = payload(10)
    mapped = MappedSearchIndex(write_index_file(stored, "v", tmp_path / "i.idx"), "v")
    memory = search.SearchIndex.from_payload(stored)
    queries = QUERIES * 5
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(mapped.search, queries))
    assert answers == [memory.search(q) for q in queries]


@pytest.mark.parametrize("chunk", [97, 8192])
def test_fuzzy_ties_across_lengths_and_slices_are_settled_as_over_the_whole_list(tmp_path, chunk):
    # Thousands of short titles over three letters: every query has far more than FUZZY_LIMIT matches,
    # many tied at the same score across different lengths, spread over many slices.
    import random

    generator = random.Random(19)
    made_up = {"".join(generator.choice("abc") for _ in range(generator.randint(2, 9))) for _ in range(4000)}
    entries = [(f"{title} x", "alternate", "29-1141", "") for title in sorted(made_up)]
    stored = search.build_payload(titles=entries, occupations=OCCUPATIONS, tracks=TRACKS)
    memory = search.SearchIndex.from_payload(stored)
    mapped = MappedSearchIndex(write_index_file(stored, "v", tmp_path / "i.idx", chunk=chunk), "v")
    for query in ["ab x", "abc x", "aabbc x", "cab x", "abcabc x", "bbbbbbb x", "ca x"]:
        assert len(memory._fuzzy(query)) == search.FUZZY_LIMIT
        assert mapped._fuzzy(query) == memory._fuzzy(query), query

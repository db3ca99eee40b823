"""The search index on a small hand-built payload (pure: no database, no federal load).

The ranking tiers (exact title, then titles starting with the query, then close spellings), the tie
breaks, one result per occupation and per track, and the result dicts, each checked on a few titles
chosen so that a broken tier or tie break changes the answer (``make mutants`` runs these).
"""

import pytest

from pages.search import index as search


def _occupation(title, employment, published=True, tracks=()):
    return {"title": title, "employment": employment, "published": published, "tracks": list(tracks)}


OCCUPATIONS = {
    "29-1141": _occupation("Registered Nurses", 3_000_000, tracks=["nursing"]),
    "29-1171": _occupation("Nurse Practitioners", 300_000, tracks=["nursing"]),
    "29-1151": _occupation("Nurse Anesthetists", 50_000),
    "45-2092": _occupation("Farmworkers", 200_000),
    "11-3051": _occupation("Industrial Production Managers", 200_000),
    "11-9199": _occupation("Managers, All Other", 400_000, published=False),
    "27-1021": _occupation("Commercial Designers", None),
}
TRACKS = {"nursing": {"slug": "nursing", "name": "Nursing", "url": "/tracks/nursing/"}}
TITLES = [
    ("Nurse", "alternate", "29-1141", ""),
    ("Registered Nurse (RN)", "alternate", "29-1141", ""),
    ("Registered Nurses", "soc", "29-1141", ""),
    ("Staff Nurse", "rung", "29-1141", "nursing"),
    ("Nurse Practitioner", "alternate", "29-1171", ""),
    ("Nurse Practitioners", "soc", "29-1171", ""),
    ("Nurse Anesthetist", "reported", "29-1151", ""),
    ("Norse", "reported", "27-1021", ""),
    ("Nursery Worker", "alternate", "45-2092", ""),
    ("Production Manager", "alternate", "11-3051", ""),
    ("Production Manager", "alternate", "11-9199", ""),
    ("Nursing", "track", "", "nursing"),
]


@pytest.fixture(scope="module")
def index():
    payload = search.build_payload(titles=TITLES, occupations=OCCUPATIONS, tracks=TRACKS)
    return search.SearchIndex.from_payload(payload)


def summary(results):
    return [(r["matched_title"], r["match"]) for r in results]


EXACT, PREFIX, FUZZY = (search.TIER_LABELS[t] for t in (search.EXACT, search.PREFIX, search.FUZZY))


def test_exact_then_titles_starting_with_the_query_then_close_spellings(index):
    results = index.search("nurse")
    assert summary(results) == [
        ("Nurse", EXACT),  # Registered Nurses (its best title)
        # every title starting with "nurse", one per occupation, by employment
        ("Nurse Practitioner", PREFIX),
        ("Nursery Worker", PREFIX),
        ("Nurse Anesthetist", PREFIX),
        # and no spelling neighbour ("Norse") after those good matches
    ]
    assert [r["score"] for r in results] == [100, 100, 100, 100]


def test_a_title_starting_with_the_query_is_found_as_such(index):
    # Only the "starts with" tier finds these: "nurse pr" is far from "nurse practitioner" by spelling.
    results = index.search("Nurse Pr")
    assert summary(results) == [("Nurse Practitioner", PREFIX)]
    assert results[0]["occupation"]["code"] == "29-1171"
    assert summary(index.search("nurse anes")) == [("Nurse Anesthetist", PREFIX)]
    assert summary(index.search("nursery")) == [("Nursery Worker", PREFIX)]
    assert summary(index.search("nursi")) == [("Nursing", PREFIX)]


def test_the_exact_title_is_not_also_a_prefix_match(index):
    results = index.search("nurse practitioner")
    assert summary(results) == [("Nurse Practitioner", EXACT)]
    assert index.search("nurse practitioners")[0]["match"] == EXACT


def test_the_prefix_pass_reads_only_titles_starting_with_the_query(index):
    # "registered nurse" sorts just before "registered nurse rn" and "registered nurses"; nothing after
    # them starts with the query, and nothing before it is read.
    results = index.search("registered nurse")
    assert summary(results) == [("Registered Nurse (RN)", EXACT)]
    assert summary(index.search("rn")) == [("Registered Nurse (RN)", EXACT)]


def test_word_order_and_typos_are_close_spellings(index):
    results = index.search("practitioner nurse")
    assert summary(results) == [("Nurse Practitioner", FUZZY)]
    assert results[0]["score"] == 100  # the same words, sorted
    typo = index.search("nurse practitionr")
    assert summary(typo) == [("Nurse Practitioner", FUZZY)]
    assert 90 < typo[0]["score"] < 100


def test_ties_are_broken_by_employment_and_an_occupation_without_any_counts_as_none(index):
    results = index.search("production manager")
    found = [(r["occupation"]["code"], r["match"]) for r in results]
    assert found == [("11-9199", EXACT), ("11-3051", EXACT)]
    assert index.employment("27-1021") == 0
    assert index.employment("") == 0
    assert index.employment("99-9999") == 0
    assert index.employment("11-3051") == 200_000


def test_a_rung_title_is_preferred_to_another_title_of_the_same_rank():
    titles = [("Charge Nurse", "alternate", "29-1141", ""), ("Charge Nurse", "rung", "29-1141", "nursing")]
    index = search.SearchIndex.from_payload(
        search.build_payload(titles=titles, occupations=OCCUPATIONS, tracks=TRACKS)
    )
    (result,) = index.search("charge nurse")
    assert result["kind"] == "rung"
    assert result["rung_track"] == TRACKS["nursing"]


def test_equal_ranks_fall_back_to_the_title(index):
    titles = [("Nurse B", "alternate", "29-1141", ""), ("Nurse A", "alternate", "29-1141", "")]
    index = search.SearchIndex.from_payload(
        search.build_payload(titles=titles, occupations=OCCUPATIONS, tracks=TRACKS)
    )
    assert summary(index.search("nurse")) == [("Nurse A", PREFIX)]


def test_one_result_per_occupation_with_its_best_title(index):
    results = index.search("registered nurse")
    assert len([r for r in results if r["occupation"] and r["occupation"]["code"] == "29-1141"]) == 1
    results = index.search("registered nurses")
    assert summary(results) == [("Registered Nurses", EXACT)]


def test_the_limit_and_short_or_long_queries(index):
    assert summary(index.search("nurse", limit=2)) == [("Nurse", EXACT), ("Nurse Practitioner", PREFIX)]
    assert index.search("n") == []
    assert index.search("  n  ") == []
    assert index.search("") == []
    assert len(index.search("nu")) == 5  # two letters are enough
    # only the first 100 characters are read: a long tail of junk does not spoil the match
    assert summary(index.search("nurse practitioner" + " " * 82 + "zzzzzzzzzzzzzzzzzzz")) == [
        ("Nurse Practitioner", EXACT)
    ]


def test_result_dicts(index):
    nurse = index.search("nurse")
    assert nurse[0] == {
        "matched_title": "Nurse",
        "kind": "alternate",
        "kind_label": "O*NET alternate title",
        "match": EXACT,
        "score": 100,
        "occupation": {
            "code": "29-1141",
            "title": "Registered Nurses",
            "url": "/occupations/29-1141/",
            "published": True,
            "employment": 3_000_000,
            "pay": ["not published", ""],  # no figures stored with this hand-made occupation
            "growth": "not published",
        },
        "track": None,
        "rung_track": None,
        "tracks": [TRACKS["nursing"]],
    }
    track = index.search("nursi")[0]
    assert track == {
        "matched_title": "Nursing",
        "kind": "track",
        "kind_label": "career track",
        "match": PREFIX,
        "score": 100,
        "occupation": None,
        "track": TRACKS["nursing"],
        "rung_track": None,
        "tracks": [TRACKS["nursing"]],
    }
    (rung,) = index.search("staff nurse")
    assert rung["kind"] == "rung" and rung["kind_label"] == "rung on a track ladder"
    assert rung["rung_track"] == TRACKS["nursing"] and rung["track"] is None
    assert rung["occupation"]["code"] == "29-1141"
    (farm,) = index.search("nursery worker")
    assert farm["tracks"] == []
    assert farm["occupation"]["employment"] == 200_000


def test_build_payload_drops_blanks_and_repeats_and_sorts():
    payload = search.build_payload(
        titles=[
            ("  Staff   Nurse ", "alternate", "29-1141", ""),
            ("staff nurse", "alternate", "29-1141", ""),  # the same title in another case
            ("Staff Nurse", "rung", "29-1141", "nursing"),  # another kind: kept
            ("", "alternate", "29-1141", ""),
            (None, "alternate", "29-1141", ""),
            ("Charge Nurse", "alternate", "29-1141", ""),
        ],
        occupations=OCCUPATIONS,
        tracks=TRACKS,
    )
    assert payload == {
        "version": 1,
        "entries": [
            ["Charge Nurse", "alternate", "29-1141", ""],
            ["Staff Nurse", "alternate", "29-1141", ""],
            ["Staff Nurse", "rung", "29-1141", "nursing"],
        ],
        "occupations": OCCUPATIONS,
        "tracks": TRACKS,
        "metros": [],
    }


def test_the_index_maps_each_form_to_its_titles(index):
    number = index.strings.index("rn")
    assert [index.entries[n][0] for n in index.owners[number]] == ["Registered Nurse (RN)"]
    assert index.exact["rn"] == number
    assert index.word_sorted[index.strings.index("nurse practitioner")] == "nurse practitioner"
    assert index.word_sorted[index.strings.index("staff nurse")] == "nurse staff"
    assert index.strings == sorted(index.strings)


def test_normalise_and_variants():
    assert search.normalise("  R.N.  (Registered Nurse) ") == "r n registered nurse"
    assert search.normalise(None) == ""
    assert search.variants("CEO (Chief Executive Officer)") == [
        "ceo chief executive officer",
        "ceo",
        "chief executive officer",
    ]
    assert search.variants("CEO (Chief Executive Officer)  ") == [
        "ceo chief executive officer",
        "ceo",
        "chief executive officer",
    ]
    assert search.variants("Nurse (Registered") == ["nurse registered"]
    assert search.variants("(RN)") == ["rn"]
    assert search.variants("Nurse (nurse)") == ["nurse nurse", "nurse"]


def _index(titles, tracks=TRACKS):
    return search.SearchIndex.from_payload(
        search.build_payload(titles=titles, occupations=OCCUPATIONS, tracks=tracks)
    )


def test_each_track_is_its_own_result():
    tracks = {
        **TRACKS,
        "nurse-leaders": {"slug": "nurse-leaders", "name": "Nursing Leadership", "url": "/x/"},
    }
    index = _index(
        [("Nursing", "track", "", "nursing"), ("Nursing Leadership", "track", "", "nurse-leaders")], tracks
    )
    assert [(r["matched_title"], r["track"]["slug"]) for r in index.search("nursing")] == [
        ("Nursing", "nursing"),
        ("Nursing Leadership", "nurse-leaders"),
    ]


def test_of_two_titles_ranked_alike_the_first_in_the_index_stands_for_the_occupation():
    index = _index([("Nurse", "reported", "29-1141", ""), ("Nurse", "alternate", "29-1141", "")])
    (result,) = index.search("nurse")
    assert result["kind"] == "alternate"  # entries sort by title, then kind


def test_the_fuzzy_pass_takes_a_limited_number_of_candidate_titles(monkeypatch):
    # six spellings of one occupation score above a seventh title of another occupation
    titles = [(f"Nurse Practitioner {n}", "alternate", "29-1171", "") for n in "abcdef"]
    titles.append(("Nurse Petitioner", "alternate", "29-1151", ""))  # 85 against 92 for the six
    index = _index(titles)
    query = "nurse practitionr"
    assert [r["occupation"]["code"] for r in index.search(query)] == ["29-1171", "29-1151"]
    monkeypatch.setattr(search, "FUZZY_LIMIT", 6)
    assert [r["occupation"]["code"] for r in index.search(query)] == ["29-1171"]


def test_build_payload_sorts_by_title_ignoring_case_then_kind_code_and_track():
    payload = search.build_payload(
        titles=[
            ("Nurse", "soc", "29-1141", ""),
            ("nurse", "alternate", "29-1171", ""),
            ("Nurse", "alternate", "29-1141", "b"),
            ("Nurse", "alternate", "29-1141", "a"),
            ("anesthetist", "reported", "29-1151", ""),
        ],
        occupations=OCCUPATIONS,
        tracks=TRACKS,
    )
    assert payload["entries"] == [
        ["anesthetist", "reported", "29-1151", ""],
        ["Nurse", "alternate", "29-1141", "a"],
        ["Nurse", "alternate", "29-1141", "b"],
        ["nurse", "alternate", "29-1171", ""],
        ["Nurse", "soc", "29-1141", ""],
    ]


def test_variants_split_at_the_first_parenthesis():
    assert search.variants("Nurse (RN) (Registered)") == ["nurse rn registered", "nurse", "rn registered"]


def test_an_occupation_stored_without_tracks_has_none():
    occupations = {"29-1141": {"title": "Registered Nurses", "employment": 10, "published": True}}
    payload = search.build_payload(
        titles=[("Nurse", "soc", "29-1141", "")], occupations=occupations, tracks={}
    )
    (result,) = search.SearchIndex.from_payload(payload).search("nurse")
    assert result["tracks"] == []


def test_the_index_keeps_the_metro_picker_s_list():
    metros = [{"code": "39580", "name": "Raleigh-Cary, NC"}]
    payload = search.build_payload(titles=TITLES, occupations=OCCUPATIONS, tracks=TRACKS, metros=metros)
    assert payload["metros"] == metros
    assert search.SearchIndex.from_payload(payload).metros == metros
    # A row stored before the list existed still opens, with no metros.
    older = {key: value for key, value in payload.items() if key != "metros"}
    assert search.SearchIndex.from_payload(older).metros == []

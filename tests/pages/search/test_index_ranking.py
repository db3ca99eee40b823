"""The title search index (pages.search.index) on a small hand-built payload: the three tiers (exact,
starts with, close spelling), the tie-break by employment, one result per occupation and per track, and
abbreviations. No database and no federal data (the ranking on the real titles: test_search.py)."""

from pages.search.index import EXACT, FUZZY, PREFIX, TIER_LABELS, SearchIndex, build_payload, variants

OCCUPATIONS = {
    "29-1141": {"title": "Registered Nurses", "employment": 3_000_000, "published": True, "tracks": ["care"]},
    "29-2061": {"title": "Practical Nurses", "employment": 600_000, "published": True, "tracks": []},
    "11-1011": {"title": "Chief Executives", "employment": 200_000, "published": True, "tracks": []},
    "47-2111": {"title": "Electricians", "employment": 700_000, "published": False, "tracks": []},
    "53-3032": {"title": "Truck Drivers", "employment": None, "published": True, "tracks": []},
}
TRACKS = {"care": {"name": "Care", "url": "/tracks/care/"}}
TITLES = [
    ("Nurse", "alternate", "29-1141", ""),
    ("Nurse", "alternate", "29-2061", ""),
    ("Nurse Practitioner Assistant", "reported", "29-2061", ""),
    ("Registered Nurse (RN)", "alternate", "29-1141", ""),
    ("Registered Nurses", "soc", "29-1141", ""),
    ("CEO (Chief Executive Officer)", "alternate", "11-1011", ""),
    ("Electrician", "onet", "47-2111", ""),
    ("Truck Driver", "alternate", "53-3032", ""),
    ("Care", "track", "", "care"),
    ("Care Nurse", "rung", "29-1141", "care"),
    ("  Electrician ", "onet", "47-2111", ""),  # a duplicate once spaces are tidied
    ("", "alternate", "47-2111", ""),  # no title: dropped
]


def index() -> SearchIndex:
    return SearchIndex.from_payload(build_payload(titles=TITLES, occupations=OCCUPATIONS, tracks=TRACKS))


def codes(results) -> list[str]:
    return [(r["occupation"] or {}).get("code") or r["track"]["name"] for r in results]


def test_payload_tidies_sorts_and_drops_duplicates():
    payload = build_payload(titles=TITLES, occupations=OCCUPATIONS, tracks=TRACKS)
    titles = [entry[0] for entry in payload["entries"]]
    assert titles == sorted(titles, key=str.casefold)
    assert titles.count("Electrician") == 1
    assert "" not in titles
    assert payload["version"] == 1


def test_variants_split_a_parenthesised_abbreviation():
    assert variants("CEO (Chief Executive Officer)") == [
        "ceo chief executive officer",
        "ceo",
        "chief executive officer",
    ]
    assert variants("R.N.") == ["r n"]
    assert variants("") == []


def test_exact_title_first_then_ties_by_employment():
    results = index().search("Nurse")
    # Both nurse occupations have the exact title "Nurse": the larger employment first.
    assert codes(results)[:2] == ["29-1141", "29-2061"]
    assert [r["match"] for r in results[:2]] == [TIER_LABELS[EXACT]] * 2
    assert results[0]["matched_title"] == "Nurse"
    assert results[0]["score"] == 100


def test_titles_starting_with_the_query_come_before_close_spellings():
    results = index().search("registered nur")
    assert codes(results)[0] == "29-1141"
    assert results[0]["match"] == TIER_LABELS[PREFIX]
    # The occupation appears once, under its best title; "Care Nurse" (a rung) is no prefix match.
    assert codes(results).count("29-1141") == 1


def test_prefix_tier_ranks_above_a_larger_occupation_found_by_spelling():
    results = index().search("nurse pr")
    assert codes(results)[0] == "29-2061"  # "Nurse Practitioner Assistant" starts with the query
    assert results[0]["match"] == TIER_LABELS[PREFIX]


def test_close_spelling_and_word_order():
    results = index().search("electrican")
    assert codes(results) == ["47-2111"]
    assert results[0]["match"] == TIER_LABELS[FUZZY]
    assert 72 <= results[0]["score"] < 100
    assert results[0]["occupation"]["published"] is False
    assert codes(index().search("driver truck"))[0] == "53-3032"


def test_abbreviation_finds_its_occupation():
    results = index().search("ceo")
    assert codes(results)[0] == "11-1011"
    assert results[0]["matched_title"] == "CEO (Chief Executive Officer)"
    assert results[0]["match"] == TIER_LABELS[EXACT]
    assert codes(index().search("rn"))[0] == "29-1141"


def test_a_track_is_its_own_result_and_an_occupation_lists_its_tracks():
    results = index().search("care")
    track = next(r for r in results if r["kind"] == "track")
    assert track["track"] == TRACKS["care"]
    assert track["occupation"] is None
    assert track["tracks"] == [TRACKS["care"]]
    nurse = index().search("registered nurses")[0]
    assert nurse["tracks"] == [TRACKS["care"]]
    assert nurse["occupation"] == {
        "code": "29-1141",
        "title": "Registered Nurses",
        "url": "/occupations/29-1141/",
        "published": True,
        "employment": 3_000_000,
        "pay": ["not published", ""],
        "growth": "not published",
    }


def test_short_or_empty_queries_and_the_limit():
    assert index().search("n") == []
    assert index().search("  ") == []
    assert len(index().search("nurse", limit=1)) == 1
    assert index().employment("53-3032") == 0  # no published employment counts as none
    assert index().employment("") == 0

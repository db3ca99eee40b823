"""Issue 22's search rules on small hand-made data (pure: no database, no federal load): aliases rank
first among exact matches, spelling neighbours never follow a good match, ties go to the occupation with
the most jobs, and each result carries the figures stored with it. Each test fails if its rule is
removed (``make mutants``)."""

import pytest

from pages.search import figures
from pages.search.aliases import BadAlias, parse_aliases
from pages.search.index import EXACT, FUZZY, PREFIX, TIER_LABELS, SearchIndex, build_payload
from pages.search.mapped import MappedSearchIndex, write_index_file
from pages.search.selectors import tracks_of


def _occupation(title, employment, pay=("$100,000", ""), growth="+1.0%", tracks=()):
    return {
        "title": title,
        "employment": employment,
        "published": True,
        "tracks": list(tracks),
        "pay": list(pay),
        "growth": growth,
    }


OCCUPATIONS = {
    "23-1011": _occupation("Lawyers", 750_000, ("$151,160", ""), "+4.1%", tracks=["law"]),
    "51-9199": _occupation("Production Workers, All Other", 900_000),  # "Layer"
    "51-7041": _occupation("Sawing Machine Setters", 40_000),  # "Sawyer"
    "27-2042": _occupation("Musicians and Singers", 30_000),  # "Player"
    "43-4051": _occupation("Customer Service Representatives", 2_600_000, ("$42,830", ""), "\u22125.0%"),
    "41-3091": _occupation("Sales Representatives of Services", 1_200_000),
    "29-1071": _occupation("Physician Assistants", 150_000, ("$133,260", ""), "+20.4%"),
    "27-2012": _occupation("Producers and Directors", 160_000, ("$82,510", "rough estimate")),
}
TRACKS = {"law": {"slug": "law", "name": "Law", "url": "/tracks/law/"}}
TITLES = [
    ("Lawyer", "alternate", "23-1011", ""),
    ("Layer", "reported", "51-9199", ""),
    ("Sawyer", "alternate", "51-7041", ""),
    ("Player", "reported", "27-2042", ""),
    ("Lawyer Referral Coordinator", "reported", "23-1011", ""),
    ("Customer Service Representative (Customer Service Rep)", "alternate", "41-3091", ""),
    ("Customer Service Representative", "alternate", "43-4051", ""),
    ("Customer Service Rep", "alias", "43-4051", ""),
    ("Production Assistant (PA)", "alternate", "27-2012", ""),  # the larger occupation's exact "pa"
    ("PA", "alias", "29-1071", ""),
    ("Law", "track", "", "law"),
]


def make(titles=TITLES, occupations=OCCUPATIONS):
    return SearchIndex.from_payload(build_payload(titles=titles, occupations=occupations, tracks=TRACKS))


def found(results):
    return [((r["occupation"] or {}).get("code") or r["track"]["slug"], r["match"]) for r in results]


E, P, F = (TIER_LABELS[t] for t in (EXACT, PREFIX, FUZZY))


# --------------------------------------------------------------------------------------------------
# Rule: spelling neighbours only when nothing better exists


def test_no_spelling_neighbours_after_an_exact_match():
    assert found(make().search("lawyer")) == [("23-1011", E)]  # no Layer, Sawyer or Player


def test_no_spelling_neighbours_after_a_title_starting_with_the_query():
    assert found(make().search("lawyer ref")) == [("23-1011", P)]
    assert found(make().search("lawy")) == [("23-1011", P)]  # "lawyer" and "lawyer referral ...": one
    assert found(make().search("playe")) == [("27-2042", P)]  # not "layer" by spelling


def test_spelling_neighbours_when_nothing_better_exists():
    results = make().search("lawyr")
    assert results[0]["occupation"]["code"] == "23-1011"
    assert {r["match"] for r in results} == {F}
    assert "51-9199" in [r["occupation"]["code"] for r in make().search("layar")]


def test_the_memory_mapped_index_follows_the_same_rule(tmp_path):
    payload = build_payload(titles=TITLES, occupations=OCCUPATIONS, tracks=TRACKS)
    mapped = MappedSearchIndex(write_index_file(payload, "v1", tmp_path / "search-v1.idx"), "v1")
    for query in ("lawyer", "lawyr", "customer service rep", "pa"):
        assert mapped.search(query) == make().search(query)
    assert mapped.metros == []


# --------------------------------------------------------------------------------------------------
# Rule: aliases are exact matches, ahead of the other exact titles; then the most jobs first


def test_an_alias_comes_before_another_occupation_s_exact_title():
    # Both "customer service rep" titles are exact; the alias says which occupation people mean.
    results = make().search("customer service rep")
    assert found(results)[:2] == [("43-4051", E), ("41-3091", E)]
    assert results[0]["kind"] == "alias" and results[0]["kind_label"] == "common name"
    # ... even when the other occupation has more jobs: "PA" is a Physician Assistant.
    assert found(make().search("pa"))[:2] == [("29-1071", E), ("27-2012", E)]


def test_without_the_alias_the_larger_occupation_wins_the_tie():
    titles = [t for t in TITLES if t[1] != "alias"]
    assert found(make(titles).search("customer service representative"))[:2] == [
        ("43-4051", E),
        ("41-3091", E),
    ]
    occupations = {**OCCUPATIONS, "43-4051": {**OCCUPATIONS["43-4051"], "employment": 1}}
    assert found(make(titles, occupations).search("customer service representative"))[:2] == [
        ("41-3091", E),
        ("43-4051", E),
    ]


# --------------------------------------------------------------------------------------------------
# Each result carries its stored figures


def test_a_result_carries_the_figures_stored_with_its_occupation():
    lawyer = make().search("lawyer")[0]["occupation"]
    assert (lawyer["pay"], lawyer["growth"]) == (["$151,160", ""], "+4.1%")
    producer = make().search("production assistant")[0]["occupation"]
    assert producer["pay"] == ["$82,510", "rough estimate"]
    bare = {
        code: {k: v for k, v in o.items() if k not in ("pay", "growth")} for code, o in OCCUPATIONS.items()
    }
    assert make(occupations=bare).search("lawyer")[0]["occupation"]["pay"] == ["not published", ""]


def test_the_tracks_the_results_name_each_once_tracks_found_by_name_first():
    results = make().search("la")
    assert tracks_of(results) == [TRACKS["law"]]
    assert tracks_of(make().search("pa")) == []
    care = {"slug": "care", "name": "Care", "url": "/tracks/care/"}
    occupation = {"track": None, "tracks": [TRACKS["law"], care]}
    by_name = {"track": care, "tracks": [care]}
    assert tracks_of([occupation, by_name]) == [care, TRACKS["law"]]
    assert tracks_of([occupation, occupation]) == [TRACKS["law"], care]


# --------------------------------------------------------------------------------------------------
# The figures written at build time (pages.search.figures)


def row(**values):
    base = {"occupation_id": "23-1011", "area_id": "99", "employment": 750_000, "employment_rse": 1.0}
    base |= {"mean_rse": 0.5, "annual_median": 151160, "hourly_median": 72.67, "top_coded_fields": []}
    return base | values


def test_median_pay_follows_the_site_s_formatting_rules():
    assert figures.median_pay(row()) == "$151,160"
    assert (
        figures.median_pay(row(annual_median=None, top_coded_fields=["annual_median"])) == "$239,200 or more"
    )
    assert figures.median_pay(row(annual_median=None)) == "not published"
    assert figures.median_pay(None) == "not published"
    hourly_only = row(annual_median=None, hourly_only=True, hourly_median=21.5)
    assert figures.median_pay(hourly_only) == "$21.50 an hour"
    assert (
        figures.median_pay(row(annual_median=None, hourly_only=True, hourly_median=None)) == "not published"
    )


def test_how_sure_follows_the_reliability_rule():
    assert figures.how_sure(row()) == ""
    assert figures.how_sure(row(employment=90)) == "rough estimate"
    assert figures.how_sure(row(employment_rse=30.0)) == "rough estimate"
    assert figures.how_sure(None) == ""
    assert figures.pay(row(employment=90)) == ["$151,160", "rough estimate"]


def test_growth_is_the_projected_ten_year_change():
    projection = {"occ_code": "23-1011", "base_year": 2024, "proj_year": 2034, "employment_base": 864.8}
    projection |= {
        "employment_projected": 900.7,
        "change": 35.9,
        "change_percent": 4.1,
        "openings_annual": 31.5,
    }
    assert figures.growth(projection) == "+4.1%"
    assert figures.growth(projection | {"change_percent": -5.5}) == "\u22125.5%"
    assert figures.growth(None) == "not published"


def test_metro_pay_keeps_rows_with_published_jobs():
    rows = [
        row(area_id="39580", employment=4_000),
        row(area_id="39580", occupation_id="43-4051", employment=None, annual_median=40_000),
        row(area_id="12060", employment=50, annual_median=120_000),
    ]
    assert figures.metro_pay(rows) == {
        "39580": {"23-1011": ["$151,160", ""]},
        "12060": {"23-1011": ["$120,000", "rough estimate"]},
    }


# --------------------------------------------------------------------------------------------------
# The aliases file


def test_aliases_are_read_in_file_order_with_spaces_tidied():
    lines = ["alias,soc_code,note\n", "RN,29-1141,registered nurse\n", "  uber   driver ,53-3054,\n"]
    assert parse_aliases(lines) == [("RN", "29-1141"), ("uber driver", "53-3054")]


@pytest.mark.parametrize(
    "bad",
    [
        "alias,soc_code,note\n,29-1141,\n",  # no alias
        "alias,soc_code,note\nRN,291141,\n",  # malformed code
        "alias,soc_code,note\nRN,29-1141,\nrn,29-1171,\n",  # the same alias twice
    ],
)
def test_a_bad_line_is_refused(bad):
    with pytest.raises(BadAlias):
        parse_aliases(bad.splitlines(keepends=True))


def test_an_alias_is_preferred_only_as_an_exact_match():
    titles = [
        *TITLES,
        ("Customer Service Rep Lead", "alias", "43-4051", ""),
        ("Customer Service Rep Leader", "reported", "41-3091", ""),
    ]
    occupations = {**OCCUPATIONS, "43-4051": {**OCCUPATIONS["43-4051"], "employment": 10}}
    # Starting with the query: no alias preference, the larger occupation first.
    assert found(make(titles, occupations).search("customer service rep le"))[:2] == [
        ("41-3091", P),
        ("43-4051", P),
    ]
    # A close spelling: the better score first, whatever the kind.
    typo = [("Lawyer", "alternate", "23-1011", ""), ("Lawyr", "alias", "51-9199", "")]
    assert found(make(typo).search("lawyerr"))[:2] == [("23-1011", F), ("51-9199", F)]

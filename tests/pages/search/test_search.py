"""Job-title search (/search/): ranking on real titles with typos and abbreviations, the helpful page
for empty and junk queries, and the query budget. The index is the one built from the loaded data."""

import re
from html import unescape

import pytest
from django.urls import reverse

from pages.search import index as search

pytestmark = pytest.mark.django_db

# (query, SOC code of the first occupation result): real job titles, misspelt, abbreviated or reordered.
RANKING = [
    ("nurse", "29-1141"),  # Registered Nurses first (exact "Nurse", ties broken by employment)
    ("sofware developr", "15-1252"),  # Software Developers
    ("product manager", "11-2021"),  # Marketing Managers: O*NET files "Product Manager" there
    ("registered nurse", "29-1141"),
    ("rn", "29-1141"),  # "Registered Nurse (RN)"
    ("ceo", "11-1011"),  # "CEO (Chief Executive Officer)"
    ("acountant", "13-2011"),  # Accountants and Auditors
    ("truck drivr", "53-3032"),  # Heavy and Tractor-Trailer Truck Drivers
    ("data scientst", "15-2051"),
    ("electrician", "47-2111"),
    ("elektrician", "47-2111"),
    ("plumbr", "47-2152"),
    ("web developr", "15-1254"),
    ("pharmacist", "29-1051"),
    ("dental hygenist", "29-1292"),
    ("police oficer", "33-3051"),
    ("mechanical enginer", "17-2141"),
    ("cashier", "41-2011"),
    ("janitor", "37-2011"),
    ("hr manager", "11-3121"),  # "Human Resources Manager (HR Manager)"
    ("paralegal", "23-2011"),
    ("lawyer", "23-1011"),
    ("financial analist", "13-2051"),
    ("developer software", "15-1252"),  # word order
    ("Software Engineer", "15-1252"),
]


def first_occupation(results) -> str:
    return next(r["occupation"]["code"] for r in results if r["occupation"])


@pytest.fixture
def index(page_snapshots):
    from pages.search.selectors import search_index

    found = search_index()
    assert found is not None
    return found


@pytest.mark.parametrize(("query", "code"), RANKING)
def test_ranking_on_real_titles(index, query, code):
    results = index.search(query)
    assert first_occupation(results) == code, [
        (r["matched_title"], r["occupation"] and r["occupation"]["code"]) for r in results[:5]
    ]


def test_ranking_table_is_large_enough():
    assert len(RANKING) >= 20


def test_exact_before_prefix_before_fuzzy(index):
    results = index.search("nurse")
    tiers = [r["match"] for r in results]
    order = [search.TIER_LABELS[t] for t in (search.EXACT, search.PREFIX, search.FUZZY)]
    ranks = [order.index(t) for t in tiers]
    assert ranks == sorted(ranks)
    assert results[0]["matched_title"] == "Nurse"


def test_ties_are_broken_by_employment(index):
    # "Production Manager" is an exact title of several occupations: the largest comes first.
    results = [r for r in index.search("production manager") if r["match"] == "exact title"]
    employment = [r["occupation"]["employment"] or 0 for r in results]
    assert len(results) >= 2
    assert employment == sorted(employment, reverse=True)


def test_each_result_names_the_title_its_occupation_and_tracks(index):
    first = index.search("nurse")[0]
    assert first["matched_title"] == "Nurse"
    assert first["occupation"]["title"] == "Registered Nurses"
    assert "Nursing" in [t["name"] for t in first["tracks"]]


def test_tracks_are_found_by_name(index):
    results = index.search("product management")
    assert any(r["kind"] == "track" and r["track"]["name"] == "Product Management" for r in results[:3])


def test_normalise_and_variants():
    assert search.normalise("  R.N.  (Registered Nurse) ") == "r n registered nurse"
    assert search.variants("CEO (Chief Executive Officer)") == [
        "ceo chief executive officer",
        "ceo",
        "chief executive officer",
    ]


def result_links(html: str) -> list[tuple[str, str]]:
    return [
        (href, unescape(text))
        for href, text in re.findall(r'class="result-title"><a href="([^"]+)">([^<]+)</a>', html)
    ]


def test_search_page_links_results_to_occupation_pages(client, page_snapshots, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("search"), {"q": "sofware developr"})
    assert response.status_code == 200
    links = result_links(response.content.decode())
    assert links[0] == ("/occupations/15-1252/", "Software Developer")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", " ", "a", "%%%", "zzqxjvvk", "'; DROP TABLE x; --", "x" * 500, "\u202enurse", "🙂🙂"],
)
def test_empty_and_junk_queries_get_a_helpful_page(client, page_snapshots, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert "Examples" in html or "Try the title" in html or "result" in html


def test_search_before_any_index_is_built_says_so(client, db):
    from pages.models import Snapshot
    from salaries.generation import bump_generation

    Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH).delete()
    bump_generation("test: search index dropped")
    response = client.get(reverse("search"), {"q": "nurse"})
    assert response.status_code == 200
    assert "being rebuilt" in response.content.decode()

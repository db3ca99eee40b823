"""Job-title search (/search/): ranking on real titles with typos and abbreviations, the helpful page
for empty and junk queries, and the query budget. The index is the one built from the loaded data."""

import re
from html import unescape

import pandas as pd
import pytest
from django.urls import reverse

from pages.search import index as search
from pages.search.aliases import load_aliases
from tests.pages.upstream import UPSTREAM, annual, text, upstream_file, upstream_row

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


# --------------------------------------------------------------------------------------------------
# Issue 22: the searches people make come first, with no spelling neighbours after them

MUST_COME_FIRST = [
    # (query, first occupation, titles that must not be listed)
    ("lawyer", "23-1011", {"Layer", "Sawyer", "Player"}),
    ("police officer", "33-3051", {"Policy Officer"}),
    ("customer service rep", "43-4051", set()),
    ("janitor", "37-2011", {"Animator", "Cantor"}),
]


@pytest.mark.parametrize(("query", "code", "neighbours"), MUST_COME_FIRST)
def test_what_people_type_comes_first_without_spelling_neighbours(index, query, code, neighbours):
    results = index.search(query)
    assert results[0]["occupation"]["code"] == code
    assert not neighbours & {r["matched_title"] for r in results}
    assert search.TIER_LABELS[search.FUZZY] not in {r["match"] for r in results}


def test_customer_service_representatives_come_before_sales_representatives(index):
    codes = [r["occupation"]["code"] for r in index.search("customer service rep") if r["occupation"]]
    assert codes.index("43-4051") < codes.index("41-3091")


@pytest.mark.parametrize(("alias", "code"), load_aliases())
def test_every_alias_finds_its_occupation_first(index, alias, code):
    first = index.search(alias)[0]
    assert (first["occupation"]["code"], first["match"]) == (code, search.TIER_LABELS[search.EXACT])
    assert index.occupations[code]["published"]


def test_the_aliases_people_type_are_there():
    wanted = {
        "RN": "29-1141",
        "CNA": "31-1131",
        "LPN": "29-2061",
        "rideshare driver": "53-3054",
        "uber driver": "53-3054",
        "lyft driver": "53-3054",
        "CSR": "43-4051",
        "HVAC tech": "49-9021",
        "EMT": "29-2042",
        "PA": "29-1071",
        "NP": "29-1171",
        "CPA": "13-2011",
        "dev": "15-1252",
        "software dev": "15-1252",
        "sysadmin": "15-1244",
        "QA tester": "15-1253",
        "HR": "13-1071",
        "admin assistant": "43-6014",
        "truck driver": "53-3032",
        "CDL": "53-3032",
    }
    assert wanted.items() <= dict(load_aliases()).items()


# --------------------------------------------------------------------------------------------------
# Each result answers: median pay (national, or in the reader's metro) and projected growth, checked
# against the upstream files


def result_figures(html: str) -> list[str]:
    return [text(f) for f in re.findall(r'<p class="result-figures">(.*?)</p>', html, re.S)]


def projected_percent(code: str) -> str:
    frame = pd.read_csv(
        upstream_file(UPSTREAM / "projections" / "ep_occupation_projections_2024_34.csv"), dtype=str
    )
    value = float(frame[frame.occ_code == code].change_pct.iloc[0])
    return f"+{value:.1f}%" if value > 0 else f"\u2212{-value:.1f}%" if value < 0 else "0.0%"


def test_results_show_the_national_median_and_growth(
    client, page_snapshots, oews, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        html = client.get(reverse("search"), {"q": "lawyer"}).content.decode()
    median = annual(upstream_row(oews, "23-1011").A_MEDIAN)
    assert (
        result_figures(html)[0] == f"Median pay: {median} · Projected growth: {projected_percent('23-1011')}"
    )
    assert median.startswith("$") and "<script>" not in html.split("result-figures")[1]
    # Found by its alias: the result is named by the occupation, and says which name matched.
    assert result_links(html)[0] == ("/occupations/23-1011/", "Lawyers")
    assert "“lawyer” is a common name for this occupation" in html


RALEIGH = "39580"


def test_results_show_the_median_in_the_chosen_metro(
    client, page_snapshots, oews, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the national page's queries and the metro's one row
        response = client.get(reverse("search"), {"q": "registered nurse", "metro": RALEIGH})
    html = response.content.decode()
    here = annual(upstream_row(oews, "29-1141", RALEIGH).A_MEDIAN)
    national = annual(upstream_row(oews, "29-1141").A_MEDIAN)
    assert result_figures(html)[0] == (
        f"Median pay in Raleigh-Cary, NC: {here} · U.S. {national} · "
        f"Projected growth: {projected_percent('29-1141')}"
    )
    assert f'<option value="{RALEIGH}" selected>Raleigh-Cary, NC</option>' in html
    assert '<input type="hidden" name="q" value="registered nurse">' in html


def test_an_occupation_without_figures_in_the_metro_says_not_published(client, page_snapshots):
    html = client.get(reverse("search"), {"q": "astronomer", "metro": "11500"}).content.decode()
    figures = result_figures(html)
    assert figures and figures[0].startswith("Median pay in ") and "not published ·" in figures[0]


def test_a_typed_metro_goes_to_its_figures_or_says_it_matched_nothing(client, page_snapshots):
    response = client.get(reverse("search"), {"q": "nurse", "metro": "raleigh"})
    assert response.status_code == 302
    assert response["Location"] == f"/search/?q=nurse&metro={RALEIGH}"
    several = client.get(reverse("search"), {"q": "nurse", "metro": "springfield"}).content.decode()
    assert "Several metro areas match “springfield”" in several and "Springfield, IL" in several
    none = client.get(reverse("search"), {"q": "nurse", "metro": "atlantis"}).content.decode()
    assert "No metro area matches “atlantis”" in none
    assert '<option value="atlantis" data-combobox-typed selected>atlantis</option>' in none
    assert result_figures(none)[0].startswith("Median pay: ")  # national
    unknown = client.get(reverse("search"), {"q": "nurse", "metro": "00000"}).content.decode()
    assert "We have no figures for that metro area" in unknown


def test_an_editor_s_save_rebuilds_the_index_without_reading_every_metro(
    page_snapshots, django_assert_max_num_queries
):
    from pages.models import Snapshot
    from pages.search.build import rebuild_search_index

    metro_rows = Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH, key__startswith="metro/").count()
    assert metro_rows > 300
    written = rebuild_search_index(metros=False)  # what an editor's save runs (pages.snapshots.track_saved)
    assert (written.rows, written.unchanged) == (0, 1)  # the same index, metros' list included
    assert Snapshot.objects.filter(kind=Snapshot.Kind.SEARCH, key__startswith="metro/").count() == metro_rows

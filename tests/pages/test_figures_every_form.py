"""Every figure true in every form (issue 21): each CSV the site serves, for a sample of occupations,
metros, states and tracks, against the upstream OEWS file and against its own page.

- No wage at or above the top code ($239,200 a year, $115.00 an hour) is a plain number in any CSV,
  means and price-adjusted figures included (the rules the methodology page states).
- One occupation's hourly figures are BLS's own hourly columns: never annual / 2,080 where BLS publishes
  none, and present where BLS publishes only hourly wages.
- A page's table and its CSV say the same thing under the same rule.

The upstream file is read here with pandas and its markers applied by the documented rules; no
salaries.statistics or page builder is called.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from html import unescape

import pandas as pd
import pytest
from django.urls import reverse

from tests.pages.upstream import OEWS_FILE, fact, needs_upstream, table_rows, upstream_file

pytestmark = [pytest.mark.django_db, needs_upstream]

TOP_CODE = Decimal(239_200)
TOP_CODE_HOURLY = Decimal("115.00")
SUPPRESSED = ("*", "**", "")
OCCUPATIONS = [
    "29-1216",  # General internal medicine physicians: top-coded, some printed as numbers
    "11-1021",  # General and operations managers: p90 253,390 printed as a number
    "29-1021",  # Dentists, general
    "29-1223",  # Psychiatrists
    "29-1229",  # Physicians, all other
    "27-2011",  # Actors: hourly wages only
    "25-1022",  # Mathematical science teachers, postsecondary: annual wages only
    "25-1052",  # Chemistry teachers, postsecondary: annual wages only
    "29-1141",  # Registered nurses: everything published
    "15-1252",  # Software developers
]
METROS = ["10180", "12060", "41940", "35620", "31080"]  # Abilene, Atlanta, San Jose, New York, Los Angeles
STATES = ["CA", "AL", "HI"]
TRACKS = ["product-management", "software-engineering", "nursing", "healthcare", "legal", "sales"]
PERCENTILES = [("10th percentile", "10"), ("25th percentile", "25"), ("Median", "MEDIAN")]
PERCENTILES += [("75th percentile", "75"), ("90th percentile", "90")]


def _column(kind: str, key: str) -> str:
    return f"{kind}_{key}" if key == "MEDIAN" else f"{kind}_PCT{key}"


@pytest.fixture(scope="module")
def oews():
    columns = ["AREA", "AREA_TYPE", "NAICS", "OCC_CODE", "TOT_EMP", "HOURLY", "A_MEAN", "H_MEAN"]
    columns += ["EMP_PRSE", "MEAN_PRSE"]
    for _, key in PERCENTILES:
        columns += [_column("A", key), _column("H", key)]
    frame = pd.read_csv(upstream_file(OEWS_FILE), dtype=str, keep_default_na=False, usecols=columns)
    frame = frame[frame.NAICS.eq("000000") & frame.OCC_CODE.isin(OCCUPATIONS)]
    return {(row.OCC_CODE, row.AREA): row for row in frame.itertuples()}


def annual_cell(cell: str) -> str:
    """The CSV form of a published annual percentile: a number, ``>=239200`` or blank."""
    if cell == "#" or (cell not in SUPPRESSED and Decimal(cell) >= TOP_CODE):
        return ">=239200"
    return "" if cell in SUPPRESSED else str(int(Decimal(cell)))


def hourly_cell(cell: str) -> str:
    """The CSV form of a published hourly wage: BLS's own figure, ``>=115.00`` or blank."""
    if cell == "#" or (cell not in SUPPRESSED and Decimal(cell) >= TOP_CODE_HOURLY):
        return ">=115.00"
    return "" if cell in SUPPRESSED else f"{Decimal(cell):.2f}"


def csv_table(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv"), url
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def csv_links(html: str) -> list[str]:
    return sorted(set(re.findall(r'href="([^"]+\.csv)"', html)))


def page_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def number(cell) -> Decimal | None:
    try:
        return Decimal(str(cell).replace(",", ""))
    except InvalidOperation:
        return None


def csv_of_display(display: str) -> str:
    """A page's wage cell in its CSV form: "$1,234" -> "1234", "$239,200 or more" -> ">=239200"."""
    if display.endswith(" or more"):
        return ">=" + display.removesuffix(" or more").lstrip("$").replace(",", "")
    if display in ("not published", "not available", ""):
        return ""
    return display.lstrip("$").replace(",", "")


# --------------------------------------------------------------------------------------------------
# Which CSV columns hold wages, and the stated rules that allow a number at or above the top code

HOURLY_COLUMN = re.compile(r"hourly")
ANNUAL_COLUMN = re.compile(r"annual|median|^p\d\d|pay|wage|low|high|mean|salary|at_us_prices")
NOT_A_WAGE = re.compile(r"rpp|rank|employment|jobs|share|percent|count|ranked|year|tier|code|name")


def _plain_wages_above_top_code(rows: list[dict]) -> list[tuple]:
    found = []
    for row in rows:
        for header, cell in row.items():
            name = (header or "").lower()
            if name == "source" or NOT_A_WAGE.search(name) and not HOURLY_COLUMN.search(name):
                continue
            value = number(cell)
            if value is None:
                continue
            if HOURLY_COLUMN.search(name):
                limit = TOP_CODE_HOURLY
            elif ANNUAL_COLUMN.search(name):
                limit = TOP_CODE
            else:
                continue
            if value >= limit:
                found.append((name, cell, row))
    return found


def _sample_pages():
    pages = [reverse("occupation", kwargs={"code": code}) for code in OCCUPATIONS]
    pages += [reverse("metro", kwargs={"code": code}) for code in METROS]
    pages += [reverse("state", kwargs={"postal": postal}) for postal in STATES]
    pages += [reverse("tracks:detail", kwargs={"slug": slug}) for slug in TRACKS]
    return [*pages, reverse("home")]


def test_no_csv_prints_a_wage_at_or_above_the_top_code(client, page_snapshots):
    served = 0
    offending = []
    for url in _sample_pages():
        for link in csv_links(page_html(client, url)):
            rows = csv_table(client, link)
            served += 1
            offending += [(link, *found[:2]) for found in _plain_wages_above_top_code(rows)]
    assert served >= 40
    assert offending == [], offending[:20]


# --------------------------------------------------------------------------------------------------
# One occupation's CSVs against the upstream file


@pytest.mark.parametrize("code", OCCUPATIONS)
def test_occupation_csvs_carry_bls_published_cells(client, page_snapshots, oews, code):
    base = reverse("occupation", kwargs={"code": code})
    national = oews[(code, "99")]
    pay = {row["statistic"]: row for row in csv_table(client, f"{base}data/pay.csv")}
    for label, key in PERCENTILES:
        assert pay[label]["annual"] == annual_cell(getattr(national, _column("A", key))), (code, label)
        assert pay[label]["hourly"] == hourly_cell(getattr(national, _column("H", key))), (code, label)

    # The means rule: censored at the top code like every other wage
    assert pay["Mean"]["annual"] == annual_cell(national.A_MEAN), code
    assert pay["Mean"]["hourly"] == hourly_cell(national.H_MEAN), code

    for table in ("states", "metros"):
        rows = csv_table(client, f"{base}data/{table}.csv")
        assert rows, table
        for row in rows:
            upstream = oews[(code, row["area_code"])]
            assert row["median_annual"] == annual_cell(upstream.A_MEDIAN), (table, row["area_code"])
            assert row["median_hourly"] == hourly_cell(upstream.H_MEDIAN), (table, row["area_code"])


def test_the_issue_cells(client, page_snapshots):
    def cell(code, table, key, column, match="statistic"):
        rows = csv_table(client, f"/occupations/{code}/data/{table}.csv")
        return next(r[column] for r in rows if r[match] == key)

    assert cell("29-1216", "pay", "Median", "annual") == ">=239200"
    assert cell("29-1216", "pay", "Median", "hourly") == ">=115.00"
    assert cell("11-1021", "pay", "90th percentile", "annual") == ">=239200"
    assert cell("11-1021", "pay", "90th percentile", "hourly") == ">=115.00"
    assert cell("27-2011", "pay", "90th percentile", "hourly") == ">=115.00"
    assert cell("29-1216", "states", "Alabama", "median_hourly", "state") == ">=115.00"
    assert cell("29-1216", "states", "Hawaii", "median_hourly", "state") == ">=115.00"
    assert cell("25-1022", "metros", "10180", "median_hourly", "area_code") == ""
    assert cell("27-2011", "metros", "12060", "median_hourly", "area_code") == "65.27"


# --------------------------------------------------------------------------------------------------
# Page and CSV agree


@pytest.mark.parametrize("code", OCCUPATIONS)
def test_occupation_page_and_csv_agree(client, page_snapshots, code):
    base = reverse("occupation", kwargs={"code": code})
    html = page_html(client, base)
    shown = table_rows(html, "Pay across the distribution, U.S., all industries")
    pay = {row["statistic"]: row for row in csv_table(client, f"{base}data/pay.csv")}
    for label, _ in [*PERCENTILES, ("Mean", "")]:
        assert csv_of_display(shown[label][0]) == pay[label]["annual"], (code, label)
        assert csv_of_display(shown[label][1]) == pay[label]["hourly"], (code, label)

    states = {row["state"]: row for row in csv_table(client, f"{base}data/states.csv")}
    for name, cells in table_rows(html, "Pay by state").items():
        if name == "State":
            continue
        assert csv_of_display(cells[1]) == states[name]["median_annual"], (code, name)
        assert csv_of_display(cells[2]) == states[name]["median_hourly"], (code, name)
        assert csv_of_display(cells[4]) == str(states[name]["median_at_us_prices"]), (code, name)


# --------------------------------------------------------------------------------------------------
# Top-coded metros stay ranked (item 4)


def _track_row(html: str, name: str) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    for row in rows:
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


def test_a_top_coded_metro_with_its_whole_job_mix_published_stays_ranked(client, page_snapshots):
    san_jose = _track_row(page_html(client, reverse("metro", kwargs={"code": "41940"})), "Product Management")
    assert san_jose[2].startswith("$239,200 or more"), san_jose
    assert san_jose[3].endswith(" or more"), san_jose  # the least it can be at U.S. prices
    assert re.fullmatch(r"\d+ of \d+", san_jose[5]) and re.fullmatch(r"\d+ of \d+", san_jose[6]), san_jose
    new_york = _track_row(page_html(client, reverse("metro", kwargs={"code": "35620"})), "Product Management")
    assert new_york[5] == "5 of 113", new_york
    rows = {r["track"]: r for r in csv_table(client, reverse("metro_csv", kwargs={"code": "41940"}))}
    assert rows["Product Management"]["median_annual"] == ">=239200"
    assert rows["Product Management"]["median_at_us_prices"].startswith(">=")
    assert rows["Product Management"]["ranked_metros"] == "113"


def test_every_metro_rank_counts_every_ranked_metro(client, page_snapshots):
    """Product management's ranks across the metros are 1..N with no gap, N the stated count, and every
    metro that meets the ranking rule is ranked (San Jose's median is top-coded, its job mix published)."""
    from pages.models import Snapshot

    ranked, unranked = [], []
    for payload in Snapshot.objects.filter(kind=Snapshot.Kind.METRO).values_list("payload", flat=True):
        for row in payload["tracks"]:
            if row["slug"] != "product-management":
                continue
            if row["rank_median"]:
                ranked.append((row["rank_median"], row["ranked_count"]))
            elif row["rankable"]:
                unranked.append(payload["code"])
    assert unranked == []
    assert sorted(r for r, _ in ranked) == list(range(1, len(ranked) + 1))
    assert {n for _, n in ranked} == {len(ranked)} == {113}


# --------------------------------------------------------------------------------------------------
# Stated rules the pages follow (item 7)


def test_means_and_price_adjusted_pay_follow_the_stated_rules(client, page_snapshots):
    html = page_html(client, "/occupations/29-1216/")
    pay = table_rows(html, "Pay across the distribution, U.S., all industries")
    assert pay["Mean"][0] == "$239,200 or more"  # BLS prints 267,200: the means rule censors it
    assert {r["statistic"]: r for r in csv_table(client, "/occupations/29-1216/data/pay.csv")}["Mean"][
        "annual"
    ] == ">=239200"
    states = table_rows(html, "Pay by state")
    assert states["Arkansas"][4] == "$239,200 or more"
    rows = {r["state"]: r for r in csv_table(client, "/occupations/29-1216/data/states.csv")}
    assert rows["Arkansas"]["median_at_us_prices"] == ">=239200"
    method = page_html(client, reverse("methodology"))
    for heading in ("Mean pay", "Price-adjusted pay at or above the top code"):
        assert heading in method
    assert "min(A" in method and "A_MEAN" in method


def test_the_industry_overlap_states_its_formula_beside_the_figure(client, page_snapshots):
    html = page_html(client, reverse("tracks:detail", kwargs={"slug": "accounting"}))
    lines = re.findall(r'<span class="evidence">([^<]*overlap[^<]*)</span>', html)
    assert lines
    for line in lines:
        assert "the sum, over industry sectors, of the smaller of the two tracks" in line, line


# --------------------------------------------------------------------------------------------------
# The hourly headline fact names its vintage (item 6)


@pytest.mark.parametrize(
    "slug", ["construction", "manufacturing", "sales", "skilled-trades", "supply-chain-logistics"]
)
def test_the_hourly_headline_fact_names_its_vintage(client, page_snapshots, slug):
    from salaries.models import DataRelease

    html = page_html(client, reverse("tracks:detail", kwargs={"slug": slug}))
    vintage = DataRelease.objects.get(source=DataRelease.Source.OEWS).vintage
    assert fact(html, "median_hourly", "fact-source") == f"Source: BLS OEWS, {vintage}"


# --------------------------------------------------------------------------------------------------
# Related tracks: "skills transfer" figures equal the stated rule (item 5)


def _rule_profile(codes, rows) -> dict:
    """The stated rule's profile: each of the 35 skills and 33 knowledge areas (two elements even when a
    skill and a knowledge area share a name), each occupation's O*NET importance (borrowed from its named
    stand-ins where O*NET has none) weighted by its national employment."""
    profile = {}
    for kind in ("skills", "knowledge"):
        totals, mass = {}, {}
        for code in codes:
            row = rows.get(code)
            if not row or not row["employment"] or not row[kind]:
                continue
            for name, value in row[kind].items():
                totals[(kind, name)] = totals.get((kind, name), 0.0) + row["employment"] * float(value)
                mass[(kind, name)] = mass.get((kind, name), 0.0) + row["employment"]
        profile.update({key: totals[key] / mass[key] for key in totals})
    return profile


def _rule_score(a: dict, b: dict, baseline: dict) -> int:
    keys = sorted(set(a) & set(b) & set(baseline))
    xs = [a[k] - baseline[k] for k in keys]
    ys = [b[k] - baseline[k] for k in keys]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    return max(0, round(sxy / (sxx * syy) ** 0.5 * 100))


def test_every_skills_transfer_figure_equals_the_stated_rule(client, page_snapshots):
    from salaries.models import SocGuidance
    from tracks.models import RelatedTrack, Track

    tracks = {t.pk: t for t in Track.objects.published().prefetch_related("occupations")}
    codes = {pk: [o.occupation_id for o in t.occupations.all()] for pk, t in tracks.items()}
    rows = {
        r["soc_code"]: r for r in SocGuidance.objects.values("soc_code", "employment", "skills", "knowledge")
    }
    base = rows[SocGuidance.ALL_JOBS]
    baseline = {("skills", k): float(v) for k, v in base["skills"].items()}
    baseline.update({("knowledge", k): float(v) for k, v in base["knowledge"].items()})
    shown = {}
    for track in tracks.values():
        html = page_html(client, reverse("tracks:detail", kwargs={"slug": track.slug}))
        section = html[html.index('id="related"') :]
        for name, score in re.findall(r'<li><a href="[^"]+">([^<]+)</a>.*?matches (\d+) out of 100', section):
            shown[(track.name, unescape(name).strip())] = int(score)
    expected = {}
    links = RelatedTrack.objects.filter(track__in=tracks, related__in=tracks).select_related(
        "track", "related"
    )
    for link in links:
        own = _rule_profile(codes[link.track_id], rows)
        other = _rule_profile(codes[link.related_id], rows)
        expected[(link.track.name, link.related.name)] = _rule_score(own, other, baseline)
    assert len(expected) >= 120  # pairs (a pair may be linked both ways of kind)
    differing = {
        pair: (shown.get(pair), value) for pair, value in expected.items() if shown.get(pair) != value
    }
    assert differing == {}


# --------------------------------------------------------------------------------------------------
# Technology lists: what most of the track's jobs use first, what sets it apart separately (item 8)


def _chips(html: str, label_id: str) -> list[str]:
    match = re.search(rf'aria-labelledby="{label_id}">(.*?)</ul>', html, re.S)
    assert match, label_id
    return [
        unescape(re.sub(r"<span.*?</span>", "", c)).strip()
        for c in re.findall(r'<li class="chip">(.*?)</li>', match.group(1), re.S)
    ]


def test_technology_lists_lead_with_what_most_of_the_jobs_use(client, page_snapshots):
    html = page_html(client, reverse("tracks:detail", kwargs={"slug": "software-engineering"}))
    used = _chips(html, "tools-in-demand")  # the first few, shown; the rest in the list below
    assert "Python" in used and any("SQL" in name for name in used), used
    listed = re.search(r"What most of the track’s jobs use: .*?\((.*?)\)\.", html, re.S).group(1)
    assert all(name in listed for name in ("Python", "JavaScript", "Git", "SQL")), listed
    assert html.index('id="tools-in-demand"') < html.index('id="tools-apart"')
    assert "What sets the track apart" in html

    nursing = page_html(client, reverse("tracks:detail", kwargs={"slug": "nursing"}))
    used = _chips(nursing, "tools-in-demand")
    assert used and not {"Apache Spark", "Henry Schein Dentrix"} & set(used), used


# --------------------------------------------------------------------------------------------------
# How sure each number is (item 9)


def _rough_upstream(row) -> bool:
    """The stated rule, on the upstream cells: employment error above 25%, mean-wage error above 20%,
    or fewer than 100 jobs."""

    def value(cell):
        return None if cell in SUPPRESSED or cell == "#" else Decimal(cell)

    emp, emp_rse, mean_rse = value(row.TOT_EMP.replace(",", "")), value(row.EMP_PRSE), value(row.MEAN_PRSE)
    return bool(
        (emp_rse is not None and emp_rse > 25)
        or (mean_rse is not None and mean_rse > 20)
        or (emp is not None and emp < 100)
    )


@pytest.mark.parametrize("code", ["25-1022", "27-2011", "29-1141", "29-1216"])
def test_occupation_csvs_say_how_sure_each_figure_is(client, page_snapshots, oews, code):
    """Every state and metro row's reliability equals the rule on the upstream cells (registered nurses:
    every figure firm; the others have rough ones, marked on the page too)."""
    base = reverse("occupation", kwargs={"code": code})
    marked = 0
    for table in ("states", "metros"):
        for row in csv_table(client, f"{base}data/{table}.csv"):
            rough = _rough_upstream(oews[(code, row["area_code"])])
            assert row["reliability"].startswith("rough estimate: ") == rough, (table, row)
            assert rough or row["reliability"] == "firm", (table, row)
            marked += rough
    if code == "29-1141":
        assert marked == 0
        return
    assert marked, code
    assert "rough estimate" in page_html(client, base)


def test_metro_pages_and_rankings_say_how_sure(client, page_snapshots):
    rows = csv_table(client, reverse("metro_csv", kwargs={"code": "10180"}))
    assert all(r["reliability"] == "firm" or r["reliability"].startswith("rough estimate: ") for r in rows)
    assert any(r["reliability"].startswith("rough estimate: ") for r in rows)
    assert "rough estimate" in page_html(client, reverse("metro", kwargs={"code": "10180"}))
    method = page_html(client, reverse("methodology"))
    assert "How sure a figure is" in method and "EMP_PRSE" in method

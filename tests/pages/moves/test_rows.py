"""pages.moves.rows: what a moves page and its CSV show, from a hand-made stored snapshot (no database)."""

from pages.moves.rows import CSV_HEADERS, Place, change_csv, change_display, csv_rows, move_rows
from salaries.statistics.moves import PayChange
from tests.pages.moves.samples import METRO, PAYLOAD

ALPHA = Place("11111", "Alpha, ST", METRO)


def by_code(rows):
    return {r["code"]: r for r in rows}


def test_national_rows_keep_the_stored_order_and_format_every_figure():
    rows = move_rows(PAYLOAD, Place())
    assert [r["code"] for r in rows] == ["10-0002", "10-0003", "10-0004", "10-0005", "10-0006"]
    found = by_code(rows)
    up = found["10-0002"]
    assert (up["pay_display"], up["adjusted_display"], up["change_display"]) == (
        "$60,000",
        "$60,000",  # national figures are at U.S. prices
        "+$10,000 (+20.0%)",
    )
    assert (up["pay_csv"], up["adjusted_csv"], up["change_csv"]) == ("60000", 60000, 10000)
    assert up["openings_display"] == "12,300" and up["openings_csv"] == 12300
    assert (
        up["growth_display"] == "+2.5%" and up["zone_display"] == "3 of 5 (medium preparation), +1 from yours"
    )
    assert up["why"] == ["Speaking (skill)"]
    assert up["build"] == ["Mathematics (knowledge): 3.9 there, 2.4 in yours"]
    top = found["10-0003"]
    assert (top["pay_display"], top["pay_csv"]) == ("$239,200 or more", ">=239200")
    assert (top["adjusted_display"], top["adjusted_csv"]) == ("$239,200 or more", ">=239200")
    assert (top["change_display"], top["change_csv"]) == ("at least +$189,200", ">=189200")
    assert top["pays_more"]
    rough = found["10-0004"]
    assert rough["reliability_display"] == "rough estimate"
    assert rough["reliability_csv"] == "rough estimate: fewer than 100 jobs"
    assert found["10-0002"]["reliability_csv"] == "firm"
    gone = found["10-0005"]
    assert (gone["pay_display"], gone["pay_csv"], gone["change_display"], gone["change_csv"]) == (
        "not published",
        "",
        "not available",
        "",
    )
    assert (gone["jobs_display"], gone["openings_display"], gone["growth_csv"]) == (
        "not published",
        "not available",
        "",
    )
    assert found["10-0006"]["change_display"] == "\u2212$10,000 (\u221220.0%)"


def test_metro_rows_look_up_the_metro_figures_and_the_origin_there():
    found = by_code(move_rows(PAYLOAD, ALPHA))
    # the origin earns 55,000 in Alpha: changes are against that, not the national 50,000
    up = found["10-0002"]
    assert (up["pay_display"], up["adjusted_display"], up["change_display"]) == (
        "$52,000",
        "$47,270",
        "\u2212$3,000 (\u22125.5%)",
    )
    assert (up["jobs_display"], up["lq_display"], up["reliability_display"]) == (
        "800",
        "0.80",
        "rough estimate",
    )
    assert up["reliability_csv"] == "rough estimate: employment error 31%, above 25%"
    assert not up["pays_more"]
    assert up["type"] == "lateral"  # stored "step up" nationally; -5.5% in Alpha
    assert found["10-0006"]["type"] == "step up"  # +20% in Alpha, a step back nationally
    assert found["10-0004"]["type"] == "lateral"  # no pay there: the job-zone step (0) decides
    assert found["10-0003"]["pay_display"] == "$239,200 or more"
    assert found["10-0003"]["adjusted_display"] == "not available"  # a top-coded median above RPP 100
    assert found["10-0004"]["pay_display"] == "not published"  # no row in this metro
    assert found["10-0004"]["jobs_display"] == "not published" and found["10-0004"]["change_csv"] == ""
    assert found["10-0006"]["change_csv"] == 11_000 and found["10-0006"]["pays_more"]


def test_filters():
    assert [r["code"] for r in move_rows(PAYLOAD, Place(), ["pays_more"])] == [
        "10-0002",
        "10-0003",
        "10-0004",
    ]
    assert [r["code"] for r in move_rows(PAYLOAD, ALPHA, ["pays_more"])] == ["10-0003", "10-0006"]
    assert [r["code"] for r in move_rows(PAYLOAD, Place(), ["growing", "no_new_degree"])] == [
        "10-0002",
        "10-0005",
    ]
    assert move_rows(PAYLOAD, Place(), ["pays_more", "growing", "no_new_degree"])[0]["rank"] == 1


def test_change_notation():
    assert change_display(PayChange(-100_000, -41.8, "at most")) == "at most \u2212$100,000"
    assert change_csv(PayChange(-100_000, -41.8, "at most")) == "<=-100000"
    assert change_csv(PayChange(1234.5, 2.0)) == 1235  # whole dollars, halves up
    assert change_display(PayChange()) == "not available"


def test_csv_columns_start_in_the_stated_order():
    assert CSV_HEADERS[:8] == [
        "soc",
        "title",
        "skill_similarity",
        "median_pay",
        "median_pay_us_prices",
        "pay_change",
        "annual_openings",
        "entry_education",
    ]
    rows = csv_rows(move_rows(PAYLOAD, ALPHA), ALPHA)
    assert all(len(r) == len(CSV_HEADERS) for r in rows)
    assert rows[0][:8] == [
        "10-0002",
        "Better Paid Workers",
        91,
        "52000",
        47270,
        -3000,
        12300,
        "High school diploma or equivalent",
    ]
    assert rows[0][-1] == "Alpha, ST"

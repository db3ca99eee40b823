"""pages.moves.build: the stored moves rows and metro rows, from hand-made WageEstimate rows (no database)."""

from decimal import Decimal

from pages.moves.build import NAMES_KEY, MovesContext, metro_payloads, moves_payload, pay_of
from salaries.statistics import moves as rules


def row(area, code, median, *, kind="metro", top=(), employment=1000, lq="1.25", emp_rse="3.0"):
    return {
        "area_id": area,
        "area__area_type": kind,
        "industry_id": "000000",
        "occupation_id": code,
        "employment": employment,
        "annual_median": median,
        "top_coded_fields": list(top),
        "location_quotient": None if lq is None else Decimal(lq),
        "employment_rse": None if emp_rse is None else Decimal(emp_rse),
        "mean_rse": Decimal("2.0"),
    }


def test_pay_of_reads_the_median_and_its_top_code():
    assert pay_of(row("1", "x", 50_000)) == rules.Pay(50_000.0, False)
    assert pay_of(row("1", "x", None, top=["annual_median"])) == rules.Pay(None, True)
    assert pay_of(row("1", "x", 250_000)) == rules.Pay(None, True)  # at or above the top code
    assert pay_of(row("1", "x", None)) == rules.Pay(None, False)
    assert pay_of(None) == rules.Pay()


def test_metro_payloads_store_each_occupation_in_each_metro():
    rows = {
        "11-1111": [
            row("10000", "11-1111", 55_000),
            row("20000", "11-1111", None, top=["annual_median"], employment=80, emp_rse="31.0"),
            row("30000", "11-1111", None, top=["annual_median"]),
            row("CA", "11-1111", 60_000, kind="state"),  # states are not stored
        ],
        "22-2222": [row("10000", "22-2222", 42_345, lq=None)],
    }
    stored = metro_payloads(rows, {"10000": 110.0, "20000": 95.0, "30000": 120.0}, {"10000": "Alpha, ST"})
    assert set(stored) == {"10000", "20000", "30000", NAMES_KEY}
    assert stored["10000"]["name"] == "Alpha, ST" and stored["10000"]["rpp"] == 110.0
    # 55,000 / 1.10 = 50,000; 42,345 / 1.10 = 38,495.45 -> 38,500 (to the nearest $10)
    assert stored["10000"]["jobs"]["11-1111"] == [1000, 55_000, 0, 50_000, 1.25, ""]
    assert stored["10000"]["jobs"]["22-2222"] == [1000, 42_345, 0, 38_500, None, ""]
    # top-coded at a parity below 100: at least the top code at U.S. prices; above 100: not stated
    assert stored["20000"]["jobs"]["11-1111"] == [
        80,
        None,
        1,
        239_200,
        1.25,
        "employment error 31%, above 25%; fewer than 100 jobs",
    ]
    assert stored["30000"]["jobs"]["11-1111"][3] is None
    assert stored[NAMES_KEY] == {"names": {"10000": "Alpha, ST", "20000": "20000", "30000": "30000"}}


def test_moves_payload_stores_the_ranked_moves_with_their_national_figures():
    origin = rules.Occupation("11-1111", {}, rules.Pay(50_000.0), 2, "High school diploma or equivalent")
    move = rules.Move(
        code="22-2222",
        similarity=87.4,
        tier="Primary-Short",
        change=rules.PayChange(10_000, 20.0),
        type=rules.STEP_UP,
        zone_step=1,
        score=95.4,
        no_new_degree=True,
        growing=True,
        why=(rules.Element("skill:Speaking", 3.5, 3.25),),
        build=(rules.Element("knowledge:Mathematics", 3.9, 2.444),),
    )
    info = {
        "11-1111": {"title": "Origin", "national": row("99", "11-1111", 50_000), "projection": None},
        "22-2222": {
            "title": "Destination",
            "national": row("99", "22-2222", 60_000, employment=50),
            "projection": {
                "education": "Postsecondary nondegree award",
                "experience": "None",
                "training": "None",
                "change_percent": Decimal("4.0"),
                "openings_annual": Decimal("12.3"),
            },
            "job_zone": 3,
        },
    }
    ctx = MovesContext("May 2025", "2024-34", "29.3", 2023)
    payload = moves_payload("11-1111", "Origin", origin, [move], info, ["20000", "10000"], ctx)
    assert payload["origin"] == {
        "median": 50_000,
        "top": False,
        "published": True,
        "job_zone": 2,
        "education": "",
    }
    assert payload["metros"] == ["10000", "20000"]
    stored = payload["moves"][0]
    assert (stored["similarity"], stored["tier"], stored["type"], stored["zone_step"]) == (
        87,
        "Primary-Short",
        "step up",
        1,
    )
    assert stored["national"] == {
        "median": 60_000,
        "top": False,
        "employment": 50,
        "reasons": ["fewer than 100 jobs"],
    }
    assert (stored["growth"], stored["openings"], stored["education"]) == (
        4,
        12.3,
        "Postsecondary nondegree award",
    )
    assert stored["why"] == [["skill", "Speaking", 3.5, 3.25]]
    assert stored["build"] == [["knowledge", "Mathematics", 3.9, 2.44]]

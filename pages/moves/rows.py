"""The rows a moves page and its CSV show, from the stored snapshots only (pure: no database).

A request looks each move's figures up (nationally from the ``moves`` row, in a metro from that metro's
``moves_metro`` row), takes the difference of two stored medians (``salaries.statistics.moves``'s pay
change rule) and formats every figure by the site's rules (``pages.formatting``: "$239,200 or more",
"not published"; ``salaries.statistics.reliability``: "rough estimate"). No statistic is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pages.formatting import NOT_PUBLISHED, adjusted_csv, adjusted_display, format_percent_change
from salaries.guidance import EDUCATION_WORDS, JOB_ZONE_WORDS
from salaries.statistics import moves as rules
from salaries.statistics.reliability import Reliability
from salaries.statistics.wages import (
    NOT_AVAILABLE,
    TOP_CODE_ANNUAL,
    Quantile,
    format_dollars,
    round_half_up,
)

FILTERS = ("pays_more", "no_new_degree", "growing")
FILTER_LABELS = {  # "Show only moves that …"
    "pays_more": "pay more",
    "no_new_degree": "need no new degree",
    "growing": "are growing",
}
CSV_HEADERS = [
    "soc",
    "title",
    "skill_similarity",
    "median_pay",
    "median_pay_us_prices",
    "pay_change",
    "annual_openings",
    "entry_education",
    "move_type",
    "pay_change_percent",
    "jobs",
    "location_quotient",
    "reliability",
    "projected_growth_percent",
    "work_experience",
    "on_the_job_training",
    "job_zone",
    "job_zone_step",
    "onet_relatedness_tier",
    "why_it_fits",
    "what_to_build",
    "area",
]


@dataclass(frozen=True)
class Place:
    """Where the figures are: national (``code`` None) or one metro with its stored ``moves_metro`` row."""

    code: str | None = None
    name: str = "United States"
    figures: dict | None = None  # the metro's stored row (``jobs``: SOC -> figures)


def _quantile(pay: rules.Pay) -> Quantile:
    return Quantile.of(pay.median, top_coded=pay.top_coded)


def pay_display(pay: rules.Pay, published: bool) -> str:
    if not published or not (pay.known or pay.top_coded):
        return NOT_PUBLISHED
    return _quantile(pay).display()


def change_display(change: rules.PayChange) -> str:
    """ "+$12,340 (+18.0%)", "at least +$39,200", "−$3,000 (−5.0%)" or "not available"."""
    if not change.known:
        return NOT_AVAILABLE
    sign = "+" if change.dollars >= 0 else "\u2212"
    money = f"{sign}{format_dollars(abs(change.dollars))}"
    if change.bound:
        return f"{change.bound} {money}"
    return f"{money} ({format_percent_change(round(change.percent, 1))})"


def change_csv(change: rules.PayChange) -> object:
    """The CSV cell: whole dollars, ">=39200" / "<=-100000" for a bound, "" without a change."""
    if not change.known:
        return ""
    dollars = int(round_half_up(Decimal(str(change.dollars))))
    if change.bound == "at least":
        return f">={dollars}"
    if change.bound == "at most":
        return f"<={dollars}"
    return dollars


def _openings_jobs(thousands) -> int | None:
    if thousands is None:
        return None
    return int(round_half_up(Decimal(str(thousands)) * 1000))


def _zone(move: dict) -> str:
    zone, step = move.get("job_zone"), move.get("zone_step")
    if not zone:
        return NOT_AVAILABLE
    text = f"{zone} of 5 ({JOB_ZONE_WORDS.get(zone, '')})"
    if step:
        text += f", {'+' if step > 0 else '\u2212'}{abs(step)} from yours"
    elif step == 0:
        text += ", the same as yours"
    return text


def _education(text: str) -> str:
    return EDUCATION_WORDS.get(text.replace("’", "'"), text) if text else NOT_AVAILABLE


def _elements(items, *, gap: bool) -> list[str]:
    out = []
    for kind, name, destination, origin in items:
        label = f"{name} ({'knowledge' if kind == 'knowledge' else 'skill'})"
        if gap:
            label += f": {destination:.1f} there, {origin:.1f} in yours"
        out.append(label)
    return out


def _figures(payload: dict, place: Place, code: str, national: dict | None):
    """(pay, published, jobs, adjusted, location quotient, reliability) of ``code`` at ``place``."""
    if place.code is None:
        nat = national or {}
        pay = rules.Pay(nat.get("median"), bool(nat.get("top")))
        published = nat.get("employment") is not None or pay.known or pay.top_coded
        # National figures are at U.S. prices (the U.S. parity is 100): a top-coded median stays top-coded.
        adjusted = pay.median if pay.known else (TOP_CODE_ANNUAL if pay.top_coded else None)
        return (
            pay,
            published,
            nat.get("employment"),
            adjusted,
            None,
            Reliability(tuple(nat.get("reasons") or ())),
        )
    found = (place.figures or {}).get("jobs", {}).get(code)
    if found is None:
        return rules.Pay(), False, None, None, None, Reliability()
    jobs, median, top, adjusted, lq, reasons = found
    reliability = Reliability(tuple(r for r in (reasons or "").split("; ") if r))
    return rules.Pay(median, bool(top)), True, jobs, adjusted, lq, reliability


def origin_pay(payload: dict, place: Place) -> tuple[rules.Pay, bool]:
    origin = payload["origin"]
    if place.code is None:
        pay = rules.Pay(origin.get("median"), bool(origin.get("top")))
        return pay, bool(origin.get("published"))
    pay, published, *_ = _figures(payload, place, payload["code"], None)
    return pay, published


def move_rows(payload: dict, place: Place, filters=()) -> list[dict]:
    """Every stored move at ``place``, in the stored (national) rank order, typed by the pay change there
    (``salaries.statistics.moves.move_type``), with the ``filters`` asked
    ("pays_more": a positive pay change there; "no_new_degree"; "growing")."""
    own_pay, _ = origin_pay(payload, place)
    rows = []
    for rank, move in enumerate(payload["moves"], 1):
        pay, published, jobs, adjusted, lq, how_sure = _figures(
            payload, place, move["code"], move["national"]
        )
        change = rules.pay_change(own_pay, pay) if published else rules.PayChange()
        # In a metro the type follows the pay change there (the same thresholds); the rank stays national.
        kind = move["type"] if place.code is None else rules.move_type(change, move.get("zone_step"))
        pays_more = change.known and change.dollars > 0 and change.bound != "at most"
        if "pays_more" in filters and not pays_more:
            continue
        if "no_new_degree" in filters and not move["no_new_degree"]:
            continue
        if "growing" in filters and not move["growing"]:
            continue
        openings = _openings_jobs(move.get("openings"))
        growth = move.get("growth")
        rows.append(
            {
                "rank": rank,
                "code": move["code"],
                "title": move["title"],
                "similarity": move["similarity"],
                "type": kind,
                "tier": move["tier"],
                "pay_display": pay_display(pay, published),
                "pay_csv": _quantile(pay).csv_value() if published else "",
                "adjusted_display": adjusted_display(adjusted) if adjusted is not None else NOT_AVAILABLE,
                "adjusted_csv": adjusted_csv(adjusted),
                "change": change,
                "change_display": change_display(change),
                "change_csv": change_csv(change),
                "change_percent": None if change.percent is None else round(change.percent, 1),
                "jobs_display": f"{int(jobs):,}" if jobs is not None else NOT_PUBLISHED,
                "jobs_csv": "" if jobs is None else int(jobs),
                "lq_display": f"{lq:.2f}"
                if lq is not None
                else ("" if place.code is None else NOT_PUBLISHED),
                "lq_csv": "" if lq is None else lq,
                "reliability_display": how_sure.label,
                "reliability_csv": how_sure.csv_value() if published else "",
                "growth_display": (format_percent_change(growth) if growth is not None else NOT_AVAILABLE),
                "growth_csv": "" if growth is None else growth,
                "openings_display": f"{openings:,}" if openings is not None else NOT_AVAILABLE,
                "openings_csv": "" if openings is None else openings,
                "education": move["education"],
                "education_display": _education(move["education"]),
                "experience": move["experience"],
                "training": move["training"],
                "zone_display": _zone(move),
                "job_zone": move.get("job_zone"),
                "zone_step": move.get("zone_step"),
                "why": _elements(move["why"], gap=False),
                "build": _elements(move["build"], gap=True),
                "pays_more": pays_more,
                "no_new_degree": move["no_new_degree"],
                "growing": move["growing"],
            }
        )
    return rows


def csv_rows(rows: list[dict], place: Place) -> list[list]:
    """The CSV rows, columns as ``CSV_HEADERS``."""
    return [
        [
            r["code"],
            r["title"],
            r["similarity"],
            r["pay_csv"],
            r["adjusted_csv"],
            r["change_csv"],
            r["openings_csv"],
            r["education"],
            r["type"],
            "" if r["change_percent"] is None else r["change_percent"],
            r["jobs_csv"],
            r["lq_csv"],
            r["reliability_csv"],
            r["growth_csv"],
            r["experience"],
            r["training"],
            r["job_zone"] or "",
            "" if r["zone_step"] is None else r["zone_step"],
            r["tier"],
            "; ".join(r["why"]),
            "; ".join(r["build"]),
            place.name,
        ]
        for r in rows
    ]

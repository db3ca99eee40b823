"""The career-moves snapshots, as plain JSON (pure: no database).

Two kinds of rows (``pages.Snapshot``):

- ``moves``, keyed by SOC code: the origin's ranked moves (``salaries.statistics.moves.rank_moves``)
  with their national figures, type, training, projections, why it fits and what to build, and the
  metros where the origin has a published row (the picker's options);
- ``moves_metro``, keyed by CBSA code: every occupation's figures in that metro (jobs, median,
  top-coded flag, median at U.S. prices, location quotient, how sure), looked up by a ``?metro=``
  view; and the key ``_names``: every metro's name.

A request only looks figures up and formats them (``pages.moves.rows``); nothing here runs per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from salaries.statistics import moves as rules
from salaries.statistics import reliability
from salaries.statistics.location import price_adjusted
from salaries.statistics.wages import TOP_CODE_ANNUAL, round_to_ten

NAMES_KEY = "_names"


@dataclass
class MovesContext:
    oews_vintage: str
    projections_vintage: str
    onet_vintage: str
    rpp_year: int | None


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def pay_of(row: dict | None) -> rules.Pay:
    """The median annual wage of a WageEstimate row (top-coded when BLS marked it ``#`` or it is at or
    above the top code); an unpublished row or median gives ``Pay()``."""
    if row is None:
        return rules.Pay()
    top = "annual_median" in (row.get("top_coded_fields") or ())
    median = row.get("annual_median")
    if median is not None and float(median) >= TOP_CODE_ANNUAL:
        top = True
    return rules.Pay(None if top or median is None else float(median), top)


def _reasons(row: dict | None) -> list[str]:
    return list(reliability.of_row(row).reasons) if row else []


def _elements(elements) -> list[list]:
    return [[e.kind, e.name, round(e.destination, 2), round(e.origin, 2)] for e in elements]


def moves_payload(
    code: str,
    title: str,
    origin: rules.Occupation,
    moves: list[rules.Move],
    info: dict[str, dict],
    metros: list[str],
    ctx: MovesContext,
) -> dict:
    """One origin's stored moves. ``info`` by SOC code: ``title``, ``national`` (its WageEstimate row or
    None), ``projection`` (its BLS projections row or None), ``job_zone``."""
    own = info.get(code, {})
    rows = []
    for move in moves:
        other = info[move.code]
        national = other.get("national")
        projection = other.get("projection") or {}
        pay = pay_of(national)
        rows.append(
            {
                "code": move.code,
                "title": other["title"],
                "similarity": round(move.similarity),
                "tier": move.tier or "",
                "type": move.type,
                "score": round(move.score, 2),
                "job_zone": other.get("job_zone"),
                "zone_step": move.zone_step,
                "education": projection.get("education") or "",
                "experience": projection.get("experience") or "",
                "training": projection.get("training") or "",
                "growth": _number(projection.get("change_percent")),
                "openings": _number(projection.get("openings_annual")),
                "no_new_degree": move.no_new_degree,
                "growing": move.growing,
                "national": {
                    "median": _number(pay.median),
                    "top": pay.top_coded,
                    "employment": national.get("employment") if national else None,
                    "reasons": _reasons(national),
                },
                "why": _elements(move.why),
                "build": _elements(move.build),
            }
        )
    origin_projection = own.get("projection") or {}
    return {
        "code": code,
        "title": title,
        "origin": {
            "median": _number(origin.pay.median),
            "top": origin.pay.top_coded,
            "published": own.get("national") is not None,
            "job_zone": origin.job_zone,
            "education": origin_projection.get("education") or "",
        },
        "moves": rows,
        "metros": sorted(metros),
        "oews_vintage": ctx.oews_vintage,
        "projections_vintage": ctx.projections_vintage,
        "onet_vintage": ctx.onet_vintage,
        "rpp_year": ctx.rpp_year,
    }


def metro_payloads(
    rows_by_code: dict[str, list[dict]], rpp: dict[str, float], names: dict[str, str]
) -> dict[str, dict]:
    """The ``moves_metro`` rows: for each metro, every occupation's figures there, as
    ``[jobs, median, top-coded (0/1), median at U.S. prices, location quotient, how sure (reasons)]``;
    and ``_names``: every metro's name. ``rows_by_code``: cross-industry WageEstimate rows by SOC code."""
    metros: dict[str, dict] = {}
    for code, rows in rows_by_code.items():
        for row in rows:
            if row.get("area__area_type") != "metro" or row.get("industry_id") not in (None, "000000"):
                continue
            area = row["area_id"]
            pay = pay_of(row)
            parity = rpp.get(area)
            adjusted = None
            if parity is not None and pay.known:
                adjusted = _number(round_to_ten(price_adjusted(pay.median, parity)))
            elif parity is not None and pay.top_coded and float(parity) <= 100:
                adjusted = TOP_CODE_ANNUAL  # at least the top code at U.S. prices: "$239,200 or more"
            entry = metros.setdefault(area, {"rpp": parity, "jobs": {}})
            entry["jobs"][code] = [
                row.get("employment"),
                _number(pay.median),
                1 if pay.top_coded else 0,
                adjusted,
                _number(row.get("location_quotient")),
                "; ".join(_reasons(row)),
            ]
    payloads = {area: {"name": names.get(area, area), **entry} for area, entry in sorted(metros.items())}
    payloads[NAMES_KEY] = {"names": {area: names.get(area, area) for area in sorted(metros)}}
    return payloads

"""The career-moves snapshots, built from the loaded federal data (run in every rebuild after the
occupation pages, from the same inputs: ``pages.snapshots.rebuild_all``).

``rebuild_move_snapshots`` reads what the occupation pages read (``occupation_inputs_and_context``)
plus O*NET's importance and level ratings and related occupations (three queries), ranks every
occupation's moves with ``salaries.statistics.moves`` and stores them (``moves``, keyed by SOC code),
then every metro's figures (``moves_metro``, keyed by CBSA code), writing only the rows that changed.
"""

from __future__ import annotations

from pages.moves.build import MovesContext, metro_payloads, moves_payload, pay_of
from pages.occupation.snapshots import occupation_inputs_and_context
from pages.store import Kind, Written, write_snapshots
from salaries import snapshot_reads as reads
from salaries.statistics import moves as rules


def _importance(guidance_row: dict | None) -> dict[str, float]:
    if not guidance_row:
        return {}
    found = {rules.element_key("skill", k): float(v) for k, v in (guidance_row.get("skills") or {}).items()}
    found.update(
        {
            rules.element_key("knowledge", k): float(v)
            for k, v in (guidance_row.get("knowledge") or {}).items()
        }
    )
    return found


def rebuild_move_snapshots(inputs=None, ctx=None) -> tuple[Written, Written]:
    """Store every occupation's moves and every metro's figures; return the two writes."""
    if inputs is None or ctx is None:
        inputs, ctx, _ = occupation_inputs_and_context()
    weights = reads.onet_weights()
    related = reads.related_tiers()
    members = {}
    for code, item in inputs.items():
        own = [o["onet_code"] for o in item.onet if o["onet_code"] in weights]
        stand_ins = [c for c, _ in ((item.guidance or {}).get("stand_ins") or []) if c in weights]
        members[code] = own or stand_ins
    vectors = rules.soc_vectors(weights, members)
    employment = {code: (item.national or {}).get("employment") or 0 for code, item in inputs.items()}
    space = rules.Space(vectors, rules.average_vector(vectors, employment))
    average_importance = _importance(ctx.all_jobs)
    occupations, info = {}, {}
    for code, item in inputs.items():
        projection = item.projection or {}
        zone = (item.guidance or {}).get("job_zone")
        occupations[code] = rules.Occupation(
            code=code,
            importance=_importance(item.guidance),
            pay=pay_of(item.national),
            job_zone=zone,
            education=projection.get("education") or "",
            change_percent=None
            if projection.get("change_percent") is None
            else float(projection["change_percent"]),
        )
        info[code] = {
            "title": item.title,
            "national": item.national,
            "projection": item.projection,
            "job_zone": zone,
        }
    # Moves go to occupations BLS publishes nationally (a pay and a job count to show).
    candidates = [occupations[c] for c, item in inputs.items() if item.national is not None]
    mctx = MovesContext(ctx.oews_vintage, ctx.projections_vintage, ctx.onet_vintage, ctx.rpp_year)
    payloads = {}
    for code, item in inputs.items():
        tiers: dict[str, list[str]] = {}
        for onet in item.onet:
            for other, tier in related.get(onet["onet_code"], []):
                tiers.setdefault(other[:7], []).append(tier)
        best = {soc: rules.best_tier(found) for soc, found in tiers.items()}
        ranked = rules.rank_moves(
            occupations[code], candidates, space, average_importance, {k: v for k, v in best.items() if v}
        )
        metros = [r["area_id"] for r in item.areas if r.get("area__area_type") == "metro"]
        payloads[code] = moves_payload(code, item.title, occupations[code], ranked, info, metros, mctx)
    moves_written = write_snapshots(Kind.MOVES, payloads)
    metro_written = write_snapshots(
        Kind.MOVES_METRO,
        metro_payloads({code: item.areas for code, item in inputs.items()}, ctx.rpp, ctx.area_names),
    )
    return moves_written, metro_written

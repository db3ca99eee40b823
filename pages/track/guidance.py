"""The track page's guidance sections, built from the derived ``SocGuidance`` rows (pure: rows in,
template dicts out). The rules are ``salaries.guidance``'s; this module only chooses what to show and
words it. Every section names its source and vintage.

Sections (context names the templates rely on):

- ``guidance.apart``: what sets the track apart: distinctive skills and knowledge beside the average
  job, foundation skills, and the stand-ins for occupations O*NET does not rate;
- ``guidance.technology``: hot and in-demand technologies for the track, and for each rung whose
  occupation differs from the rung beneath it;
- ``guidance.training``: the entry education most of the track's jobs need (hero) and, per rung, BLS's
  typical entry education, experience and on-the-job training with O*NET's job zone;
- ``guidance.hourly``: whether the hero shows hourly pay and the track median per hour;
- ``guidance.pay_note``: what the OEWS pay figure includes and excludes;
- ``guidance.composition``: the editors' composition note;
- per rung (``rung_extras``): training, hourly band, the occupation's whole distribution;
- per related-track link (``link_evidence``): the deviation similarity and the shared distinctive
  elements.
"""

from __future__ import annotations

from decimal import Decimal

from pages.formatting import format_hourly
from salaries import guidance
from salaries.models import SocGuidance
from salaries.statistics.mixture import TrackPay
from salaries.statistics.wages import (
    HOURS_PER_YEAR,
    PAY_BANDS,
    PERCENTILE_LABELS,
    PERCENTILES,
    TOP_CODE_ANNUAL,
    WageDistribution,
)

PAY_NOTE = (
    "OEWS pay is straight-time gross pay: base rate, cost-of-living allowances, guaranteed pay, "
    "hazard pay, incentive pay such as commissions and production bonuses, on-call pay and tips count. "
    "Overtime, shift differentials, nonproduction bonuses (year-end or holiday bonuses), back pay, jury "
    "duty pay, severance and tuition reimbursement do not. Stock awards are not among the pay BLS counts, "
    "so equity grants are not in these figures."
)
PAY_NOTE_SOURCE = "BLS, OEWS wage definition and OEWS Pay Terms"
SIMILARITY_MEANING = "100 = the same emphasis, 0 = unrelated or opposite"


def _weights(codes, rows) -> dict[str, int]:
    return {c: rows[c]["employment"] for c in codes if c in rows and rows[c]["employment"]}


def _profile(codes, rows, kind: str) -> dict[str, float]:
    ratings = {c: rows[c][kind] for c in codes if c in rows and rows[c][kind]}
    return guidance.weighted_profile(ratings, _weights(codes, rows))


def combined(skills: dict, knowledge: dict) -> dict:
    """Skills and knowledge areas in one profile, each element once: O*NET names a skill and a knowledge
    area alike ("Mathematics"), so a knowledge area whose name is also a skill's is keyed
    "<name> (knowledge)" instead of overwriting the skill (the rule compares all 35 + 33 elements)."""
    merged = dict(skills)
    for name, value in knowledge.items():
        merged[f"{name} (knowledge)" if name in skills else name] = value
    return merged


def combined_profile(codes, rows) -> dict[str, float]:
    return combined(_profile(codes, rows, "skills"), _profile(codes, rows, "knowledge"))


def _baseline(rows) -> dict:
    return rows.get(SocGuidance.ALL_JOBS) or {"skills": {}, "knowledge": {}, "technologies": {}}


def _rated(items):
    return [
        {"name": r.name, "track": r.track_display, "average": r.average_display, "gap": r.gap_display}
        for r in items
    ]


def apart(track_codes, rows, titles: dict[str, str]) -> dict:
    base = _baseline(rows)
    skills, foundation = guidance.distinctive(_profile(track_codes, rows, "skills"), base["skills"])
    knowledge, _ = guidance.distinctive(_profile(track_codes, rows, "knowledge"), base["knowledge"])
    stand_ins = [
        {
            "code": code,
            "title": titles.get(code, code),
            "stand_ins": [{"code": c, "title": t} for c, t in rows[code]["stand_ins"]],
        }
        for code in sorted(track_codes)
        if code in rows and rows[code]["stand_ins"]
    ]
    unrated = [c for c in sorted(track_codes) if c not in rows or not rows[c]["skills"]]
    return {
        "skills": _rated(skills),
        "foundation": _rated(foundation),
        "knowledge": _rated(knowledge),
        "stand_ins": stand_ins,
        "unrated": unrated,
    }


def _tech(items):
    return [
        {"name": t.name, "share": t.share_display, "average": t.average_display, "flags": t.flags_display}
        for t in items
    ]


def technology(track_codes, roles, rows, titles: dict[str, str]) -> dict:
    base = {name: value[0] for name, value in _baseline(rows)["technologies"].items()}

    def ranked(codes):
        fractions = {c: {k: tuple(v) for k, v in rows[c]["technologies"].items()} for c in codes if c in rows}
        return guidance.technology_ranking(fractions, _weights(codes, rows), base)

    track_items, everyday = ranked(track_codes)
    fractions = {
        c: {k: tuple(v) for k, v in rows[c]["technologies"].items()} for c in track_codes if c in rows
    }
    in_demand = guidance.in_demand_technologies(fractions, _weights(track_codes, rows), base)
    by_rung, previous = [], None
    for role in roles:
        code = role.occupation_id
        if code != previous:
            items, _ = ranked([code])
            by_rung.append(
                {
                    "title": role.title,
                    "occupation_title": titles.get(code, code),
                    "items": _tech(items[:6]),
                }
            )
        previous = code
    return {
        "in_demand": _tech(in_demand),
        "track": _tech(track_items),
        "everyday": _tech(everyday),
        "by_rung": by_rung,
    }


def training_for(code, rows) -> guidance.Training:
    row = rows.get(code) or {}
    return guidance.training_summary(row, row.get("job_zone"))


def track_entry(track_codes, rows) -> tuple[str, str] | None:
    """(the entry education most of the track's jobs need, as BLS names it; a sentence), or None."""
    education = {c: rows[c]["education"] for c in track_codes if c in rows}
    top = guidance.track_entry_education(education, _weights(track_codes, rows))
    if top is None:
        return None
    name, share = top
    words = guidance.EDUCATION_WORDS.get(name.replace("’", "'"), name.lower())
    return name, f"{share:.0%} of the track’s jobs typically need {words} to start"


def track_training(track_codes, rows) -> str:
    entry = track_entry(track_codes, rows)
    return f"{entry[1]} (BLS)." if entry else ""


def _hourly_value(value) -> str:
    if value == "top":
        return "$115.00 or more"
    return format_hourly(value)


def hourly_band(code, band: str, rows) -> str:
    row = rows.get(code)
    if not row or not row["hourly"] or band not in PAY_BANDS:
        return ""
    low, high = PAY_BANDS[band]
    return f"{_hourly_value(row['hourly'].get(low))} to {_hourly_value(row['hourly'].get(high))} an hour"


def hourly(track_codes, rows, pay: TrackPay | None) -> dict:
    flags = {c: rows[c]["shows_hourly"] for c in track_codes if c in rows}
    shows = guidance.track_shows_hourly(flags, _weights(track_codes, rows))
    median = ""
    if shows and pay is not None and pay.median.value is not None:
        median = format_hourly(Decimal(str(pay.median.value)) / HOURS_PER_YEAR)
    return {"shows": shows and bool(median), "median": median}


def hero_facts(track_codes, rows, pay, projections_release, oews_label: str = "BLS OEWS") -> list[dict]:
    """Extra hero facts: hourly pay (when the track is mostly hourly work) and entry education; each
    source names its vintage (``oews_label``: "BLS OEWS, May 2025")."""
    facts = []
    paid = hourly(track_codes, rows, pay)
    if paid["shows"]:
        facts.append(
            {
                "key": "median_hourly",
                "label": "Median pay per hour",
                "value": paid["median"],
                "detail": "the annual median divided by 2,080 hours; most of the track’s jobs are paid by "
                "the hour",
                "source": oews_label,  # the detail says how: annual median ÷ 2,080 hours
            }
        )
    entry = track_entry(track_codes, rows)
    if entry:
        vintage = projections_release.vintage if projections_release else ""
        facts.append(
            {
                "key": "entry_education",
                "label": "Typical entry education",
                "value": entry[0],
                "detail": entry[1],
                "source": f"BLS Employment Projections, {vintage}".rstrip(", "),
            }
        )
    return facts


def whole_distribution(row: dict | None, band: str) -> dict | None:
    """An occupation's published 10th-90th percentiles for the ladder, with the rung's band marked.

    Positions are percentages of the shared scale (``scale_max``: the top code); a top-coded percentile
    sits at the scale's end and reads "$239,200 or more". None when the band's low end is top-coded
    (the data cannot place the rung: the page says so instead of drawing it).
    """
    if row is None or band not in PAY_BANDS:
        return None
    dist = WageDistribution.from_values(row)
    if not dist.has_wages:
        return None
    low, high = PAY_BANDS[band]
    if dist.is_top_coded(low):
        return None
    top = float(TOP_CODE_ANNUAL)

    def at(p):
        q = dist.quantile(p)
        return 100.0 if q.top_coded else round(100 * float(q.value) / top, 2)

    return {
        "points": [
            {"label": PERCENTILE_LABELS[p], "display": dist.quantile(p).display(), "x": at(p)}
            for p in PERCENTILES
        ],
        "p10": at("p10"),
        "p90": at("p90"),
        "median": at("p50"),
        "band_low": at(low),
        "band_high": at(high),
        "band_width": round(at(high) - at(low), 2),
        "range_width": round(at("p90") - at("p10"), 2),
        "top_coded_end": dist.is_top_coded("p90"),
    }


def rung_extras(role, rows, national_row: dict | None) -> dict:
    training = training_for(role.occupation_id, rows)
    row = rows.get(role.occupation_id) or {}
    low_top = False
    if national_row is not None and role.pay_band in PAY_BANDS:
        dist = WageDistribution.from_values(national_row)
        low_top = dist.is_top_coded(PAY_BANDS[role.pay_band][0])
    return {
        "training": training.sentence,
        "hourly_band": hourly_band(role.occupation_id, role.pay_band, rows)
        if row.get("shows_hourly")
        else "",
        "distribution": whole_distribution(national_row, role.pay_band),
        "top_coded_only": low_top,
    }


def link_evidence(own_profile, related_codes, rows) -> dict | None:
    if not own_profile or not related_codes:
        return None
    base = _baseline(rows)
    baseline = combined(base["skills"], base["knowledge"])
    other = combined_profile(related_codes, rows)
    value = guidance.deviation_similarity(own_profile, other, baseline)
    if value is None:
        return None
    shared = guidance.shared_distinctive(own_profile, other, baseline, n=3)
    return {"score": guidance.similarity_score(value), "correlation": value, "shared": shared}


def guidance_codes(track_codes, roles, related_codes: dict) -> set[str]:
    """Every SOC code whose ``SocGuidance`` row the page needs."""
    codes = set(track_codes) | {r.occupation_id for r in roles}
    for codes_of_link in related_codes.values():
        codes |= set(codes_of_link)
    return codes

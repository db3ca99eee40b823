"""Derive ``SocGuidance`` from the loaded releases (called by the loader after it loads anything).

All of ``salaries.guidance``'s whole-database work happens here, once per data load: borrowed ratings,
the all-jobs means, technology fractions, training and the hourly rule per SOC code. Pages then read
only the rows of their own codes (one query), so no request computes these statistics.
"""

from decimal import Decimal

from salaries import guidance
from salaries.guidance_selectors import GuidanceInputs
from salaries.models import SocGuidance

HOURLY_FIELDS = {
    "p10": "hourly_p10",
    "p25": "hourly_p25",
    "p50": "hourly_median",
    "p75": "hourly_p75",
    "p90": "hourly_p90",
}


def _hourly(row: dict | None) -> dict:
    if not row:
        return {}
    out = {}
    for key, field in HOURLY_FIELDS.items():
        value = row.get(field)
        out[key] = None if value is None else str(Decimal(value).quantize(Decimal("0.01")))
        if value is None and field in (row.get("top_coded_fields") or []):
            out[key] = "top"
    return out


def rows(inputs: GuidanceInputs) -> list[SocGuidance]:
    codes = sorted(set(inputs.employment) | set(inputs.hourly) | set(inputs.skills.ratings))
    out = []
    for code in codes:
        projection = inputs.projections.get(code) or {}
        used = inputs.skills.stand_ins.get(code, ())
        out.append(
            SocGuidance(
                soc_code=code,
                employment=inputs.employment.get(code),
                skills=inputs.skills.ratings.get(code, {}),
                knowledge=inputs.knowledge.ratings.get(code, {}),
                stand_ins=[[c, inputs.onet_titles.get(c, c)] for c in used],
                stand_in_rule=inputs.skills.how.get(code, ""),
                technologies={
                    name: list(value)
                    for name, value in guidance.technology_fractions(
                        inputs.technologies.get(code, {})
                    ).items()
                },
                education=projection.get("education") or "",
                experience=projection.get("experience") or "",
                training=projection.get("training") or "",
                job_zone=inputs.job_zones.get(code),
                hourly_only=bool(inputs.hourly_only.get(code)),
                shows_hourly=guidance.shows_hourly(
                    hourly_only=bool(inputs.hourly_only.get(code)), education=projection.get("education")
                ),
                hourly=_hourly(inputs.hourly.get(code)),
            )
        )
    shares, hot, demand = guidance.technology_shares(inputs.technology_fractions(), inputs.employment)
    out.append(
        SocGuidance(
            soc_code=SocGuidance.ALL_JOBS,
            employment=sum(inputs.employment.values()) or None,
            skills=inputs.skills_baseline,
            knowledge=inputs.knowledge_baseline,
            technologies={name: [share, hot[name], demand[name]] for name, share in shares.items()},
        )
    )
    return out


def rebuild() -> int:
    """Replace every ``SocGuidance`` row (call inside the load's transaction); returns the row count."""
    new = rows(GuidanceInputs.load())
    SocGuidance.objects.all().delete()
    SocGuidance.objects.bulk_create(new, batch_size=500)
    return len(new)

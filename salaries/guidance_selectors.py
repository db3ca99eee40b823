"""Reads for the guidance statistics (``salaries.guidance``).

- ``GuidanceInputs.load()`` reads everything the whole-database rules need (all ratings, related
  occupations, the crosswalk, national employment, technologies, projections: 9 queries). Only the
  load-time derivation (``salaries.guidance_build``) calls it.
- ``guidance_rows(codes)`` is what pages use: the derived ``SocGuidance`` rows of some codes plus the
  average job's row, in one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from salaries import guidance
from salaries.models import (
    DataRelease,
    OccupationKnowledge,
    OccupationSkill,
    OccupationTechnology,
    OnetOccupation,
    Projection,
    RelatedOccupation,
    SocCrosswalk,
    SocGuidance,
    WageEstimate,
)

NATIONAL_AREA = "99"
CROSS_INDUSTRY = "000000"


@dataclass
class GuidanceInputs:
    employment: dict[str, int]  # detailed SOC code -> national OEWS employment
    hourly_only: dict[str, bool]
    hourly: dict[str, dict]  # code -> hourly percentiles (p10..p90, Decimal or None)
    skills: guidance.SocRatings
    knowledge: guidance.SocRatings
    skills_baseline: dict[str, float]
    knowledge_baseline: dict[str, float]
    onet_titles: dict[str, str]
    technologies: dict[str, dict[str, list[tuple[str, bool, bool]]]]
    projections: dict[str, dict]
    job_zones: dict[str, int | None]

    @classmethod
    def load(cls) -> GuidanceInputs:
        oews = DataRelease.objects.filter(source=DataRelease.Source.OEWS).order_by("-vintage").first()
        rows = WageEstimate.objects.filter(
            release=oews, area_id=NATIONAL_AREA, industry_id=CROSS_INDUSTRY, occupation__level="detailed"
        ).values(
            "occupation_id",
            "employment",
            "hourly_only",
            "hourly_p10",
            "hourly_p25",
            "hourly_median",
            "hourly_p75",
            "hourly_p90",
            "top_coded_fields",
        )
        employment, hourly_only, hourly = {}, {}, {}
        for row in rows:
            code = row["occupation_id"]
            if row["employment"]:
                employment[code] = row["employment"]
            hourly_only[code] = row["hourly_only"]
            hourly[code] = row
        onet = list(OnetOccupation.objects.values_list("onet_code", "soc_code", "title", "job_zone"))
        onet_soc = {code: soc for code, soc, _, _ in onet}
        titles = {code: title for code, _, title, _ in onet}
        zones_by_soc = defaultdict(list)
        for _code, soc, _, zone in onet:
            zones_by_soc[soc].append(zone)
        related = defaultdict(list)
        for code, other, tier, rank in RelatedOccupation.objects.values_list(
            "onet_occupation_id", "related_onet_code", "tier", "rank"
        ):
            related[code].append((other, tier, rank))
        crosswalk = list(SocCrosswalk.objects.values_list("soc2010_code", "soc2018_code"))

        def ratings(model, element_field):
            by_onet = defaultdict(dict)
            for code, name, value in model.objects.filter(importance__isnull=False).values_list(
                "onet_occupation_id", f"{element_field}__name", "importance"
            ):
                by_onet[code][name] = float(value)
            codes = set(employment) | set(onet_soc.values())
            return guidance.soc_ratings(codes, by_onet, onet_soc, related, crosswalk)

        skills = ratings(OccupationSkill, "skill")
        knowledge = ratings(OccupationKnowledge, "knowledge")
        tech = defaultdict(lambda: defaultdict(list))
        for code, name, hot, demand in OccupationTechnology.objects.values_list(
            "onet_occupation_id", "name", "hot", "in_demand"
        ):
            tech[onet_soc.get(code, code[:7])][code].append((name, hot, demand))
        projection_release = (
            DataRelease.objects.filter(source=DataRelease.Source.PROJECTIONS).order_by("-vintage").first()
        )
        projections = {
            row["occ_code"]: row
            for row in Projection.objects.filter(release=projection_release, occ_type="Line item").values(
                "occ_code", "education", "experience", "training"
            )
        }
        return cls(
            employment=employment,
            hourly_only=hourly_only,
            hourly=hourly,
            skills=skills,
            knowledge=knowledge,
            skills_baseline=guidance.all_jobs_mean(skills.ratings, employment),
            knowledge_baseline=guidance.all_jobs_mean(knowledge.ratings, employment),
            onet_titles=titles,
            technologies={soc: dict(v) for soc, v in tech.items()},
            projections=projections,
            job_zones={soc: guidance.job_zone_of(z) for soc, z in zones_by_soc.items()},
        )

    def technology_fractions(self) -> dict[str, dict[str, tuple]]:
        return {soc: guidance.technology_fractions(occ) for soc, occ in self.technologies.items()}


def guidance_rows(codes) -> dict[str, dict]:
    """The ``SocGuidance`` rows of ``codes`` and of the average job (``00-0000``), by SOC code (one query)."""
    wanted = sorted(set(codes) | {SocGuidance.ALL_JOBS})
    return {row["soc_code"]: row for row in SocGuidance.objects.filter(soc_code__in=wanted).values()}

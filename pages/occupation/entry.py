"""The occupation page's "How people get in" block (pure: rows in, JSON-ready dict out; no database).

Built at snapshot time from three sources, each named on the page:

- BLS Employment Projections: the typical education needed to enter, the work experience in a related
  occupation, and the typical on-the-job training (the projections file's ``education``, ``experience``
  and ``training`` columns, as BLS words them);
- O*NET job zones: the zone (1 to 5) of each O*NET occupation under the SOC code, with O*NET's name for
  it and what it says about the education it usually means (``Job Zone Reference``); when the O*NET
  occupations under one code sit in different zones, each zone lists its O*NET titles;
- licensing: O*NET's content model has a licensing element (3.D, "License, Certificate, or Registration
  Required"), but the O*NET database files the site loads carry no ratings for it (Education, Training,
  and Experience holds required education, related work experience, on-site and on-the-job training,
  professional certification and apprenticeship importance only). The block says so rather than guess.
"""

from __future__ import annotations

LICENSING_NOT_IN_DATA = (
    "not in O*NET data: O*NET describes licensing requirements in its content model, but the O*NET "
    "database files this site loads carry no licensing ratings for any occupation"
)

BLS_ITEMS = (
    ("education", "Typical education needed to enter"),
    ("experience", "Work experience in a related occupation"),
    ("training", "Typical on-the-job training"),
)


def zone_name(name: str) -> str:
    """O*NET's "Job Zone Four: Considerable Preparation Needed" -> "considerable preparation needed"."""
    return name.split(":", 1)[-1].strip().lower()


def entry_block(
    projection: dict | None,
    onet: list[dict],
    zones: dict[int, dict],
    *,
    projections_vintage: str,
    onet_vintage: str,
) -> dict:
    """What the page says about getting in: BLS's three entry items, O*NET's job zones, licensing."""
    bls = []
    if projection is not None:
        bls = [{"label": label, "value": projection.get(key) or ""} for key, label in BLS_ITEMS]
        bls = [item for item in bls if item["value"]]
    titles_by_zone: dict[int, list[str]] = {}
    for o in onet:
        zone = o.get("job_zone")
        if zone:
            titles_by_zone.setdefault(int(zone), []).append(o["title"])
    several = len(titles_by_zone) > 1
    job_zones = []
    for zone in sorted(titles_by_zone):
        reference = zones.get(zone, {})
        job_zones.append(
            {
                "zone": zone,
                "name": zone_name(reference.get("name", "")),
                "education": reference.get("education", ""),
                "titles": titles_by_zone[zone] if several else [],
            }
        )
    return {
        "bls": bls,
        "bls_source": f"BLS Employment Projections, {projections_vintage}",
        "job_zones": job_zones,
        "onet_source": f"O*NET {onet_vintage}, Job Zones",
        "licensing": LICENSING_NOT_IN_DATA,
    }

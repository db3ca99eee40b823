"""Bulk reads for building snapshots (every occupation, every area at once): a few queries in all,
run when data is loaded, never per request. Plain dicts out (``.values()``)."""

from collections import defaultdict

from django.db.models import F, FloatField
from django.db.models.functions import Cast

from salaries import selectors as data
from salaries.models import (
    AlternateTitle,
    Area,
    Industry,
    JobZone,
    Occupation,
    OccupationKnowledge,
    OccupationSkill,
    OnetOccupation,
    PriceParity,
    Projection,
    RelatedOccupation,
    ReportedTitle,
    WageEstimate,
)
from salaries.value_rows import value_rows

AREA_ROW_FIELDS = (
    *data.WAGE_FIELDS,
    "hourly_only",
    "annual_mean",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
    "hourly_mean",
    "suppressed_fields",
    "location_quotient",
)


def detailed_occupations() -> dict[str, str]:
    return dict(Occupation.objects.filter(level=Occupation.Level.DETAILED).values_list("code", "title"))


def occupation_levels() -> dict[str, tuple[str, str]]:
    return {
        code: (title, level)
        for code, title, level in Occupation.objects.values_list("code", "title", "level")
    }


def wage_rows_by_occupation(release_id: int, codes) -> dict[str, list[dict]]:
    """Cross-industry rows of ``codes`` in every area, and national rows in the 20 NAICS sectors."""
    codes = sorted(set(codes))
    sectors = (
        Industry.objects.filter(level=Industry.Level.SECTOR)
        .exclude(code__startswith=data.GOVERNMENT_DESIGNATION_PREFIX)
        .values("code")
    )
    rows = defaultdict(list)
    cross = WageEstimate.objects.filter(
        release_id=release_id, industry_id=data.CROSS_INDUSTRY, occupation_id__in=codes
    )
    by_sector = WageEstimate.objects.filter(
        release_id=release_id, area_id=data.NATIONAL_AREA, industry_id__in=sectors, occupation_id__in=codes
    )
    for row in value_rows(cross.values(*AREA_ROW_FIELDS).union(by_sector.values(*AREA_ROW_FIELDS), all=True)):
        rows[row["occupation_id"]].append(row)
    return rows


SEARCH_PAY_FIELDS = (
    "occupation_id",
    "area_id",
    "employment",
    "employment_rse",
    "mean_rse",
    "annual_median",
    "hourly_median",
    "hourly_only",
    "top_coded_fields",
)


def pay_rows_for_search(release_id: int, *, metros: bool = True) -> tuple[dict[str, dict], list[dict]]:
    """(national cross-industry row by occupation, every metro cross-industry row, or none when
    ``metros`` is false): the medians the search results show (one query)."""
    national, in_metros = {}, []
    types = (Area.AreaType.NATIONAL, Area.AreaType.METRO) if metros else (Area.AreaType.NATIONAL,)
    rows = WageEstimate.objects.filter(
        release_id=release_id, industry_id=data.CROSS_INDUSTRY, area__area_type__in=types
    ).order_by("area_id", "occupation_id")
    for row in rows.values(*SEARCH_PAY_FIELDS):
        if row["area_id"] == data.NATIONAL_AREA:
            national[row["occupation_id"]] = row
        else:
            in_metros.append(row)
    return national, in_metros


def metro_totals(release_id: int) -> dict[str, int]:
    """All-occupation employment by metro (for metro tiers)."""
    return dict(
        WageEstimate.objects.filter(
            release_id=release_id,
            occupation_id=data.ALL_OCCUPATIONS,
            industry_id=data.CROSS_INDUSTRY,
            area__area_type=Area.AreaType.METRO,
            employment__isnull=False,
        ).values_list("area_id", "employment")
    )


def price_parities(rpp_year: int | None) -> dict[str, float]:
    if rpp_year is None:
        return {}
    return dict(
        PriceParity.objects.filter(year=rpp_year, all_items__isnull=False)
        .annotate(value=Cast("all_items", FloatField()))
        .values_list("area_id", "value")
    )


def areas() -> list[dict]:
    return list(Area.objects.values("code", "name", "area_type", "state"))


def sector_titles() -> dict[str, str]:
    return dict(Industry.objects.filter(level=Industry.Level.SECTOR).values_list("code", "title"))


def projections(release_id: int | None) -> dict[str, dict]:
    if release_id is None:
        return {}
    return {
        row["occ_code"]: row
        for row in Projection.objects.filter(release_id=release_id)
        .exclude(occ_type__iexact="summary")
        .values(
            "occ_code",
            "occ_type",
            "base_year",
            "proj_year",
            "employment_base",
            "employment_projected",
            "change",
            "change_percent",
            "openings_annual",
            "education",
            "experience",
            "training",
        )
    }


def onet_by_soc() -> dict[str, list[dict]]:
    found = defaultdict(list)
    for row in OnetOccupation.objects.order_by("onet_code").values(
        "onet_code", "soc_code", "title", "description", "job_zone"
    ):
        found[row["soc_code"]].append(row)
    return found


def job_zones() -> dict[int, dict]:
    """O*NET's Job Zone Reference: zone -> {"name", "education"} (one query)."""
    return {row["zone"]: row for row in JobZone.objects.values("zone", "name", "education")}


def titles_by_soc() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(alternate titles, reported titles) per SOC code, A to Z, duplicates across O*NET codes dropped."""
    result = []
    for model in (AlternateTitle, ReportedTitle):
        found = defaultdict(dict)
        for soc, title in model.objects.annotate(soc=F("onet_occupation__soc_code")).values_list(
            "soc", "title"
        ):
            found[soc].setdefault(title.casefold(), title)
        result.append({soc: sorted(titles.values(), key=str.casefold) for soc, titles in found.items()})
    return result[0], result[1]


def all_titles() -> list[tuple[str, str, str]]:
    """(title, kind, SOC code) of every O*NET title: alternate, reported and O*NET-SOC occupation titles."""
    rows = [
        (t, "alternate", soc)
        for t, soc in AlternateTitle.objects.values_list("title", "onet_occupation__soc_code")
    ]
    rows += [
        (t, "reported", soc)
        for t, soc in ReportedTitle.objects.values_list("title", "onet_occupation__soc_code")
    ]
    rows += [(t, "onet", soc) for t, soc in OnetOccupation.objects.values_list("title", "soc_code")]
    return rows


def state_rows(release_id: int, codes) -> list[dict]:
    """Cross-industry rows of ``codes`` in every state (one query)."""
    return list(
        WageEstimate.objects.filter(
            release_id=release_id,
            industry_id=data.CROSS_INDUSTRY,
            occupation_id__in=sorted(set(codes)),
            area__area_type=Area.AreaType.STATE,
        ).values(*data.WAGE_FIELDS)
    )


def onet_weights() -> dict[str, dict[str, float]]:
    """Importance x level of every skill and knowledge area each O*NET-SOC occupation rates (both
    published), keyed ``"skill:<name>"`` / ``"knowledge:<name>"`` (two queries)."""
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for model, field, kind in (
        (OccupationSkill, "skill", "skill"),
        (OccupationKnowledge, "knowledge", "knowledge"),
    ):
        rows = model.objects.filter(importance__isnull=False, level__isnull=False).values_list(
            "onet_occupation_id", f"{field}__name", "importance", "level"
        )
        for code, name, importance, level in rows:
            found[code][f"{kind}:{name}"] = float(importance) * float(level)
    return dict(found)


def related_tiers() -> dict[str, list[tuple[str, str]]]:
    """O*NET's related occupations of each O*NET-SOC occupation: (related code, relatedness tier), in
    O*NET's order (one query)."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, other, tier in RelatedOccupation.objects.order_by("onet_occupation_id", "rank").values_list(
        "onet_occupation_id", "related_onet_code", "tier"
    ):
        found[code].append((other, tier))
    return dict(found)

"""Page-level reads of the federal data: one query per dataset, plain dicts out (``.values()``).

Every function here issues exactly one SQL statement (correlated subqueries fold small lookups such as
the RPP of an area or the May CPI of a year into the row they belong to), so a page that calls a fixed
set of them makes a fixed number of queries whatever the size of the data.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat, Substr

from salaries.models import (
    CROSS_INDUSTRY,
    AlternateTitle,
    Area,
    CpiMonth,
    DataRelease,
    Industry,
    NationalOccupationYear,
    OccupationSkill,
    PriceParity,
    Projection,
    Skill,
    SocCrosswalk,
    WageEstimate,
)
from salaries.models import NATIONAL_AREA as NATIONAL_AREA  # noqa: E402 - re-exported
from salaries.value_rows import value_rows

ALL_OCCUPATIONS = "00-0000"
# OEWS also files three government "designations" (999101 federal, 999201 state, 999301 local) at the
# sector level in the source; they overlap sector 99 and the private sectors, so only the 20 NAICS
# sectors are used (sector 99 is "99-100", which this prefix does not match).
GOVERNMENT_DESIGNATION_PREFIX = "999"
SURVEY_MONTH = 5  # OEWS estimates refer to May; constant dollars use the CPI-U of May.

# What a wage distribution needs (statistics.WageDistribution.from_values reads these).
DISTRIBUTION_FIELDS = (
    "employment",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "top_coded_fields",
    "employment_rse",  # how sure: salaries.statistics.reliability
    "mean_rse",
)
WAGE_FIELDS = (
    "occupation_id",
    "occupation__title",
    "area_id",
    "area__name",
    "area__area_type",
    "industry_id",
    "industry__title",
    "industry__level",
    *DISTRIBUTION_FIELDS,
)


def current_releases() -> dict[str, DataRelease]:
    """The newest loaded release of each source (one query over a table of a handful of rows).

    "Newest" is the latest publication date, then the latest load;. Caches key on the data
    generation (``salaries.generation``), not on releases.
    """
    newest: dict[str, DataRelease] = {}
    ordering = ("source", F("published_on").desc(nulls_last=True), "-loaded_at", "-id")
    for release in DataRelease.objects.order_by(*ordering):
        newest.setdefault(release.source, release)
    return newest


def releases_fingerprint(releases: dict[str, DataRelease]) -> str:
    """A short digest of the releases a snapshot was built from (recorded beside it, for operators)."""
    parts = [
        f"{source}:{release.pk}:{release.vintage}:{release.checksum}:{release.loaded_at.isoformat()}"
        for source, release in sorted(releases.items())
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def survey_year(release: DataRelease | None) -> int | None:
    """The reference year in a vintage such as "May 2025" (None when it names no year)."""
    if release is None:
        return None
    match = re.search(r"(19|20)\d{2}", release.vintage)
    return int(match.group(0)) if match else None


def _rpp_year_subquery(oews_year: int | None):
    """The newest RPP year not later than the OEWS survey year (RPPs compare places within a year)."""
    years = PriceParity.objects.all()
    if oews_year is not None:
        years = years.filter(year__lte=oews_year)
    return Subquery(years.order_by("-year").values("year")[:1])


def track_wage_rows(
    *,
    release_id: int,
    codes: Iterable[str],
    sector_only_codes: Iterable[str] = (),
    oews_year: int | None = None,
) -> list[dict]:
    """Every OEWS estimate a track page needs, in one query.

    - ``codes`` (the track's occupations and its ladder's occupations): metro estimates,
      cross-industry, and national estimates, cross-industry and in each of the 20 NAICS sectors;
    - ``00-0000`` (all occupations) in every metro: the metros' total employment, for metro tiers;
    - ``sector_only_codes`` (related tracks' occupations): national cross-industry and sector rows,
      for the evidence behind related-track links.

    The all-occupations row of each metro carries ``rpp`` (BEA all-items RPP of that metro) and
    ``rpp_year``: the latest RPP year not later than the OEWS year (RPPs compare places within a year).
    """
    codes = sorted(set(codes))
    national_codes = sorted(set(codes) | set(sector_only_codes))
    rpp_year = _rpp_year_subquery(oews_year)
    with_rpp = {
        "rpp": Cast(
            Subquery(
                PriceParity.objects.filter(area_id=OuterRef("area_id"), year=rpp_year).values("all_items")[:1]
            ),
            FloatField(),
        ),
        "rpp_year": rpp_year,
    }
    without_rpp = {
        "rpp": Value(None, output_field=FloatField()),
        "rpp_year": Value(None, output_field=IntegerField()),
    }
    metros = Area.objects.filter(area_type=Area.AreaType.METRO).values("code")
    industries = (
        Industry.objects.filter(Q(code=CROSS_INDUSTRY) | Q(level=Industry.Level.SECTOR))
        .exclude(code__startswith=GOVERNMENT_DESIGNATION_PREFIX)
        .values("code")
    )
    # Three index-friendly parts joined with UNION ALL (still one statement): an OR across them makes
    # the planner scan the whole release. The metro's RPP rides on its all-occupations row.
    fields = (*WAGE_FIELDS, "rpp", "rpp_year")
    in_metros = WageEstimate.objects.cross_industry().filter(
        release_id=release_id, occupation_id__in=codes, area_id__in=metros
    )
    metro_totals = WageEstimate.objects.cross_industry().filter(
        release_id=release_id, occupation_id=ALL_OCCUPATIONS, area_id__in=metros
    )
    national = WageEstimate.objects.national().filter(
        release_id=release_id, occupation_id__in=national_codes, industry_id__in=industries
    )
    return list(
        value_rows(
            in_metros.annotate(**without_rpp)
            .values(*fields)
            .union(
                metro_totals.annotate(**with_rpp).values(*fields),
                national.annotate(**without_rpp).values(*fields),
                all=True,
            )
        )
    )


def _broad_prefixes(codes) -> list[str]:
    """``13-1020`` -> ``13-102``: the prefix shared by every detailed code under a broad group."""
    return sorted({code[:6] for code in codes if code.endswith("0")})


def _crosswalk_for(codes):
    """Crosswalk pairs whose 2018 code is one of ``codes`` or lies under one of them (broad groups)."""
    wanted = Q(soc2018_code__in=codes)
    for prefix in _broad_prefixes(codes):
        wanted |= Q(soc2018_code__startswith=prefix)
    return SocCrosswalk.objects.filter(wanted)


def track_history_rows(*, codes: Iterable[str]) -> list[dict]:
    """National OEWS rows by survey year that can stand for the track's codes (one query): the codes
    themselves, the detailed codes under any of them that is a broad group, every SOC 2010 code the BLS
    crosswalk maps onto them, and the broad groups of all these (BLS sometimes publishes a broad group
    at the lowest level). Detailed rows only, each with the CPI-U of that year's May."""
    codes = sorted(set(codes))
    pairs = _crosswalk_for(codes)
    old_broad = pairs.annotate(broad=Concat(Substr("soc2010_code", 1, 6), Value("0"))).values("broad")
    wanted = (
        Q(occ_code__in=sorted(set(codes) | {c[:6] + "0" for c in codes}))
        | Q(occ_code__in=pairs.values("soc2010_code"))
        | Q(occ_code__in=old_broad)
    )
    for prefix in _broad_prefixes(codes):
        wanted |= Q(occ_code__startswith=prefix)
    cpi_may = CpiMonth.objects.filter(year=OuterRef("year"), month=SURVEY_MONTH).values("value")[:1]
    rows = (
        NationalOccupationYear.objects.filter(wanted, o_group="detailed")
        .annotate(cpi_may=Subquery(cpi_may))
        .order_by("year", "occ_code")
        .values(
            "year",
            "occ_code",
            "occ_title",
            "soc_basis",
            "employment",
            "annual_p10",
            "annual_p25",
            "annual_median",
            "annual_p75",
            "annual_p90",
            "top_coded_fields",
            "cpi_may",
        )
    )
    return list(rows)


def crosswalk_rows(*, codes: Iterable[str]) -> list[dict]:
    """Every crosswalk pair of every SOC 2010 code that maps onto ``codes`` or under them, and of every
    SOC 2010 code under a broad group among ``codes`` (one query).

    Includes the pairs that lead outside ``codes``, so a caller can tell a clean rename from a split, and
    a SOC 2010 code that merely shares a broad group's number (``51-2091`` -> ``51-2051``) from one that
    belongs to it.
    """
    codes = sorted(set(codes))
    wanted = Q(soc2010_code__in=_crosswalk_for(codes).values("soc2010_code"))
    for prefix in _broad_prefixes(codes):
        wanted |= Q(soc2010_code__startswith=prefix)
    return list(
        SocCrosswalk.objects.filter(wanted)
        .order_by("soc2010_code", "soc2018_code")
        .values("soc2010_code", "soc2010_title", "soc2018_code", "soc2018_title")
    )


def projection_rows(*, release_id: int | None, codes: Iterable[str]) -> list[dict]:
    """BLS Employment Projections line items for ``codes`` (thousands of jobs; one query)."""
    if release_id is None:
        return []
    return list(
        Projection.objects.filter(release_id=release_id, occ_code__in=sorted(set(codes)))
        .order_by("occ_code")
        .values(
            "occ_code",
            "occ_title",
            "base_year",
            "proj_year",
            "employment_base",
            "employment_projected",
            "change",
            "change_percent",
            "openings_annual",
            "percent_self_employed",
        )
    )


def skill_rows(*, codes: Iterable[str]) -> list[dict]:
    """O*NET skill importance for every O*NET-SOC occupation under ``codes`` (one query).

    One SOC code can have several O*NET-SOC occupations (``13-1199.04``, ``.05`` …); each row carries
    its ``soc_code`` so the caller can average them per SOC code.
    """
    return list(
        OccupationSkill.objects.filter(
            onet_occupation__soc_code__in=sorted(set(codes)), importance__isnull=False
        )
        .order_by("onet_occupation_id", "skill_id")
        .values("onet_occupation_id", "onet_occupation__soc_code", "skill_id", "skill__name", "importance")
    )


def national_wage_rows(*, release_id: int, codes: Iterable[str]) -> list[dict]:
    """National cross-industry estimates for ``codes`` (one query): the home page's track table."""
    return list(
        WageEstimate.objects.national_cross_industry()
        .filter(release_id=release_id, occupation_id__in=sorted(set(codes)))
        .values(*WAGE_FIELDS)
    )


def all_releases() -> list[DataRelease]:
    """Every loaded release, by source then newest first (one query): the methodology's vintages."""
    return list(DataRelease.objects.order_by("source", F("published_on").desc(nulls_last=True), "-loaded_at"))


def rpp_year_for(oews_year: int | None) -> int | None:
    """The RPP year paired with an OEWS survey year: the newest not later than it (one query)."""
    years = PriceParity.objects.all()
    if oews_year is not None:
        years = years.filter(year__lte=oews_year)
    return years.order_by("-year").values_list("year", flat=True).first()


def codes_with_alternate_title(query: str, *, limit: int = 500) -> set[str]:
    """SOC codes of the O*NET occupations with an alternate job title containing ``query`` (one query)."""
    return set(
        AlternateTitle.objects.filter(title__icontains=query)
        .values_list("onet_occupation__soc_code", flat=True)
        .distinct()[:limit]
    )


# --------------------------------------------------------------------------------------------------
# Reads for Get Started and the career record (careers reads the federal data only through these)


def metro_areas() -> list[Area]:
    """Every metropolitan area, by name (one query)."""
    return list(Area.objects.filter(area_type=Area.AreaType.METRO).order_by("name"))


def cross_industry_wage_rows(
    *, release: DataRelease | None, codes, area_codes
) -> dict[tuple[str, str], dict]:
    """{(occupation code, area code): row} of cross-industry estimates (one query)."""
    if release is None or not codes or not area_codes:
        return {}
    rows = (
        WageEstimate.objects.cross_industry()
        .filter(release=release, occupation_id__in=sorted(codes), area_id__in=sorted(area_codes))
        .values("occupation_id", "occupation__level", "area_id", *DISTRIBUTION_FIELDS)
    )
    return {(row["occupation_id"], row["area_id"]): row for row in rows}


def price_parities(*, area_codes, oews_year: int | None) -> tuple[dict[str, float], int | None]:
    """All-items RPPs of ``area_codes`` for the newest RPP year not later than the OEWS year (one query)."""
    if not area_codes:
        return {}, None
    rows = PriceParity.objects.filter(area_id__in=sorted(area_codes), all_items__isnull=False)
    if oews_year is not None:
        rows = rows.filter(year__lte=oews_year)
    by_area, year = {}, None
    for area_id, row_year, value in rows.order_by("-year").values_list("area_id", "year", "all_items"):
        year = year or row_year
        if row_year == year:
            by_area[area_id] = float(value)
    return by_area, year


def national_employment(*, release: DataRelease | None, codes) -> dict[str, int]:
    """Published national cross-industry employment of ``codes`` (one query; unpublished left out)."""
    rows = (
        WageEstimate.objects.national_cross_industry()
        .filter(release=release, occupation_id__in=sorted(codes))
        .values_list("occupation_id", "employment")
    )
    return {code: employment for code, employment in rows if employment}


def all_skills() -> dict[str, Skill]:
    """Every O*NET skill by element id (one query)."""
    return {skill.element_id: skill for skill in Skill.objects.all()}


def skill_importance_by_soc(codes) -> dict[str, dict[str, float]]:
    """SOC code -> skill element id -> importance, the mean over the O*NET-SOC occupations under the
    code that have ratings (one query)."""
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows = OccupationSkill.objects.filter(
        onet_occupation__soc_code__in=sorted(codes), importance__isnull=False
    )
    for soc, skill_id, importance in rows.values_list("onet_occupation__soc_code", "skill_id", "importance"):
        sums[soc][skill_id].append(float(importance))
    return {soc: {s: sum(v) / len(v) for s, v in by_skill.items()} for soc, by_skill in sums.items()}

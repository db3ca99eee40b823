"""Reads for the track page: everything the template shows, computed from the federal data.

``track_page_context`` works on in-memory instances (possibly unsaved: the admin preview calls it with
the editor's unsaved form data); ``track_page_context_for`` loads a saved track's parts and caches the
result per data release. Figures come from ``salaries.statistics`` and figures' dicts from
``salaries.charts`` (pure functions); this module only gathers rows, calls them and labels the results.

Query budget (uncached): the track, its four kinds of parts, the releases, and one query each for OEWS
estimates, history, the SOC crosswalk, projections and skills: 11, whatever the size of the data.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, StringAgg, Subquery, Value
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from salaries import charts, statistics
from salaries import selectors as data
from salaries.guidance_selectors import guidance_rows
from salaries.models import DataRelease
from tracks import guidance as page_guidance
from tracks.markdown import render_markdown
from tracks.models import RelatedTrack, Role, Track, TrackOccupation

GET_STARTED_PATH = "/get-started/"  # the Get Started flow reads ?track=<slug>
CACHE_VERSION = 2
CACHE_SECONDS = 60 * 60 * 24
METRO_CODE_RE = re.compile(r"^[0-9]{5}$")
NARRATIVE_SECTIONS = (
    ("junior_work", "Early in the track"),
    ("mid_work", "Mid-career"),
    ("senior_work", "Senior and leadership roles"),
    ("core_challenge", "The core challenge"),
    ("who_thrives", "Who thrives"),
    ("entry_points", "Ways in"),
)
TOP_SKILLS = 10
INDUSTRY_CHART_SECTORS = 10  # the table beside the chart lists every sector


# The characters json_script escapes, so JSON-LD can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped as ``json_script`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above


class MetroNotFound(LookupError):
    """The requested metro code is not a metro with published data for this track."""


@dataclass
class Chart:
    """One chart card: the Plotly figure, the same numbers as a table and as CSV, and a summary."""

    key: str
    title: str
    summary: str
    figure: dict
    headers: list[str]
    rows: list[list[str]]
    csv_headers: list[str]
    csv_rows: list[list]
    source: str
    notes: list[str] = field(default_factory=list)
    csv_url: str = ""

    @property
    def dom_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def available(self) -> bool:
        return bool(self.rows)


# --------------------------------------------------------------------------------------------------
# Formatting


NOT_AVAILABLE = statistics.NOT_AVAILABLE


def money(value) -> str:
    return statistics.format_dollars(value)


def count(value) -> str:
    return NOT_AVAILABLE if value is None else f"{round(value):,}"


def signed_percent(value) -> str:
    return NOT_AVAILABLE if value is None else statistics.format_percent_change(float(value))


def thousands_to_jobs(value) -> str:
    """Projections are published in thousands: 123.4 -> "123,400"."""
    return NOT_AVAILABLE if value is None else statistics.format_thousands(float(value))


def about_thousand(value: float) -> str:
    """Dollars to the nearest $1,000, halves up, as the pay-by-location sentence rounds them."""
    return money(int((Decimal(str(value)) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 1000)


def vintage_label(release: DataRelease | None) -> str:
    return release.vintage if release is not None else "not loaded"


# --------------------------------------------------------------------------------------------------
# Rows -> the statistics layer's inputs


def distribution(row: dict, code_field: str = "occupation_id") -> statistics.WageDistribution:
    """One ``.values()`` row (WageEstimate or NationalOccupationYear) as a wage distribution."""
    return statistics.WageDistribution.from_values(row, code_key=code_field)


@dataclass
class WageData:
    """The OEWS rows of one track page, sorted into the shapes the statistics layer takes."""

    national: dict[str, dict]  # code -> national cross-industry row
    metro: dict[str, dict[str, dict]]  # area code -> code -> row
    metro_names: dict[str, str]
    metro_totals: dict[str, int]  # all-occupation employment by metro
    metro_rpp: dict[str, float]
    rpp_year: int | None
    sectors: dict[str, dict[str, dict]]  # sector code -> code -> row
    sector_titles: dict[str, str]

    @classmethod
    def from_rows(cls, rows: list[dict]) -> WageData:
        national, metro, sectors = {}, defaultdict(dict), defaultdict(dict)
        names, totals, rpp, titles = {}, {}, {}, {}
        rpp_year = None
        for row in rows:
            code, area, industry = row["occupation_id"], row["area_id"], row["industry_id"]
            if area == data.NATIONAL_AREA:
                if industry == data.CROSS_INDUSTRY:
                    national[code] = row
                else:
                    sectors[industry][code] = row
                    titles[industry] = row["industry__title"]
                continue
            names[area] = row["area__name"]
            if row["rpp"] is not None:
                rpp[area] = float(row["rpp"])
                rpp_year = row["rpp_year"]
            if code == data.ALL_OCCUPATIONS:
                if row["employment"] is not None:
                    totals[area] = row["employment"]
            else:
                metro[area][code] = row
        return cls(national, dict(metro), names, totals, rpp, rpp_year, dict(sectors), titles)


# --------------------------------------------------------------------------------------------------
# Trends: which published codes stand for the track in each survey year


@dataclass
class HistoryPlan:
    rows_by_year: dict[int, list[statistics.WageDistribution]]
    cpi_may: dict[int, float]
    breaks: set[int]
    approximate_years: list[int]
    missing_years: dict[int, list[str]]  # year -> track codes with no counterpart that year
    codes_by_year: dict[int, list[str]]


def plan_history(track_codes, history_rows: list[dict], crosswalk: list[dict]) -> HistoryPlan:
    """Decide, for each survey year, which published codes make up the track (pure).

    SOC 2018 years (2021 on) use the track's codes as they are. Earlier years use the BLS SOC 2010 to
    2018 crosswalk: a published code that the crosswalk lists as a 2010 code stands for the 2018 codes
    it maps to; a broad group published as if detailed (``11-3010``) stands for every code under it;
    any other code (2019-2020 hybrid years) stands for itself. A year is shown only if every
    track code has a counterpart; it is "approximate" if a counterpart also covers work outside the
    track (a split code). Wherever the set of codes changes, or years are missing, the series breaks.
    """
    track = set(track_codes)
    targets_of: dict[str, set[str]] = defaultdict(set)
    for pair in crosswalk:
        targets_of[pair["soc2010_code"]].add(pair["soc2018_code"])
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    cpi: dict[int, float] = {}
    basis: dict[int, str] = {}
    for row in history_rows:
        by_year[row["year"]][row["occ_code"]] = row
        basis[row["year"]] = row.get("soc_basis") or ""
        if row.get("cpi_may") is not None:
            cpi[row["year"]] = float(row["cpi_may"])

    plan = HistoryPlan({}, cpi, set(), [], {}, {})
    previous_year, previous_signature = None, None
    for year in sorted(by_year):
        present = by_year[year]
        is_2018 = "2018" in basis[year] and "2010" not in basis[year]
        contributing, covered, approximate = set(), set(), False
        for code in present:
            if is_2018:
                targets = {code}
            elif code in targets_of:
                targets = targets_of[code]
            elif code.endswith("0"):
                # A broad SOC group published at the lowest level (e.g. 11-3010 in 2019-2020): it holds
                # every detailed code under it, in the 2010 and in the 2018 structure.
                prefix = code[:6]
                targets = {t for old, new in targets_of.items() if old.startswith(prefix) for t in new}
                targets |= {t for t in track if t.startswith(prefix)}
            else:
                targets = {code}
            # A track code may itself be a broad group that OEWS publishes as one line (13-1020).
            targets = {t if t in track or t[:6] + "0" not in track else t[:6] + "0" for t in targets}
            if targets & track:
                contributing.add(code)
                covered |= targets & track
                approximate = approximate or bool(targets - track)
        missing = sorted(track - covered)
        if missing:
            plan.missing_years[year] = missing
            continue
        signature = (frozenset(contributing), approximate)
        if previous_year is not None and (signature != previous_signature or year != previous_year + 1):
            plan.breaks.add(year)
        if approximate:
            plan.approximate_years.append(year)
        plan.rows_by_year[year] = [distribution(present[c], "occ_code") for c in sorted(contributing)]
        plan.codes_by_year[year] = sorted(contributing)
        previous_year, previous_signature = year, signature
    return plan


def year_ranges(years) -> str:
    """[2011, 2012, 2013, 2019] -> "2011–2013, 2019"."""
    years = sorted(years)
    parts, start = [], None
    for i, year in enumerate(years):
        if start is None:
            start = year
        if i + 1 == len(years) or years[i + 1] != year + 1:
            parts.append(str(start) if start == year else f"{start}–{year}")
            start = None
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------------
# Metros


def metro_figures(wages: WageData, track_codes: list[str]) -> list[statistics.MetroTrackFigures]:
    """The track's figures in every metro where it has published employment (pure)."""
    tiers = statistics.metro_tiers(wages.metro_totals)
    national_mix = {
        code: wages.national[code]["employment"]
        for code in track_codes
        if code in wages.national and wages.national[code]["employment"]
    }
    figures = []
    for area, rows in wages.metro.items():
        dists = [distribution(rows[code]) for code in track_codes if code in rows]
        if not any(d.employment for d in dists):
            continue
        figures.append(
            statistics.metro_track_figures(
                area_code=area,
                area_name=wages.metro_names[area],
                distributions=dists,
                rpp=wages.metro_rpp.get(area),
                tier=tiers.get(area, statistics.TIER_SMALLER),
                national_mix=national_mix,
            )
        )
    figures.sort(key=lambda m: m.area_name)
    return figures


# --------------------------------------------------------------------------------------------------
# The page


def _render(text: str, values: dict[str, str]):
    return render_markdown(text or "", values)


def _occupation_title(obj, rows: dict[str, dict]) -> str:
    """The occupation's title from the data rows, else from a loaded relation; never a query."""
    code = obj.occupation_id
    if code in rows:
        return rows[code]["occupation__title"]
    if type(obj).occupation.is_cached(obj):
        return obj.occupation.title
    return code


def track_page_context(
    *,
    track: Track,
    occupations,
    roles,
    industry_notes,
    links,
    metro_code: str | None = None,
    preview: bool = False,
    releases: dict[str, DataRelease] | None = None,
) -> dict:
    """Everything the track page shows, from in-memory editorial objects (which may be unsaved).

    ``links`` are RelatedTrack objects with ``related`` set; when they carry ``related_codes`` (the
    related track's occupation codes, comma-separated, as ``track_page_context_for`` annotates them)
    no extra query is made for the related-track evidence.
    Raises MetroNotFound for a metro code without published data for this track.
    """
    context, panel = _compute(
        track=track,
        occupations=occupations,
        roles=roles,
        industry_notes=industry_notes,
        links=links,
        metro_code=metro_code,
        preview=preview,
        releases=releases,
    )
    return with_metro(context, panel) if panel is not None else context


def _compute(*, track, occupations, roles, industry_notes, links, metro_code, preview, releases):
    """(national context, metro panel or None)."""
    if metro_code is not None and not valid_metro_code(metro_code) and not preview:
        raise MetroNotFound(metro_code)
    if releases is None:
        releases = data.current_releases()
    oews = releases.get(DataRelease.Source.OEWS)
    oews_year = data.survey_year(oews)
    track_codes = sorted({o.occupation_id for o in occupations})
    role_codes = sorted({r.occupation_id for r in roles})
    related_codes = _related_codes(links)
    all_related = sorted({c for codes in related_codes.values() for c in codes} - set(track_codes))

    wage_rows = (
        data.track_wage_rows(
            release_id=oews.pk,
            codes=set(track_codes) | set(role_codes),
            sector_only_codes=all_related,
            oews_year=oews_year,
        )
        if oews is not None
        else []
    )
    wages = WageData.from_rows(wage_rows)
    history_rows = data.track_history_rows(codes=track_codes)
    crosswalk = data.crosswalk_rows(codes=track_codes)
    projections_release = releases.get(DataRelease.Source.PROJECTIONS)
    projections = data.projection_rows(
        release_id=projections_release.pk if projections_release else None, codes=track_codes
    )
    guidance = guidance_rows(page_guidance.guidance_codes(track_codes, roles, related_codes))

    builder = _PageBuilder(
        track=track,
        occupations=list(occupations),
        roles=sorted(roles, key=lambda r: r.order),
        industry_notes=sorted(industry_notes, key=lambda n: n.order),
        links=list(links),
        related_codes=related_codes,
        releases=releases,
        oews_year=oews_year,
        track_codes=track_codes,
        wages=wages,
        history=plan_history(track_codes, history_rows, crosswalk),
        projections=projections,
        guidance_rows=guidance,
        preview=preview,
    )
    context = builder.build()
    panel = None
    if metro_code:
        try:
            panel = builder.metro_panel(metro_code)
        except MetroNotFound:
            if not preview:
                raise
            context["metro_error"] = f"No published figures for a metro with the code “{metro_code}”."
    return context, panel


def _related_codes(links) -> dict[int | str, list[str]]:
    """Related track -> its occupation codes; from the ``related_codes`` annotation when present."""
    codes: dict[int | str, list[str]] = {}
    missing = []
    for link in links:
        key = link.related_id or link.related.slug
        annotated = getattr(link, "related_codes", None)
        if annotated is not None:
            codes[key] = [c for c in annotated.split(",") if c]
        elif link.related_id:
            missing.append(link.related_id)
    if missing:
        for track_id, code in TrackOccupation.objects.filter(track_id__in=missing).values_list(
            "track_id", "occupation_id"
        ):
            codes.setdefault(track_id, []).append(code)
    return codes


def with_metro(context: dict, panel: dict) -> dict:
    """The national context plus one metro's panel (the canonical link stays the track's own page)."""
    return {**context, "metro": panel}


class _PageBuilder:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        self.oews = self.releases.get(DataRelease.Source.OEWS)
        self.oews_label = f"BLS OEWS, {vintage_label(self.oews)}"
        self.charts: dict[str, Chart] = {}

    # -- figures --------------------------------------------------------------------------------

    def national_dists(self, codes):
        return [distribution(self.wages.national[c]) for c in codes if c in self.wages.national]

    def build(self) -> dict:
        track = self.track
        dists = self.national_dists(self.track_codes)
        self.employment = statistics.track_employment(dists) if dists else None
        self.pay = statistics.track_pay(dists) if dists else None
        self.metros = metro_figures(self.wages, self.track_codes)
        self.projection = statistics.projected_change(self.projections) if self.projections else None
        self.location_sentence = statistics.pay_by_location_sentence(self.metros) if self.metros else ""
        values = self.placeholder_values()
        self.values = values

        context = {
            "track": track,
            "preview": self.preview,
            "canonical_path": _track_path(track),
            "canonical_url": f"{settings.SITE_URL}{_track_path(track)}",
            "placeholder_values": values,
            "hero": self.hero(),
            "lede_html": _render(track.lede, values),
            "narrative": [
                {"key": key, "heading": heading, "html": _render(getattr(track, key), values)}
                for key, heading in NARRATIVE_SECTIONS
            ],
            "trend": self.trend(),
            "location": self.location(),
            "changing": self.changing(),
            "ladder": self.ladder(),
            "industries": self.industries(),
            "skills": self.skill_list(),
            "guidance": self.guidance(),
            "related": self.related(),
            "about": self.about(),
            "cta_url": f"{GET_STARTED_PATH}?{urlencode({'track': track.slug})}",
            "credits_html": _render(track.credits, values),
            "metro": None,
        }
        context["charts"] = self.charts
        context["chart_list"] = list(self.charts.values())
        context["jsonld"] = self.jsonld()
        context["jsonld_script"] = ld_json(context["jsonld"])
        return context

    def placeholder_values(self) -> dict[str, str]:
        pay, proj = self.pay, self.projection
        values = {"oews_year": vintage_label(self.oews) if self.oews else ""}
        if pay is not None:
            values.update(
                median_pay=pay.median.display(), pay_p10=pay.p10.display(), pay_p90=pay.p90.display()
            )
        if self.employment is not None:
            values["us_jobs"] = count(self.employment.total)
        if proj is not None:
            values["projected_growth"] = signed_percent(proj.change_percent)
            values["annual_openings"] = thousands_to_jobs(proj.openings_annual)
        tiers = tier_medians(self.metros)
        if statistics.TIER_MID_MARKET in tiers:
            values["metro_pay_low"] = about_thousand(tiers[statistics.TIER_MID_MARKET])
        if statistics.TIER_LARGEST in tiers:
            values["metro_pay_high"] = about_thousand(tiers[statistics.TIER_LARGEST])
        return {k: v for k, v in values.items() if v}

    # -- sections ------------------------------------------------------------------------------

    def hero(self) -> dict:
        projections_release = self.releases.get(DataRelease.Source.PROJECTIONS)
        facts = []
        emp = self.employment
        facts.append(
            {
                "key": "us_jobs",
                "label": "U.S. jobs",
                "value": count(emp.total) if emp else "not available",
                "detail": (
                    f"wage and salary jobs in the track’s {len(self.track_codes)} occupations"
                    + (f"; {emp.suppressed} not published" if emp and emp.suppressed else "")
                ),
                "source": self.oews_label,
            }
        )
        pay = self.pay
        facts.append(
            {
                "key": "median_pay",
                "label": "Median annual pay",
                "value": pay.median.display() if pay else "not available",
                "detail": (
                    f"10th to 90th percentile: {pay.range_display()}" if pay else "no published wages"
                ),
                "source": self.oews_label,
            }
        )
        proj = self.projection
        facts.append(
            {
                "key": "projected_growth",
                "label": "Projected 10-year change in jobs",
                "value": signed_percent(proj.change_percent) if proj else "not available",
                "detail": (
                    f"{proj.base_year}–{proj.proj_year}, about {thousands_to_jobs(proj.openings_annual)} "
                    "openings a year; includes the self-employed"
                    if proj
                    else "no projections for these occupations"
                ),
                "source": f"BLS Employment Projections, {vintage_label(projections_release)}",
            }
        )
        facts.extend(page_guidance.hero_facts(self.track_codes, self.guidance_rows, pay, projections_release))
        return {"facts": facts}

    def trend(self) -> dict:
        history = self.history
        history_release = self.releases.get(DataRelease.Source.OEWS_HISTORY)
        cpi_release = self.releases.get(DataRelease.Source.CPI)
        years = sorted(history.rows_by_year)
        base_year = self.oews_year if self.oews_year in history.cpi_may else (years[-1] if years else None)
        points = (
            statistics.trend_series(history.rows_by_year, history.cpi_may, base_year, history.breaks)
            if years and base_year is not None
            else []
        )
        source = (
            f"BLS OEWS national estimates, May {years[0]} to May {years[-1]} (releases "
            f"{vintage_label(history_release)} and {vintage_label(self.oews)}); BLS CPI-U, "
            f"{vintage_label(cpi_release)}"
            if years
            else "BLS OEWS national estimates"
        )
        notes = []
        if history.breaks:
            notes.append(
                f"The series break before May {_and_list([str(y) for y in sorted(history.breaks)])}: the set "
                "of published occupation codes behind the track changes there (SOC revisions, or years left "
                "out), so the years on either side are not joined."
            )
        if history.missing_years:
            notes.append(
                f"Not shown: May {year_ranges(history.missing_years)}. Those surveys published some of the "
                "track’s occupations only inside broader or combined codes, so a track total would not be "
                "comparable."
            )
        if history.approximate_years:
            notes.append(
                f"May {year_ranges(history.approximate_years)}: some older codes behind these years also "
                "covered work that the 2018 classification puts outside this track, so those totals run high."
            )
        if base_year is not None:
            notes.append(
                f"Constant dollars are May {base_year} dollars, deflated by the CPI-U (U.S. city average, "
                "not seasonally adjusted) of each May."
            )
        employment = self.add_chart_family(
            "employment-trend",
            charts.employment_trend_chart,
            points,
            source=source,
        )
        pay = self.add_chart_family(
            "pay-trend",
            charts.pay_trend_chart,
            points,
            base_year,
            source=source,
        )
        return {"charts": [employment, pay], "notes": notes, "years": years}

    def location(self) -> dict:
        rpp_release = self.releases.get(DataRelease.Source.RPP)
        rpp_year = self.wages.rpp_year
        top = statistics.top_metros_by_jobs(self.metros, n=10)
        furthest = statistics.metros_where_pay_goes_furthest(self.metros, n=10)
        pairing = (
            f"{self.oews_label} wages, adjusted with BEA Regional Price Parities for {rpp_year}, the latest "
            f"BEA publishes ({vintage_label(rpp_release)})"
            if rpp_year
            else f"{self.oews_label}; no BEA Regional Price Parities loaded"
        )
        metro_chart = self.add_chart_family(
            "metro-pay",
            charts.metro_pay_chart,
            top,
            source=pairing,
        )
        furthest_chart = self.add_chart_family(
            "pay-goes-furthest",
            charts.pay_goes_furthest_chart,
            furthest,
            source=pairing,
        )
        left_out = sum(1 for m in self.metros if not m.rankable)
        return {
            "sentence": self.location_sentence,
            "charts": [metro_chart, furthest_chart],
            "rpp_year": rpp_year,
            "oews_vintage": vintage_label(self.oews),
            "metro_options": [
                {"code": m.area_code, "name": m.area_name}
                for m in sorted(self.metros, key=lambda m: m.area_name)
            ],
            "metro_codes": {m.area_code for m in self.metros},
            "metro_count": len(self.metros),
            "left_out": left_out,
            "rule": (
                f"A metro is ranked only where at least {statistics.MIN_PUBLISHED_SHARE:.0%} of the track’s "
                f"national employment mix has published wages and the track has at least "
                f"{statistics.MIN_METRO_EMPLOYMENT:,} jobs; {left_out} of {len(self.metros)} metros fall "
                "short and are left out of the ranking."
            ),
            "tier_rule": (
                f"Metro tiers rank metros by total employment, all occupations: the "
                f"{statistics.LARGEST_METROS_COUNT} largest are “largest”, the next "
                f"{statistics.MID_MARKET_COUNT} “mid-market”, the rest “smaller”."
            ),
        }

    def changing(self) -> dict:
        release = self.releases.get(DataRelease.Source.PROJECTIONS)
        rows = [
            {
                "occ_code": r["occ_code"],
                "occ_title": r["occ_title"],
                "employment_base": float(r["employment_base"]),
                "employment_projected": float(r["employment_projected"]),
                "change": float(r["change"]),
                "change_percent": float(r["change_percent"]),
                "openings_annual": float(r["openings_annual"]),
            }
            for r in self.projections
        ]
        proj = self.projection
        source = (
            f"BLS Employment Projections, {vintage_label(release)} (thousands of jobs, including the "
            "self-employed, unlike the OEWS figures elsewhere on this page)"
        )
        chart = self.add_chart_family(
            "projections",
            charts.projection_chart,
            rows,
            source=source,
        )
        missing = sorted(set(self.track_codes) - {r["occ_code"] for r in rows})
        return {
            "summary": proj,
            "facts": (
                {
                    "base": thousands_to_jobs(proj.employment_base),
                    "projected": thousands_to_jobs(proj.employment_projected),
                    "change": thousands_to_jobs(proj.change),
                    "change_percent": signed_percent(proj.change_percent),
                    "openings": thousands_to_jobs(proj.openings_annual),
                }
                if proj
                else None
            ),
            "chart": chart,
            "missing": missing,
            "html": _render(self.track.changing, self.values),
            "source": source,
        }

    def rungs(self, rows_by_code: dict[str, dict]) -> list[dict]:
        rungs = []
        for role in self.roles:
            row = rows_by_code.get(role.occupation_id)
            title = _occupation_title(role, {**self.wages.national, **rows_by_code})
            band_label = Role.PayBand(role.pay_band).label if role.pay_band in Role.PayBand.values else ""
            if row is not None:
                low, high = statistics.occupation_pay_band(distribution(row), role.pay_band)
            else:
                low = high = statistics.UNKNOWN
            rungs.append(
                {
                    "title": role.title,
                    "level": role.level,
                    "level_label": Role.Level(role.level).label if role.level in Role.Level.values else "",
                    "occupation_code": role.occupation_id,
                    "occupation_title": title,
                    "band": role.pay_band,
                    "band_label": f"{band_label} of {title}",
                    "low": low,
                    "high": high,
                    "band_display": _band_display(low, high),
                }
            )
        return rungs

    def ladder(self) -> dict:
        rungs = self.rungs(self.wages.national)
        for rung, role in zip(rungs, self.roles, strict=True):
            rung["work_html"] = _render(role.work, self.values)
            rung["move_up_html"] = _render(role.move_up, self.values)
            rung.update(
                page_guidance.rung_extras(
                    role, self.guidance_rows, self.wages.national.get(role.occupation_id)
                )
            )
        chart = self.add_chart_family(
            "ladder",
            charts.ladder_chart,
            rungs,
            source=f"{self.oews_label}, national, each rung’s band from the occupation it maps to",
        )
        return {"rungs": rungs, "chart": chart}

    def sector_distributions(self, codes) -> dict[str, list]:
        return {
            sector: [distribution(rows[c]) for c in codes if c in rows]
            for sector, rows in self.wages.sectors.items()
        }

    def industries(self) -> dict:
        shares = statistics.industry_shares(
            self.sector_distributions(self.track_codes), self.wages.sector_titles
        )
        shares = [s for s in shares if s.employment > 0]
        self.shares = shares
        drawn = shares[:INDUSTRY_CHART_SECTORS]
        notes = []
        if len(shares) > len(drawn):
            notes.append(
                f"The chart shows the {len(drawn)} sectors with the most of the track’s jobs; the table and "
                f"the download list all {len(shares)}."
            )
        chart = self.add_chart_family(
            "industries",
            charts.industry_chart,
            shares,
            figure_args=(drawn,),
            source=f"{self.oews_label}, national estimates by industry (20 NAICS sectors)",
            notes=notes,
        )
        by_code = {s.code: s for s in shares}
        notes = []
        for note in self.industry_notes:
            share = by_code.get(note.industry_id)
            notes.append(
                {
                    "code": note.industry_id,
                    "title": charts.clean_sector_title(
                        self.wages.sector_titles.get(note.industry_id) or _industry_title(note)
                    ),
                    "html": _render(note.note, self.values),
                    "share": f"{share.share:.1%}" if share else None,
                    "median": share.median.display() if share else None,
                }
            )
        return {"chart": chart, "notes": notes}

    def profile(self, codes) -> dict[str, float]:
        """Skills and knowledge, employment-weighted (borrowed ratings included; see salaries.guidance)."""
        return page_guidance.combined_profile(codes, self.guidance_rows)

    def titles(self) -> dict[str, str]:
        titles = {o.occupation_id: _occupation_title(o, self.wages.national) for o in self.occupations}
        titles.update({r.occupation_id: _occupation_title(r, self.wages.national) for r in self.roles})
        return titles

    def skill_list(self) -> dict:
        self.track_profile = self.profile(self.track_codes)
        self.apart = page_guidance.apart(self.track_codes, self.guidance_rows, self.titles())
        onet = self.releases.get(DataRelease.Source.ONET)
        return {
            **self.apart,
            "source": f"O*NET {vintage_label(onet)} importance ratings (1 to 5), weighted by "
            f"{self.oews_label} employment; the average job weights every occupation the same way",
        }

    def guidance(self) -> dict:
        onet = self.releases.get(DataRelease.Source.ONET)
        projections = self.releases.get(DataRelease.Source.PROJECTIONS)
        rows = self.guidance_rows
        return {
            "technology": page_guidance.technology(self.track_codes, self.roles, rows, self.titles()),
            "technology_source": f"O*NET {vintage_label(onet)} Technology Skills (hot and in-demand "
            f"technologies), weighted by {self.oews_label} employment",
            "training": page_guidance.track_training(self.track_codes, rows),
            "training_rungs": [
                {
                    "title": role.title,
                    "sentence": page_guidance.training_for(role.occupation_id, rows).sentence,
                }
                for role in self.roles
            ],
            "training_source": f"BLS Employment Projections {vintage_label(projections)} and O*NET "
            f"{vintage_label(onet)} job zones",
            "hourly": page_guidance.hourly(self.track_codes, rows, self.pay),
            "pay_note": page_guidance.PAY_NOTE,
            "pay_note_source": page_guidance.PAY_NOTE_SOURCE,
            "composition": self.track.composition_note,
            "similarity_meaning": page_guidance.SIMILARITY_MEANING,
        }

    def industry_mix(self, codes) -> dict[str, float]:
        """Sector -> the codes' published national employment there (overlap normalises the shares)."""
        mix = {
            sector: statistics.track_employment(dists).total
            for sector, dists in self.sector_distributions(codes).items()
        }
        return {sector: jobs for sector, jobs in mix.items() if jobs}

    def related(self) -> dict:
        own_mix = {s.code: s.share for s in self.shares}
        groups = {RelatedTrack.Kind.SKILLS_TRANSFER: [], RelatedTrack.Kind.TEAMS_COLLABORATE: []}
        for link in sorted(self.links, key=lambda link: (link.kind, link.order)):
            related = link.related
            codes = self.related_codes.get(link.related_id or related.slug, [])
            mix = self.industry_mix(codes) if codes else {}
            evidence = []
            similarity = page_guidance.link_evidence(self.track_profile, codes, self.guidance_rows)
            if similarity is not None:
                evidence.append(
                    f"What sets the two apart matches {similarity['score']} out of 100 "
                    f"({page_guidance.SIMILARITY_MEANING})"
                    + (
                        f"; both need more {_and_list(similarity['shared'])} than the average job"
                        if similarity["shared"]
                        else ""
                    )
                )
            if mix and own_mix:
                overlap = statistics.industry_overlap(own_mix, mix)
                evidence.append(f"{overlap:.0%} overlap in the industries that employ them")
            groups.setdefault(link.kind, []).append(
                {
                    "name": related.name,
                    "url": _track_path(related),
                    "note": link.note,
                    "evidence": evidence,
                }
            )
        onet = self.releases.get(DataRelease.Source.ONET)
        return {
            "skills": groups[RelatedTrack.Kind.SKILLS_TRANSFER],
            "teams": groups[RelatedTrack.Kind.TEAMS_COLLABORATE],
            "source": f"O*NET {vintage_label(onet)} skill and knowledge ratings (each track against the "
            f"average job) and {self.oews_label} jobs by industry",
        }

    def about(self) -> dict:
        occupations = []
        for membership in sorted(self.occupations, key=lambda o: o.occupation_id):
            row = self.wages.national.get(membership.occupation_id)
            occupations.append(
                {
                    "code": membership.occupation_id,
                    "title": _occupation_title(membership, self.wages.national),
                    "note": membership.note,
                    "employment": count(row["employment"]) if row and row["employment"] else "not published",
                    "median": distribution(row).quantile("p50").display() if row else NOT_AVAILABLE,
                }
            )
        sources = [
            {"name": release.get_source_display(), "vintage": release.vintage, "file": release.source_file}
            for release in sorted(self.releases.values(), key=lambda r: r.source)
        ]
        return {
            "occupations": occupations,
            "sources": sources,
            "oews_vintage": self.oews_label,
            "method_notes": self.method_notes(),
        }

    def method_notes(self) -> list[str]:
        notes = []
        pay, emp = self.pay, self.employment
        if emp is not None:
            notes.append(
                f"U.S. jobs add up the published employment of the track’s {emp.published} occupations"
                + (f"; {emp.suppressed} had no published employment" if emp.suppressed else "")
                + ". OEWS counts wage and salary jobs, not the self-employed."
            )
        if pay is not None:
            left_out = (
                f" ({pay.occupations_left_out} left out for lack of published annual wages)"
                if pay.occupations_left_out
                else ""
            )
            notes.append(
                f"Track pay is read off the pooled pay distribution of {pay.occupations_used} occupations"
                f"{left_out}, each weighted by its employment; it is not an average of the occupations’ "
                f"medians. Wages of {statistics.TOP_CODE_DISPLAY} are shown as such, never as a number."
            )
        if self.wages.rpp_year:
            notes.append(
                f"Price-adjusted pay divides pay by the metro’s BEA Regional Price Parity for "
                f"{self.wages.rpp_year} (U.S. = 100), the latest year BEA publishes, paired with "
                f"{vintage_label(self.oews)} pay."
            )
        notes.append(
            "Projections come from a different BLS program, in thousands of jobs and including the "
            "self-employed, so they are never added to the OEWS job counts."
        )
        return notes

    # -- metro panel ---------------------------------------------------------------------------

    def metro_panel(self, metro_code: str) -> dict:
        figures = {m.area_code: m for m in self.metros}
        metro = figures.get(metro_code)
        if metro is None:
            raise MetroNotFound(metro_code)
        rows = self.wages.metro.get(metro_code, {})
        dists = [distribution(rows[c]) for c in self.track_codes if c in rows]
        pay = statistics.track_pay(dists)
        employment = statistics.track_employment(dists)
        occupations = []
        for code in self.track_codes:
            row = rows.get(code)
            occupations.append(
                {
                    "code": code,
                    "title": self.wages.national.get(code, {}).get("occupation__title", code),
                    "employment": count(row["employment"]) if row and row["employment"] else "not published",
                    "median": distribution(row).quantile("p50").display() if row else NOT_AVAILABLE,
                }
            )
        national = self.pay.median.value if self.pay else None
        return {
            "code": metro.area_code,
            "name": metro.area_name,
            "tier": metro.tier,
            "tier_label": metro.tier_label,
            "rankable": metro.rankable,
            "employment": count(employment.total),
            "suppressed": employment.suppressed,
            "median": pay.median.display(),
            "range": pay.range_display(),
            "rpp": f"{metro.rpp:.1f}" if metro.rpp is not None else None,
            "rpp_year": self.wages.rpp_year,
            "adjusted_median": money(metro.adjusted_median) if metro.adjusted_median is not None else None,
            "vs_national": (
                signed_percent((pay.median.value / national - 1) * 100)
                if pay.median.value is not None and national
                else None
            ),
            "occupations": occupations,
            "rungs": self.rungs(rows),
            "source": self.oews_label,
        }

    # -- helpers -------------------------------------------------------------------------------

    def add_chart_family(self, key, figure_builder, *args, source, figure_args=None, notes=None) -> Chart:
        """Add a chart from one ``salaries.charts`` family: ``<name>_chart`` (given as
        ``figure_builder``) and its ``<name>_table``, ``<name>_csv`` and ``<name>_summary`` siblings,
        all called with ``args`` (the figure with ``figure_args`` instead, when it draws a subset)."""
        name = figure_builder.__name__.removesuffix("_chart")
        sibling = {part: getattr(charts, f"{name}_{part}") for part in ("table", "csv", "summary")}
        return self.add_chart(
            key,
            figure_builder(*(figure_args if figure_args is not None else args)),
            sibling["table"](*args),
            sibling["csv"](*args),
            summary=sibling["summary"](*args),
            source=source,
            notes=notes,
        )

    def add_chart(self, key, figure, table, csv, *, summary, source, notes=None) -> Chart:
        headers, rows = table
        csv_headers, csv_rows = csv
        chart = Chart(
            key=key,
            title=figure["layout"]["title"]["text"],
            summary=summary,
            figure=figure,
            headers=headers,
            rows=rows,
            csv_headers=csv_headers,
            csv_rows=csv_rows,
            source=source,
            notes=list(notes or []),
            csv_url=""
            if self.preview
            else reverse("tracks:chart_csv", kwargs={"slug": self.track.slug, "chart": key}),
        )
        self.charts[key] = chart
        return chart

    def jsonld(self) -> dict:
        track = self.track
        doc = {
            "@context": "https://schema.org",
            "@type": "Occupation",
            "name": track.name,
            "description": track.meta_description,
            "url": f"{settings.SITE_URL}{_track_path(track)}",
            "occupationLocation": [{"@type": "Country", "name": "United States"}],
            "occupationalCategory": [
                {
                    "@type": "CategoryCode",
                    "codeValue": o["code"],
                    "name": o["title"],
                    "inCodeSet": "https://www.bls.gov/soc/2018/",
                }
                for o in self.about()["occupations"]
            ],
        }
        pay = self.pay
        if pay is not None:
            salary = {
                "@type": "MonetaryAmountDistribution",
                "name": f"Annual pay, {self.oews_label}",
                "currency": "USD",
                "duration": "P1Y",
            }
            for key, quantile in (
                ("percentile10", pay.p10),
                ("percentile25", pay.p25),
                ("median", pay.median),
                ("percentile75", pay.p75),
                ("percentile90", pay.p90),
            ):
                if quantile.value is not None:
                    salary[key] = round(quantile.value)
            doc["estimatedSalary"] = [salary]
        if self.apart["skills"]:
            doc["skills"] = [item["name"] for item in self.apart["skills"][:TOP_SKILLS]]
        return doc


def _industry_title(note) -> str:
    """The sector's title from a loaded relation (never a query), else its code."""
    if type(note).industry.is_cached(note):
        return note.industry.title
    return note.industry_id


def _band_display(low, high) -> str:
    if low.value is None and high.value is None and not (low.top_coded or high.top_coded):
        return "not available"
    if low.top_coded:
        return low.display()
    return f"{low.display()} to {high.display()}"


def _and_list(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _track_path(track) -> str:
    return reverse("tracks:detail", kwargs={"slug": track.slug})


def tier_medians(metros) -> dict[str, float]:
    """The middle metro median of each tier, over the metros the location sentence compares (ranked,
    with a known median and a price parity): the figures behind [[metro_pay_low]]/[[metro_pay_high]]."""
    by_tier = defaultdict(list)
    for m in metros:
        if m.rankable and m.median.known and m.adjusted_median is not None:
            by_tier[m.tier].append(m.median.value)
    result = {}
    for tier, values in by_tier.items():
        values.sort()
        mid = len(values) // 2
        result[tier] = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return result


# --------------------------------------------------------------------------------------------------
# Saved tracks, cached per data release


def _cache_key(track: Track, fingerprint: str, catalogue: str, metro_code: str | None) -> str:
    updated = track.updated_at.isoformat() if track.updated_at else "-"
    return f"track-page:{CACHE_VERSION}:{fingerprint}:{catalogue}:{track.pk}:{updated}:{metro_code or '-'}"


def published_track(slug: str) -> Track:
    """The published track with this slug, annotated with the catalogue version (one query).

    The catalogue version (latest ``updated_at`` of any track) is part of the cache key, so renaming or
    unpublishing a related track refreshes the pages that link to it.
    """
    return Track.objects.published().annotate(catalogue_version=_catalogue_version_subquery()).get(slug=slug)


def _catalogue_version_subquery():
    return Subquery(Track.objects.order_by("-updated_at").values("updated_at")[:1])


def valid_metro_code(metro_code: str | None) -> bool:
    return bool(metro_code) and bool(METRO_CODE_RE.match(metro_code))


def track_page_context_for(track: Track, metro_code: str | None = None) -> dict:
    """The page context of a saved track, cached per data release, track version and metro.

    Raises MetroNotFound for a malformed metro code or one without published data for this track.
    """
    if metro_code is not None and not valid_metro_code(metro_code):
        raise MetroNotFound(metro_code)
    releases = data.current_releases()
    fingerprint = data.releases_fingerprint(releases)
    catalogue = getattr(track, "catalogue_version", None)
    if catalogue is None:
        catalogue = Track.objects.aggregate(latest=Max("updated_at"))["latest"]
    catalogue = catalogue.isoformat() if catalogue else "-"
    national_key = _cache_key(track, fingerprint, catalogue, None)
    key = _cache_key(track, fingerprint, catalogue, metro_code)
    # A metro view is the national context plus a small panel, cached on its own: the national
    # context is stored once per track, never once per metro.
    national = cache.get(national_key)
    if national is not None:
        if not metro_code:
            return national
        if metro_code not in national["location"]["metro_codes"]:
            raise MetroNotFound(metro_code)
        panel = cache.get(f"{key}:panel")
        if panel is not None:
            return {**with_metro(national, panel), "cache_key": key}
    links = list(
        RelatedTrack.objects.filter(track=track, related__status=Track.Status.PUBLISHED)
        .select_related("related")
        .annotate(
            related_codes=StringAgg(
                "related__occupations__occupation_id", delimiter=Value(","), default=Value("")
            )
        )
        .order_by("kind", "order")
    )
    national_context, panel = _compute(
        track=track,
        occupations=list(track.occupations.select_related("occupation")),
        roles=list(track.roles.select_related("occupation")),
        industry_notes=list(track.industries.select_related("industry")),
        links=links,
        metro_code=metro_code,
        preview=False,
        releases=releases,
    )
    national_context["cache_key"] = national_key
    cache.set(national_key, national_context, CACHE_SECONDS)
    if panel is None:
        return national_context
    cache.set(f"{key}:panel", panel, CACHE_SECONDS)
    return {**with_metro(national_context, panel), "cache_key": key}


# --------------------------------------------------------------------------------------------------
# All published tracks, for the home page


@dataclass(frozen=True)
class TrackSummary:
    slug: str
    name: str
    title: str
    url: str
    description: str
    occupation_titles: tuple[str, ...]
    codes: tuple[str, ...]
    median: statistics.Quantile | None
    jobs: int | None
    growth: float | None
    composition_note: str = ""  # the editors' note on shared / stand-in occupations (issue 11)

    @property
    def median_display(self) -> str:
        return self.median.display() if self.median is not None else "not available"

    @property
    def jobs_display(self) -> str:
        return count(self.jobs)

    @property
    def growth_display(self) -> str:
        return statistics.format_percent_change(self.growth) if self.growth is not None else "not available"


def track_summaries() -> dict:
    """Every published track with its national median pay, U.S. jobs and projected growth.

    Four queries (releases, tracks with their codes, national OEWS rows, projections), cached per data
    release and catalogue version: {"tracks": [...], "oews": vintage, "projections": vintage}.
    """
    releases = data.current_releases()
    tracks = list(
        Track.objects.published()
        .annotate(codes=StringAgg("occupations__occupation_id", delimiter=Value(","), default=Value("")))
        .order_by("name")
    )
    catalogue = max((t.updated_at for t in tracks), default=None)
    key = (
        f"track-summaries:{CACHE_VERSION}:{data.releases_fingerprint(releases)}:"
        f"{catalogue.isoformat() if catalogue else '-'}:{len(tracks)}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    oews = releases.get(DataRelease.Source.OEWS)
    projections_release = releases.get(DataRelease.Source.PROJECTIONS)
    codes_by_track = {t.pk: sorted({c for c in t.codes.split(",") if c}) for t in tracks}
    all_codes = sorted({c for codes in codes_by_track.values() for c in codes})
    national = (
        {r["occupation_id"]: r for r in data.national_wage_rows(release_id=oews.pk, codes=all_codes)}
        if oews is not None
        else {}
    )
    projections = {
        r["occ_code"]: r
        for r in data.projection_rows(
            release_id=projections_release.pk if projections_release else None, codes=all_codes
        )
    }
    summaries = []
    for track in tracks:
        codes = codes_by_track[track.pk]
        dists = [distribution(national[c]) for c in codes if c in national]
        pay = statistics.track_pay(dists) if dists else None
        employment = statistics.track_employment(dists) if dists else None
        rows = [projections[c] for c in codes if c in projections]
        growth = statistics.projected_change(rows).change_percent if rows else None
        summaries.append(
            TrackSummary(
                slug=track.slug,
                name=track.name,
                title=track.title,
                url=_track_path(track),
                description=track.meta_description,
                occupation_titles=tuple(national[c]["occupation__title"] for c in codes if c in national),
                codes=tuple(codes),
                median=pay.median if pay else None,
                jobs=employment.total if employment and employment.published else None,
                growth=growth,
                composition_note=track.composition_note,
            )
        )
    result = {
        "tracks": summaries,
        "oews": vintage_label(oews),
        "projections": vintage_label(projections_release),
    }
    cache.set(key, result, CACHE_SECONDS)
    return result


SORTS = {
    "name": lambda s: s.name.casefold(),
    "pay": lambda s: s.median.value if s.median is not None and s.median.known else None,
    "jobs": lambda s: s.jobs,
    "growth": lambda s: s.growth,
}
DEFAULT_SORT = "name"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """ "pay" -> ("pay", ascending), "-pay" -> ("pay", descending). Anything unknown: by name, A to Z."""
    value = (value or "").strip()
    descending = value.startswith("-")
    name = value[1:] if descending else value
    if name not in SORTS:
        return DEFAULT_SORT, False
    return name, descending


def sort_tracks(summaries, sort: str, descending: bool) -> list[TrackSummary]:
    """Sort by a figure; tracks without that figure always come last."""
    key = SORTS[sort]
    known = [s for s in summaries if key(s) is not None]
    unknown = [s for s in summaries if key(s) is None]
    known.sort(key=lambda s: (key(s), s.name.lower()), reverse=descending)
    return known + sorted(unknown, key=lambda s: s.name.lower())


def search_tracks(summaries, query: str) -> list[TrackSummary]:
    """Tracks whose name, description or occupations match ``query``, or that contain an occupation
    with a matching O*NET job title (one query)."""
    from salaries.models import AlternateTitle

    needle = query.casefold()
    title_codes = set(
        AlternateTitle.objects.filter(title__icontains=query)
        .values_list("onet_occupation__soc_code", flat=True)
        .distinct()[:500]
    )
    return [
        s
        for s in summaries
        if needle in s.name.casefold()
        or needle in s.description.casefold()
        or any(needle in title.casefold() for title in s.occupation_titles)
        or title_codes.intersection(s.codes)
    ]

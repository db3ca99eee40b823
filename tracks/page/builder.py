"""The track page, assembled in one pass from the federal data and the track's editorial parts.

``track_page_context`` works on in-memory instances (possibly unsaved: the admin preview calls it with
the editor's unsaved form data). Public requests never call it: ``tracks.page.snapshots`` calls
:func:`build_track_page` when the data or the catalogue changes and stores the result. Figures come from
``salaries.statistics`` and figure dicts from ``salaries.charts`` (pure functions); this module gathers
rows, calls them and labels the results.

Query budget: the releases and one query each for OEWS estimates, history, the SOC crosswalk,
projections and the derived guidance rows (``SocGuidance``: skills, knowledge, technology, training,
hourly; see ``tracks.guidance``), whatever the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString

from pages.charts.families import Chart, chart_card
from pages.formatting import hourly_display
from pages.jsonld import ld_json
from pages.sentences import pay_by_location_sentence
from salaries import selectors as data
from salaries.guidance_selectors import guidance_rows
from salaries.models import DataRelease
from salaries.statistics.industries import clean_sector_title, industry_overlap, industry_shares
from salaries.statistics.location import (
    LARGEST_METROS_COUNT,
    MID_MARKET_COUNT,
    MIN_METRO_EMPLOYMENT,
    MIN_PUBLISHED_SHARE,
    TIER_LARGEST,
    TIER_MID_MARKET,
    metros_where_pay_goes_furthest,
    top_metros_by_jobs,
)
from salaries.statistics.mixture import occupation_pay_band, track_employment, track_pay
from salaries.statistics.projections import projected_change
from salaries.statistics.trends import trend_series
from salaries.statistics.wages import TOP_CODE_DISPLAY, UNKNOWN, Quantile
from tracks import guidance as page_guidance
from tracks.markdown import render_markdown
from tracks.models import RelatedTrack, Role, Track, TrackOccupation
from tracks.page.data import WageData, distribution, metro_distributions, metro_figures
from tracks.page.formatting import (
    NOT_AVAILABLE,
    about_thousand,
    count,
    money,
    signed_percent,
    thousands_to_jobs,
    vintage_label,
)
from tracks.page.history import HistoryPlan, plan_history, year_ranges
from tracks.page.jsonld import track_jsonld

GET_STARTED_PATH = "/get-started/"  # the Get Started flow reads ?track=<slug>
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


class MetroNotFound(LookupError):
    """The requested metro code is not a metro with published data for this track."""

    def __init__(self, metro_code, track=None):
        super().__init__(metro_code)
        self.track = track


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


@dataclass
class TrackPage:
    """Everything the track page template shows (its context names are this class's fields).

    Built in one pass by :func:`build_track_page`; a metro view is the same page with ``metro`` set to
    one panel (:meth:`with_metro`).
    """

    track: Track
    preview: bool
    canonical_path: str
    canonical_url: str
    placeholder_values: dict[str, str]
    hero: dict
    lede_html: SafeString
    narrative: list[dict]
    trend: dict
    location: dict
    changing: dict
    ladder: dict
    industries: dict
    skills: dict
    guidance: dict
    related: dict
    about: dict
    cta_url: str
    credits_html: SafeString
    charts: dict[str, Chart]
    chart_list: list[Chart]
    jsonld: dict
    jsonld_script: SafeString
    metro: dict | None = None
    metro_error: str = ""
    # A stored page's <article>, pre-rendered (``tracks.page.render``); empty: the template renders it.
    body_html: SafeString | str = ""
    body_fingerprint: str = ""

    def as_context(self) -> dict:
        """The template context (a shallow dict of the fields)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def with_track_text(self, track: Track) -> TrackPage:
        """The page with the text written in the track's own row (lede, narrative, outlook, credits and
        the JSON-LD's name and description) rendered from ``track`` as it is now: Markdown only, with
        the placeholder values stored in the page, never a figure."""
        text = track_text(track, self.placeholder_values)
        jsonld = {**self.jsonld, "name": track.name, "description": track.meta_description}
        return replace(
            self,
            track=track,
            body_html="",
            lede_html=text["lede_html"],
            narrative=text["narrative"],
            credits_html=text["credits_html"],
            changing={**self.changing, "html": text["changing_html"]},
            jsonld=jsonld,
            jsonld_script=ld_json(jsonld),
        )

    def with_metro(self, panel: dict) -> TrackPage:
        """The national page plus one metro's panel (the canonical link stays the track's own page)."""
        return replace(self, metro=panel, body_html="")

    @property
    def metro_codes(self) -> set[str]:
        return self.location["metro_codes"]


def track_text(track: Track, values: dict[str, str]) -> dict:
    """The track row's Markdown fields as HTML, placeholders filled from ``values``."""
    return {
        "lede_html": _render(track.lede, values),
        "narrative": [
            {"key": key, "heading": heading, "html": _render(getattr(track, key), values)}
            for key, heading in NARRATIVE_SECTIONS
        ],
        "changing_html": _render(track.changing, values),
        "credits_html": _render(track.credits, values),
    }


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
    related track's occupation codes, comma-separated) no extra query is made for the related-track
    evidence. Raises MetroNotFound for a metro code without published data for this track (in a
    preview the page says so instead).
    """
    builder = page_builder(
        track=track,
        occupations=occupations,
        roles=roles,
        industry_notes=industry_notes,
        links=links,
        preview=preview,
        releases=releases,
    )
    page = builder.build()
    if metro_code:
        try:
            page = page.with_metro(builder.metro_panel(metro_code))
        except MetroNotFound:
            if not preview:
                raise
            page.metro_error = f"No published figures for a metro with the code “{metro_code}”."
    return page.as_context()


def page_builder(
    *, track, occupations, roles, industry_notes, links, preview=False, releases=None, every_metro=False
) -> PageBuilder:
    """Read the rows one track page needs (six queries, or five given ``releases``) into a builder.

    ``every_metro``: every metro's panel will be built (a snapshot build), so each metro's pooled pay is
    solved once up front and shared by its ranking figures and its panel."""
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
    history_rows = data.track_history_rows(codes=track_codes)
    crosswalk = data.crosswalk_rows(codes=track_codes)
    projections_release = releases.get(DataRelease.Source.PROJECTIONS)
    projections = data.projection_rows(
        release_id=projections_release.pk if projections_release else None, codes=track_codes
    )
    guidance = guidance_rows(page_guidance.guidance_codes(track_codes, roles, related_codes))
    return PageBuilder(
        track=track,
        occupations=list(occupations),
        roles=sorted(roles, key=lambda r: r.order),
        industry_notes=sorted(industry_notes, key=lambda n: n.order),
        links=list(links),
        related_codes=related_codes,
        releases=releases,
        oews_year=oews_year,
        track_codes=track_codes,
        wages=WageData.from_rows(wage_rows),
        history=plan_history(track_codes, history_rows, crosswalk),
        projections=projections,
        guidance_rows=guidance,
        preview=preview,
        every_metro=every_metro,
    )


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


class PageBuilder:
    """Builds a :class:`TrackPage` (``build``) and its metro panels (``metro_panel``) from rows read
    once. Every figure the sections share is computed in ``__init__``; the sections only read them."""

    def __init__(
        self,
        *,
        track: Track,
        occupations: list,
        roles: list,
        industry_notes: list,
        links: list,
        related_codes: dict,
        releases: dict[str, DataRelease],
        oews_year: int | None,
        track_codes: list[str],
        wages: WageData,
        history: HistoryPlan,
        projections: list[dict],
        guidance_rows: dict[str, dict],
        preview: bool,
        every_metro: bool = False,
    ):
        self.track = track
        self.occupations = occupations
        self.roles = roles
        self.industry_notes = industry_notes
        self.links = links
        self.related_codes = related_codes
        self.releases = releases
        self.oews_year = oews_year
        self.track_codes = track_codes
        self.wages = wages
        self.history = history
        self.projections = projections
        self.guidance_rows = guidance_rows
        self.preview = preview
        self.oews = releases.get(DataRelease.Source.OEWS)
        self.oews_label = f"BLS OEWS, {vintage_label(self.oews)}"
        # The figures several sections share, computed once, before any section.
        dists = self.national_dists(track_codes)
        self.employment = track_employment(dists) if dists else None
        self.pay = track_pay(dists) if dists else None
        self.metro_dists = metro_distributions(wages, track_codes)
        self.metro_pays = (
            {area: track_pay(dists) for area, dists in self.metro_dists.items()} if every_metro else {}
        )
        self.metros = metro_figures(wages, track_codes, dists=self.metro_dists, pays=self.metro_pays)
        self.metros_by_code = {m.area_code: m for m in self.metros}
        self.projection = projected_change(projections) if projections else None
        self.location_sentence = pay_by_location_sentence(self.metros) if self.metros else ""
        self.shares = [
            s
            for s in industry_shares(self.sector_distributions(track_codes), wages.sector_titles)
            if s.employment > 0
        ]
        self.track_profile = self.profile(track_codes)
        self.apart = page_guidance.apart(track_codes, guidance_rows, self.titles())
        self.values = self.placeholder_values()
        self.shows_hourly = page_guidance.hourly(track_codes, guidance_rows, self.pay)["shows"]

    # -- figures --------------------------------------------------------------------------------

    def national_dists(self, codes):
        return [distribution(self.wages.national[c]) for c in codes if c in self.wages.national]

    def build(self) -> TrackPage:
        """The national page. Each section adds its chart cards to ``charts`` (in page order)."""
        track, values = self.track, self.values
        charts_by_key: dict[str, Chart] = {}
        trend = self.trend(charts_by_key)
        location = self.location(charts_by_key)
        changing = self.changing(charts_by_key)
        ladder = self.ladder(charts_by_key)
        industries = self.industries(charts_by_key)
        about = self.about()
        path = _track_path(track)
        jsonld = track_jsonld(
            name=track.name,
            description=track.meta_description,
            path=path,
            occupations=about["occupations"],
            pay=self.pay,
            pay_source=self.oews_label,
            skills=[item["name"] for item in self.apart["skills"][:TOP_SKILLS]],
        )
        text = track_text(track, values)
        return TrackPage(
            track=track,
            preview=self.preview,
            canonical_path=path,
            canonical_url=f"{settings.SITE_URL}{path}",
            placeholder_values=values,
            hero=self.hero(),
            lede_html=text["lede_html"],
            narrative=text["narrative"],
            trend=trend,
            location=location,
            changing=changing,
            ladder=ladder,
            industries=industries,
            skills=self.skill_list(),
            guidance=self.guidance(),
            related=self.related(),
            about=about,
            cta_url=f"{GET_STARTED_PATH}?{urlencode({'track': track.slug})}",
            credits_html=text["credits_html"],
            charts=charts_by_key,
            chart_list=list(charts_by_key.values()),
            jsonld=jsonld,
            jsonld_script=ld_json(jsonld),
        )

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
        if TIER_MID_MARKET in tiers:
            values["metro_pay_low"] = about_thousand(tiers[TIER_MID_MARKET])
        if TIER_LARGEST in tiers:
            values["metro_pay_high"] = about_thousand(tiers[TIER_LARGEST])
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

    def trend(self, charts_by_key: dict[str, Chart]) -> dict:
        history = self.history
        history_release = self.releases.get(DataRelease.Source.OEWS_HISTORY)
        cpi_release = self.releases.get(DataRelease.Source.CPI)
        years = sorted(history.rows_by_year)
        base_year = self.oews_year if self.oews_year in history.cpi_may else (years[-1] if years else None)
        points = (
            trend_series(history.rows_by_year, history.cpi_may, base_year, history.breaks)
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
            charts_by_key,
            "employment-trend",
            "employment_trend",
            points,
            source=source,
        )
        pay = self.add_chart_family(
            charts_by_key,
            "pay-trend",
            "pay_trend",
            points,
            base_year,
            source=source,
        )
        return {"charts": [employment, pay], "notes": notes, "years": years}

    def location(self, charts_by_key: dict[str, Chart]) -> dict:
        rpp_release = self.releases.get(DataRelease.Source.RPP)
        rpp_year = self.wages.rpp_year
        top = top_metros_by_jobs(self.metros, n=10)
        furthest = metros_where_pay_goes_furthest(self.metros, n=10)
        pairing = (
            f"{self.oews_label} wages, adjusted with BEA Regional Price Parities for {rpp_year}, the latest "
            f"BEA publishes ({vintage_label(rpp_release)})"
            if rpp_year
            else f"{self.oews_label}; no BEA Regional Price Parities loaded"
        )
        metro_chart = self.add_chart_family(
            charts_by_key,
            "metro-pay",
            "metro_pay",
            top,
            source=pairing,
        )
        furthest_chart = self.add_chart_family(
            charts_by_key,
            "pay-goes-furthest",
            "pay_goes_furthest",
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
                f"A metro is ranked only where at least {MIN_PUBLISHED_SHARE:.0%} of the track’s "
                f"national employment mix has published wages and the track has at least "
                f"{MIN_METRO_EMPLOYMENT:,} jobs; {left_out} of {len(self.metros)} metros fall "
                "short and are left out of the ranking."
            ),
            "tier_rule": (
                f"Metro tiers rank metros by total employment, all occupations: the "
                f"{LARGEST_METROS_COUNT} largest are “largest”, the next "
                f"{MID_MARKET_COUNT} “mid-market”, the rest “smaller”."
            ),
        }

    def changing(self, charts_by_key: dict[str, Chart]) -> dict:
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
            charts_by_key,
            "projections",
            "projection",
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
            "html": _render(self.track.changing, self.values),  # as track_text() renders it
            "source": source,
        }

    def rungs(self, rows_by_code: dict[str, dict]) -> list[dict]:
        rungs = []
        for role in self.roles:
            row = rows_by_code.get(role.occupation_id)
            # the title from this area's row, else the national row (as from {**national, **rows})
            title = _occupation_title(role, rows_by_code if row is not None else self.wages.national)
            band_label = Role.PayBand(role.pay_band).label if role.pay_band in Role.PayBand.values else ""
            if row is not None:
                low, high = occupation_pay_band(distribution(row), role.pay_band)
            else:
                low = high = UNKNOWN
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

    def ladder(self, charts_by_key: dict[str, Chart]) -> dict:
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
            charts_by_key,
            "ladder",
            "ladder",
            rungs,
            source=f"{self.oews_label}, national, each rung’s band from the occupation it maps to",
        )
        return {"rungs": rungs, "chart": chart}

    def sector_distributions(self, codes) -> dict[str, list]:
        return {
            sector: [distribution(rows[c]) for c in codes if c in rows]
            for sector, rows in self.wages.sectors.items()
        }

    def industries(self, charts_by_key: dict[str, Chart]) -> dict:
        shares = self.shares
        drawn = shares[:INDUSTRY_CHART_SECTORS]
        notes = []
        if len(shares) > len(drawn):
            notes.append(
                f"The chart shows the {len(drawn)} sectors with the most of the track’s jobs; the table and "
                f"the download list all {len(shares)}."
            )
        chart = self.add_chart_family(
            charts_by_key,
            "industries",
            "industry",
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
                    "title": clean_sector_title(
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
            sector: track_employment(dists).total
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
                overlap = industry_overlap(own_mix, mix)
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
                f"medians. Wages of {TOP_CODE_DISPLAY} are shown as such, never as a number."
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
        metro = self.metros_by_code.get(metro_code)
        if metro is None:
            raise MetroNotFound(metro_code)
        rows = self.wages.metro.get(metro_code, {})
        dists = self.metro_dists[metro_code]
        pay = self.metro_pays.get(metro_code) or track_pay(dists)
        employment = track_employment(dists)
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
        rungs = self.rungs(rows)
        # The track's hourly rule (tracks.guidance.hourly): mostly hourly work -> hourly equivalents
        # (annual / 2,080, stated on the page) beside the annual figures.
        shows_hourly = self.shows_hourly
        if shows_hourly:
            for occupation, code in zip(occupations, self.track_codes, strict=True):
                row = rows.get(code)
                occupation["median_hourly"] = (
                    hourly_display(distribution(row).quantile("p50")) if row else NOT_AVAILABLE
                )
            for rung in rungs:
                rung["band_hourly"] = (
                    f"{hourly_display(rung['low'])} to {hourly_display(rung['high'])}"
                    if rung["low"].known or rung["low"].top_coded
                    else NOT_AVAILABLE
                )
        hourly = {
            "shows": shows_hourly,
            "median": hourly_display(pay.median) if shows_hourly else "",
            "range": (
                f"{hourly_display(pay.p10)} to {hourly_display(pay.p90)}"
                if shows_hourly and pay.range_display() != NOT_AVAILABLE
                else ""
            ),
            "adjusted_median": (
                hourly_display(Quantile(metro.adjusted_median))
                if shows_hourly and metro.adjusted_median is not None
                else ""
            ),
        }
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
            "adjusted_median_value": metro.adjusted_median,  # the number, for followed tracks (careers)
            "vs_national": (
                signed_percent((pay.median.value / national - 1) * 100)
                if pay.median.value is not None and national
                else None
            ),
            "occupations": occupations,
            "rungs": rungs,
            "hourly": hourly,
            "source": self.oews_label,
        }

    # -- helpers -------------------------------------------------------------------------------

    def add_chart_family(
        self, charts_by_key, key, family_name, *args, source, figure_args=None, notes=None
    ) -> Chart:
        """Add a chart card from one registered ``pages.charts`` family (figure, table, CSV and summary,
        all called with ``args``; the figure with ``figure_args`` instead when it draws a subset)."""
        chart = chart_card(
            key,
            family_name,
            *args,
            source=source,
            figure_args=figure_args,
            notes=notes or (),
            csv_url=""
            if self.preview
            else reverse("tracks:chart_csv", kwargs={"slug": self.track.slug, "chart": key}),
        )
        charts_by_key[key] = chart
        return chart


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

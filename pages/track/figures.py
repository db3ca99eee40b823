"""What a track page is built from: the rows it needs, read once (``pages.track.selectors``), and the
figures several of its sections share, computed once (:class:`TrackFigures`). Pure: no query here.

Figures come from ``salaries.statistics``; the sections (``pages.track.sections``) only read them.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from pages.charts.families import Chart, chart_card
from pages.formatting import about_thousand, count, signed_percent, thousands_to_jobs, vintage_label
from pages.sentences import pay_by_location_sentence
from pages.track import guidance as page_guidance
from pages.track.data import WageData, distribution, metro_distributions, metro_figures
from pages.track.history import HistoryPlan
from salaries.models import DataRelease
from salaries.statistics.industries import industry_shares
from salaries.statistics.location import TIER_LARGEST, TIER_MID_MARKET, middle
from salaries.statistics.mixture import track_employment, track_pay
from salaries.statistics.projections import projected_change
from tracks.markdown import render_markdown
from tracks.models import Track


class MetroNotFound(LookupError):
    """The requested metro code is not a metro with published data for this track."""

    def __init__(self, metro_code, track=None):
        super().__init__(metro_code)
        self.track = track


class TrackFigures:
    """One track page's rows and the figures its sections share, computed once in ``__init__``, before
    any section; a snapshot build also builds every metro's panel from them."""

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
        # every_metro (a snapshot build): each metro's pooled pay is solved once, for its ranking
        # figures and its panel alike
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

    def national_dists(self, codes):
        return [distribution(self.wages.national[c]) for c in codes if c in self.wages.national]

    def sector_distributions(self, codes) -> dict[str, list]:
        return {
            sector: [distribution(rows[c]) for c in codes if c in rows]
            for sector, rows in self.wages.sectors.items()
        }

    def industry_mix(self, codes) -> dict[str, float]:
        """Sector -> the codes' published national employment there (overlap normalises the shares)."""
        mix = {
            sector: track_employment(dists).total
            for sector, dists in self.sector_distributions(codes).items()
        }
        return {sector: jobs for sector, jobs in mix.items() if jobs}

    def profile(self, codes) -> dict[str, float]:
        """Skills and knowledge, employment-weighted (borrowed ratings included; see salaries.guidance)."""
        return page_guidance.combined_profile(codes, self.guidance_rows)

    def titles(self) -> dict[str, str]:
        titles = {o.occupation_id: occupation_title(o, self.wages.national) for o in self.occupations}
        titles.update({r.occupation_id: occupation_title(r, self.wages.national) for r in self.roles})
        return titles

    def placeholder_values(self) -> dict[str, str]:
        """The figures narratives may name (``[[median_pay]]``, …; ``tracks.placeholders``), as shown."""
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


def render_text(text: str, values: dict[str, str]):
    """A narrative field's Markdown as sanitised HTML, placeholders filled from ``values``."""
    return render_markdown(text or "", values)


def occupation_title(obj, rows: dict[str, dict]) -> str:
    """The occupation's title from the data rows, else from a loaded relation; never a query."""
    code = obj.occupation_id
    if code in rows:
        return rows[code]["occupation__title"]
    if type(obj).occupation.is_cached(obj):
        return obj.occupation.title
    return code


def tier_medians(metros) -> dict[str, float]:
    """The middle metro median of each tier, over the metros the location sentence compares (ranked,
    with a known median and a price parity): the figures behind [[metro_pay_low]]/[[metro_pay_high]]."""
    by_tier = defaultdict(list)
    for m in metros:
        if m.rankable and m.median.known and m.adjusted_median is not None:
            by_tier[m.tier].append(m.median.value)
    return {tier: middle(values) for tier, values in by_tier.items()}

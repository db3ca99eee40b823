"""The track page, assembled section by section from the track's figures (``TrackFigures``).

``build_page`` is pure: the rows are read once by ``pages.track.selectors.track_figures`` (six queries)
and the figures computed once from them; each section (``pages.track.sections``) turns them into what
the template shows. Public requests never build a page: ``pages.snapshots`` builds and stores every
published track's page when the data or the catalogue changes. ``track_page_context`` builds one from
in-memory instances, possibly unsaved: the admin preview calls it with the editor's unsaved form data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.utils.safestring import SafeString

from pages.charts.families import Chart
from pages.jsonld import ld_json
from pages.links import canonical_url, track_path
from pages.track.figures import MetroNotFound, TrackFigures, render_text
from pages.track.jsonld import track_jsonld
from pages.track.sections.about import about_section
from pages.track.sections.changing import changing_section
from pages.track.sections.hero import hero_section
from pages.track.sections.industries import industries_section
from pages.track.sections.ladder import ladder_section
from pages.track.sections.location import location_section
from pages.track.sections.metro_panel import metro_panel
from pages.track.sections.related import related_section
from pages.track.sections.skills import guidance_section, skills_section
from pages.track.sections.trend import trend_section
from pages.track.selectors import track_figures
from salaries.models import DataRelease
from tracks.models import Track

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


@dataclass
class TrackPage:
    """Everything the track page template shows (its context names are this class's fields).

    Built in one pass by :func:`build_page`; a metro view is the same page with ``metro`` set to one
    panel (:meth:`with_metro`).
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
    # A stored page's <article>, pre-rendered (``pages.track.render``); empty: the template renders it.
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
        "lede_html": render_text(track.lede, values),
        "narrative": [
            {"key": key, "heading": heading, "html": render_text(getattr(track, key), values)}
            for key, heading in NARRATIVE_SECTIONS
        ],
        "changing_html": render_text(track.changing, values),
        "credits_html": render_text(track.credits, values),
    }


def build_page(figures: TrackFigures) -> TrackPage:
    """The national page, section by section; each section adds its chart cards to ``charts`` (in page
    order)."""
    track, values = figures.track, figures.values
    charts_by_key: dict[str, Chart] = {}
    trend = trend_section(figures, charts_by_key)
    location = location_section(figures, charts_by_key)
    changing = changing_section(figures, charts_by_key)
    ladder = ladder_section(figures, charts_by_key)
    industries = industries_section(figures, charts_by_key)
    about = about_section(figures)
    path = track_path(track)
    jsonld = track_jsonld(
        name=track.name,
        description=track.meta_description,
        path=path,
        occupations=about["occupations"],
        pay=figures.pay,
        pay_source=figures.oews_label,
        skills=[item["name"] for item in figures.apart["skills"][:TOP_SKILLS]],
    )
    text = track_text(track, values)
    return TrackPage(
        track=track,
        preview=figures.preview,
        canonical_path=path,
        canonical_url=canonical_url(path),
        placeholder_values=values,
        hero=hero_section(figures),
        lede_html=text["lede_html"],
        narrative=text["narrative"],
        trend=trend,
        location=location,
        changing=changing,
        ladder=ladder,
        industries=industries,
        skills=skills_section(figures),
        guidance=guidance_section(figures),
        related=related_section(figures),
        about=about,
        cta_url=f"{GET_STARTED_PATH}?{urlencode({'track': track.slug})}",
        credits_html=text["credits_html"],
        charts=charts_by_key,
        chart_list=list(charts_by_key.values()),
        jsonld=jsonld,
        jsonld_script=ld_json(jsonld),
    )


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
    figures = track_figures(
        track=track,
        occupations=occupations,
        roles=roles,
        industry_notes=industry_notes,
        links=links,
        preview=preview,
        releases=releases,
    )
    page = build_page(figures)
    if metro_code:
        try:
            page = page.with_metro(metro_panel(figures, metro_code))
        except MetroNotFound:
            if not preview:
                raise
            page.metro_error = f"No published figures for a metro with the code “{metro_code}”."
    return page.as_context()

"""Reads for building a track page: the rows one page needs, in six queries whatever the size of the data
(the releases, OEWS estimates, history, the SOC crosswalk, projections and the derived guidance rows,
``SocGuidance``), gathered into its ``TrackFigures``."""

from __future__ import annotations

from pages.track import guidance as page_guidance
from pages.track.data import WageData
from pages.track.figures import TrackFigures
from pages.track.history import plan_history
from salaries import selectors as data
from salaries.guidance_selectors import guidance_rows
from salaries.models import DataRelease
from tracks.models import TrackOccupation


def track_figures(
    *, track, occupations, roles, industry_notes, links, preview=False, releases=None, every_metro=False
) -> TrackFigures:
    """Read the rows one track page needs (six queries, or five given ``releases``) into its figures.

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
    return TrackFigures(
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

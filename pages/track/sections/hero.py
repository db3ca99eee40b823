"""The hero: the track's headline facts (U.S. jobs, median pay, projected growth, and where they apply
hourly pay and entry education), each with its source."""

from __future__ import annotations

from pages.formatting import count, signed_percent, thousands_to_jobs, vintage_label
from pages.track import guidance as page_guidance
from pages.track.figures import TrackFigures
from salaries.models import DataRelease


def hero_section(figures: TrackFigures) -> dict:
    projections_release = figures.releases.get(DataRelease.Source.PROJECTIONS)
    facts = []
    emp = figures.employment
    facts.append(
        {
            "key": "us_jobs",
            "label": "U.S. jobs",
            "value": count(emp.total) if emp else "not available",
            "detail": (
                f"wage and salary jobs in the track’s {len(figures.track_codes)} occupations"
                + (f"; {emp.suppressed} not published" if emp and emp.suppressed else "")
            ),
            "source": figures.oews_label,
        }
    )
    pay = figures.pay
    facts.append(
        {
            "key": "median_pay",
            "label": "Median annual pay",
            "value": pay.median.display() if pay else "not available",
            "detail": (f"10th to 90th percentile: {pay.range_display()}" if pay else "no published wages"),
            "source": figures.oews_label,
        }
    )
    proj = figures.projection
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
    facts.extend(
        page_guidance.hero_facts(
            figures.track_codes,
            figures.guidance_rows,
            pay,
            projections_release,
            oews_label=figures.oews_label,
        )
    )
    return {"facts": facts}

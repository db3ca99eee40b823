"""How the track is changing: BLS Employment Projections summed over the track, the chart by
occupation and the editors' outlook."""

from __future__ import annotations

from pages.charts.families import Chart
from pages.formatting import signed_percent, thousands_to_jobs, vintage_label
from pages.track.figures import TrackFigures, render_text
from salaries.models import DataRelease


def changing_section(figures: TrackFigures, charts_by_key: dict[str, Chart]) -> dict:
    release = figures.releases.get(DataRelease.Source.PROJECTIONS)
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
        for r in figures.projections
    ]
    proj = figures.projection
    source = (
        f"BLS Employment Projections, {vintage_label(release)} (thousands of jobs, including the "
        "self-employed, unlike the OEWS figures elsewhere on this page)"
    )
    chart = figures.add_chart_family(
        charts_by_key,
        "projections",
        "projection",
        rows,
        source=source,
    )
    missing = sorted(set(figures.track_codes) - {r["occ_code"] for r in rows})
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
        "html": render_text(figures.track.changing, figures.values),  # as track_text() renders it
        "source": source,
    }

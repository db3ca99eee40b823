"""Industries: the share of the track's jobs by sector and what they pay there, with the editors'
industry notes."""

from __future__ import annotations

from pages.charts.families import Chart
from pages.track.figures import TrackFigures, render_text
from salaries.statistics.industries import clean_sector_title

INDUSTRY_CHART_SECTORS = 10  # the table beside the chart lists every sector


def industries_section(figures: TrackFigures, charts_by_key: dict[str, Chart]) -> dict:
    shares = figures.shares
    drawn = shares[:INDUSTRY_CHART_SECTORS]
    notes = []
    if len(shares) > len(drawn):
        notes.append(
            f"The chart shows the {len(drawn)} sectors with the most of the track’s jobs; the table and "
            f"the download list all {len(shares)}."
        )
    chart = figures.add_chart_family(
        charts_by_key,
        "industries",
        "industry",
        shares,
        figure_args=(drawn,),
        source=f"{figures.oews_label}, national estimates by industry (20 NAICS sectors)",
        notes=notes,
    )
    by_code = {s.code: s for s in shares}
    notes = []
    for note in figures.industry_notes:
        share = by_code.get(note.industry_id)
        notes.append(
            {
                "code": note.industry_id,
                "title": clean_sector_title(
                    figures.wages.sector_titles.get(note.industry_id) or industry_title(note)
                ),
                "html": render_text(note.note, figures.values),
                "share": f"{share.share:.1%}" if share else None,
                "median": share.median.display() if share else None,
            }
        )
    return {"chart": chart, "notes": notes}


def industry_title(note) -> str:
    """The sector's title from a loaded relation (never a query), else its code."""
    if type(note).industry.is_cached(note):
        return note.industry.title
    return note.industry_id

"""About the data: the occupations that make up the track, the sources and vintages, and the method
notes for this track's figures."""

from __future__ import annotations

from pages.formatting import count, vintage_label
from pages.track.data import distribution
from pages.track.figures import TrackFigures, occupation_title
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_DISPLAY


def about_section(figures: TrackFigures) -> dict:
    occupations = []
    for membership in sorted(figures.occupations, key=lambda o: o.occupation_id):
        row = figures.wages.national.get(membership.occupation_id)
        occupations.append(
            {
                "code": membership.occupation_id,
                "title": occupation_title(membership, figures.wages.national),
                "note": membership.note,
                "employment": count(row["employment"]) if row and row["employment"] else "not published",
                "median": distribution(row).quantile("p50").display() if row else NOT_AVAILABLE,
            }
        )
    sources = [
        {"name": release.get_source_display(), "vintage": release.vintage, "file": release.source_file}
        for release in sorted(figures.releases.values(), key=lambda r: r.source)
    ]
    return {
        "occupations": occupations,
        "sources": sources,
        "oews_vintage": figures.oews_label,
        "method_notes": method_notes(figures),
    }


def method_notes(figures: TrackFigures) -> list[str]:
    notes = []
    pay, emp = figures.pay, figures.employment
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
    if figures.wages.rpp_year:
        notes.append(
            f"Price-adjusted pay divides pay by the metro’s BEA Regional Price Parity for "
            f"{figures.wages.rpp_year} (U.S. = 100), the latest year BEA publishes, paired with "
            f"{vintage_label(figures.oews)} pay."
        )
    notes.append(
        "Projections come from a different BLS program, in thousands of jobs and including the "
        "self-employed, so they are never added to the OEWS job counts."
    )
    return notes

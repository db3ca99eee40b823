"""A track's summary: its headline figures as its page shows them, stored with its snapshot, for the home
page's table and chart and for the tracks members follow."""

from __future__ import annotations

from dataclasses import dataclass

from pages.formatting import count, format_percent_change
from pages.track.figures import TrackFigures
from salaries.statistics.wages import Quantile

SHORT_DESCRIPTION_MIN = 40  # characters before a colon that can stand as a description


@dataclass(frozen=True)
class TrackSummary:
    slug: str
    name: str
    title: str
    url: str
    description: str
    occupation_titles: tuple[str, ...]
    codes: tuple[str, ...]
    median: Quantile | None
    jobs: int | None
    growth: float | None
    composition_note: str = ""  # the editors' note on shared / stand-in occupations (issue 11)

    @property
    def short_description(self) -> str:
        """The description up to its colon, when that says enough on its own: "Accounting careers from
        bookkeeper and staff accountant to controller and CFO" (the rest is the same on most tracks)."""
        head, colon, _ = self.description.partition(": ")
        return head if colon and len(head) >= SHORT_DESCRIPTION_MIN else self.description

    @property
    def median_display(self) -> str:
        return self.median.display() if self.median is not None else "not available"

    @property
    def jobs_display(self) -> str:
        return count(self.jobs)

    @property
    def growth_display(self) -> str:
        return format_percent_change(self.growth) if self.growth is not None else "not available"


def summary_of(figures: TrackFigures) -> TrackSummary:
    """The track's row in the home table, from the figures its page shows."""
    track, national = figures.track, figures.wages.national
    codes = figures.track_codes
    pay, employment, projection = figures.pay, figures.employment, figures.projection
    return TrackSummary(
        slug=track.slug,
        name=track.name,
        title=track.title,
        url=track.get_absolute_url(),
        description=track.meta_description,
        occupation_titles=tuple(national[c]["occupation__title"] for c in codes if c in national),
        codes=tuple(codes),
        median=pay.median if pay else None,
        jobs=employment.total if employment and employment.published else None,
        growth=projection.change_percent if projection else None,
        composition_note=track.composition_note,
    )

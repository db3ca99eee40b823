"""Industries: the share of the track's (or one occupation's) jobs in each sector and what they pay
there; table, CSV rows and summary.

Each function takes ``subject``, "track" (the default) or "occupation", for the words it uses: an
occupation page says "the occupation's jobs" where a track page says "the track's jobs"."""

from __future__ import annotations

from pages.charts.base import (
    COLORS,
    MAX_BARS,
    CsvRows,
    Table,
    axis_spec,
    bar_trace,
    csv_cell,
    hbar_figure,
    shown_note,
    unique_labels,
)
from salaries.statistics.industries import IndustryShare, clean_sector_title

# subject -> (whose jobs in a sentence, the table's share column, what the data is about)
WORDS = {
    "track": ("the track's jobs", "Share of track jobs", "these occupations"),
    "occupation": ("the occupation's jobs", "Share of the occupation's jobs", "this occupation"),
}


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else "<1%"


def industry_chart(shares: list[IndustryShare], subject: str = "track") -> dict:
    """Share of the track's jobs by sector (bars, share printed), each sector's median pay in its label;
    the first ``MAX_BARS`` sectors (the largest, as given)."""
    shares = shares[:MAX_BARS]
    categories = unique_labels(clean_sector_title(s.title) for s in shares)
    values = [round(s.share * 100, 1) for s in shares]
    top = max(values, default=0)
    data = [
        bar_trace(
            f"Share of {WORDS[subject][0]}",
            categories,
            values,
            [f"{_percent(s.share)} of jobs" for s in shares],
            COLORS["nominal"],
        )
    ]
    return hbar_figure(
        "Where the jobs are, and what they pay",
        categories,
        [f"{clean_sector_title(s.title)}: median {s.median.display()}" for s in shares],
        data,
        xaxis=axis_spec(ticksuffix="%", range=[0, top * 1.5 if top else 1]),
    )


def industry_table(shares: list[IndustryShare], subject: str = "track") -> Table:
    headers = ["Industry sector", WORDS[subject][1], "Jobs", "Median pay"]
    rows = [
        [clean_sector_title(s.title), _percent(s.share), f"{s.employment:,}", s.median.display()]
        for s in shares
    ]
    return headers, rows


def industry_csv(shares: list[IndustryShare], subject: str = "track") -> CsvRows:
    headers = ["naics_code", "sector", "employment", "share", "median_annual"]
    return headers, [[s.code, s.title, s.employment, round(s.share, 6), csv_cell(s.median)] for s in shares]


def industry_summary(shares: list[IndustryShare], subject: str = "track") -> str:
    whose, _, about = WORDS[subject]
    if not shares:
        return f"BLS publishes no industry estimates for {about}."
    top = shares[0]
    return (
        f"{clean_sector_title(top.title)} holds the largest share of {whose} "
        f"({_percent(top.share)}), at a median of {top.median.display()}."
        + shown_note(MAX_BARS, len(shares), "sectors")
    )

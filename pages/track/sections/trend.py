"""Employment and pay over time: the two trend charts, with notes on SOC breaks, missing and
approximate years, and the constant dollars' base year."""

from __future__ import annotations

from pages.charts.families import Chart
from pages.formatting import vintage_label
from pages.sentences import and_list
from pages.track.figures import TrackFigures
from pages.track.history import year_ranges
from salaries.models import DataRelease
from salaries.statistics.trends import trend_series


def trend_section(figures: TrackFigures, charts_by_key: dict[str, Chart]) -> dict:
    history = figures.history
    history_release = figures.releases.get(DataRelease.Source.OEWS_HISTORY)
    cpi_release = figures.releases.get(DataRelease.Source.CPI)
    years = sorted(history.rows_by_year)
    base_year = figures.oews_year if figures.oews_year in history.cpi_may else (years[-1] if years else None)
    points = (
        trend_series(history.rows_by_year, history.cpi_may, base_year, history.breaks)
        if years and base_year is not None
        else []
    )
    source = (
        f"BLS OEWS national estimates, May {years[0]} to May {years[-1]} (releases "
        f"{vintage_label(history_release)} and {vintage_label(figures.oews)}); BLS CPI-U, "
        f"{vintage_label(cpi_release)}"
        if years
        else "BLS OEWS national estimates"
    )
    notes = []
    if history.breaks:
        notes.append(
            f"The series break before May {and_list([str(y) for y in sorted(history.breaks)])}: the set "
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
    employment = figures.add_chart_family(
        charts_by_key,
        "employment-trend",
        "employment_trend",
        points,
        source=source,
    )
    pay = figures.add_chart_family(
        charts_by_key,
        "pay-trend",
        "pay_trend",
        points,
        base_year,
        source=source,
    )
    return {"charts": [employment, pay], "notes": notes, "years": years}

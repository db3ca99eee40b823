"""Roles from entry level to executive: each rung's pay band from the occupation it maps to (national,
or in one metro for a metro panel), its guidance and the ladder chart."""

from __future__ import annotations

from pages.charts.families import Chart
from pages.track import guidance as page_guidance
from pages.track.data import distribution
from pages.track.figures import TrackFigures, occupation_title, render_text
from salaries.statistics.mixture import occupation_pay_band
from salaries.statistics.wages import UNKNOWN
from tracks.models import Role


def rungs(figures: TrackFigures, rows_by_code: dict[str, dict]) -> list[dict]:
    out = []
    for role in figures.roles:
        row = rows_by_code.get(role.occupation_id)
        # the title from this area's row, else the national row (as from {**national, **rows})
        title = occupation_title(role, rows_by_code if row is not None else figures.wages.national)
        band_label = Role.PayBand(role.pay_band).label if role.pay_band in Role.PayBand.values else ""
        if row is not None:
            low, high = occupation_pay_band(distribution(row), role.pay_band)
        else:
            low = high = UNKNOWN
        out.append(
            {
                "title": role.title,
                "level": role.level,
                "level_label": Role.Level(role.level).label if role.level in Role.Level.values else "",
                "occupation_code": role.occupation_id,
                "occupation_title": title,
                "band": role.pay_band,
                "band_label": f"{band_label} of {title}",
                "low": low,
                "high": high,
                "band_display": band_display(low, high),
            }
        )
    return out


def ladder_section(figures: TrackFigures, charts_by_key: dict[str, Chart]) -> dict:
    national = rungs(figures, figures.wages.national)
    for rung, role in zip(national, figures.roles, strict=True):
        rung["work_html"] = render_text(role.work, figures.values)
        rung["move_up_html"] = render_text(role.move_up, figures.values)
        rung.update(
            page_guidance.rung_extras(
                role, figures.guidance_rows, figures.wages.national.get(role.occupation_id)
            )
        )
    chart = figures.add_chart_family(
        charts_by_key,
        "ladder",
        "ladder",
        national,
        source=f"{figures.oews_label}, national, each rung’s band from the occupation it maps to",
    )
    return {"rungs": national, "chart": chart}


def band_display(low, high) -> str:
    if low.value is None and high.value is None and not (low.top_coded or high.top_coded):
        return "not available"
    if low.top_coded:
        return low.display()
    return f"{low.display()} to {high.display()}"

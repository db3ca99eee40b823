"""The occupation page's content, as plain JSON, from one occupation's rows (pure: no database).

``occupation_payload`` is called once per occupation when the data is loaded
(``pages.occupation.snapshots.rebuild_occupation_snapshots``) and the result is stored in a
``pages.Snapshot`` (kind ``occupation``); the page only renders it. Figures come from
``salaries.statistics`` and chart cards from ``pages.charts``, the same functions the track page
uses, so the same rules hold: top-coded wages read "$239,200 or more", suppressed values "not
published", vintages beside figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pages.charts import location as location_charts
from pages.charts.families import chart_card
from pages.formatting import (
    adjusted_csv,
    adjusted_display,
    format_percent_change,
    format_thousands,
    published_annual,
    published_annual_csv,
    published_count,
    published_hourly,
    published_hourly_csv,
)
from pages.occupation.entry import entry_block
from pages.occupation.here import metro_options, metro_views
from salaries import guidance
from salaries.statistics import reliability
from salaries.statistics.industries import industry_shares
from salaries.statistics.location import (
    MIN_METRO_EMPLOYMENT,
    TIER_SMALLER,
    MetroTrackFigures,
    metros_where_pay_goes_furthest,
    price_adjusted,
    top_metros_by_jobs,
)
from salaries.statistics.projections import projected_change
from salaries.statistics.wages import (
    NOT_AVAILABLE,
    HourlyWage,
    WageDistribution,
    round_to_ten,
)

TOP_METROS = 10
TITLES_SHOWN = 40
PERCENTILE_ROWS = (
    ("p10", "10th percentile", "annual_p10", "hourly_p10"),
    ("p25", "25th percentile", "annual_p25", "hourly_p25"),
    ("p50", "Median", "annual_median", "hourly_median"),
    ("p75", "75th percentile", "annual_p75", "hourly_p75"),
    ("p90", "90th percentile", "annual_p90", "hourly_p90"),
)


@dataclass
class OccupationInput:
    """Everything one occupation page is built from (``.values()`` dicts, see snapshot reads)."""

    code: str
    title: str
    national: dict | None  # national cross-industry WageEstimate row; None = BLS does not publish it
    areas: list[dict] = field(default_factory=list)  # state and metro cross-industry rows
    sectors: list[dict] = field(default_factory=list)  # national rows in each of the 20 NAICS sectors
    projection: dict | None = None
    onet: list[dict] = field(default_factory=list)  # O*NET-SOC occupations under this SOC code
    alternate_titles: list[str] = field(default_factory=list)
    reported_titles: list[str] = field(default_factory=list)
    held_by: dict | None = None  # for an unpublished code: the published OEWS code that includes it
    guidance: dict | None = None  # its SocGuidance row (issue 11's derived O*NET ratings), if any


@dataclass
class Context:
    """What every occupation shares: vintages, price parities, metro tiers, sector titles."""

    oews_vintage: str
    projections_vintage: str
    onet_vintage: str
    rpp_year: int | None
    rpp: dict[str, float]  # area code -> all-items RPP of rpp_year
    tiers: dict[str, str]  # metro code -> tier
    sector_titles: dict[str, str]
    area_names: dict[str, str]
    all_jobs: dict | None = None  # the SocGuidance row of the average job (00-0000)
    job_zones: dict[int, dict] = field(default_factory=dict)  # O*NET Job Zone Reference, by zone


def _chart(key: str, family_name: str, args, *, source: str, figure_args=None, notes=()) -> dict:
    """One chart card as JSON (``pages.charts.families.chart_card``: figure, table, CSV rows, summary)."""
    card = chart_card(key, family_name, *args, source=source, figure_args=figure_args, notes=notes)
    return {
        "key": card.key,
        "title": card.title,
        "summary": card.summary,
        "figure": card.figure,
        "headers": card.headers,
        "rows": card.rows,
        "csv_headers": card.csv_headers,
        "csv_rows": [[_plain(cell) for cell in row] for row in card.csv_rows],
        "source": card.source,
        "notes": card.notes,
        "dom_id": card.dom_id,
        "available": card.available,
    }


def _plain(cell):
    if isinstance(cell, Decimal):
        return float(cell)
    return cell


def _distribution(row: dict) -> WageDistribution:
    return WageDistribution.from_values(row)


def single_occupation_figures(
    *,
    area_code: str,
    area_name: str,
    dist: WageDistribution,
    rpp,
    tier: str,
    hourly_median=None,
    reliability=None,
) -> MetroTrackFigures:
    """``metro_track_figures`` for one occupation, whose median is its published median (a
    mixture of one distribution is that distribution), so no quantile has to be solved."""
    median = dist.quantile("p50")
    adjusted = None
    if rpp is not None and median.known:
        adjusted = float(round_to_ten(price_adjusted(median.value, rpp)))
    usable = dist.usable_for_pay
    employment = dist.employment or 0
    return MetroTrackFigures(
        area_code=area_code,
        area_name=area_name,
        employment=employment,
        median=median,
        rpp=None if rpp is None else float(rpp),
        adjusted_median=adjusted,
        tier=tier,
        rankable=usable and employment >= MIN_METRO_EMPLOYMENT,
        published_share=1.0 if usable else 0.0,
        occupations_left_out=0 if usable else 1,
        hourly_median=hourly_median,
        reliability=reliability,
    )


def area_figures(rows: list[dict], ctx: Context):
    """(metro figures, state figures) for one occupation: jobs, median, price-adjusted median."""
    metros, states = [], []
    for row in rows:
        kind = row["area__area_type"]
        if kind not in ("metro", "state"):
            continue
        dist = _distribution(row)
        if not dist.employment:
            continue
        figures = single_occupation_figures(
            area_code=row["area_id"],
            area_name=row["area__name"],
            dist=dist,
            rpp=ctx.rpp.get(row["area_id"]),
            tier=ctx.tiers.get(row["area_id"], TIER_SMALLER),
            hourly_median=HourlyWage.of_row(row, "hourly_median"),
            reliability=reliability.of_row(row),
        )
        (metros if kind == "metro" else states).append(figures)
    metros.sort(key=lambda m: m.area_name)
    states.sort(key=lambda m: m.area_name)
    return metros, states


def _state_table(states, rows_by_area: dict[str, dict]) -> dict:
    headers = ["State", "Jobs", "Median pay", "Median hourly", "Price parity (U.S. = 100)", "At U.S. prices"]
    headers.append("How sure")
    rows, csv_rows = [], []
    for s in states:
        row = rows_by_area[s.area_code]
        rows.append(
            [
                s.area_name,
                f"{s.employment:,}",
                s.median.display(),
                published_hourly(row, "hourly_median"),
                f"{s.rpp:.1f}" if s.rpp is not None else NOT_AVAILABLE,
                adjusted_display(s.adjusted_median) if s.adjusted_median is not None else "",
                s.reliability.display() if s.reliability else "",
            ]
        )
        csv_rows.append(
            [
                s.area_code,
                s.area_name,
                s.employment,
                s.median.csv_value(),
                published_hourly_csv(row, "hourly_median"),
                s.rpp if s.rpp is not None else "",
                adjusted_csv(s.adjusted_median),
                s.reliability.csv_value() if s.reliability else "",
            ]
        )
    return {
        "headers": headers,
        "rows": rows,
        "csv_headers": [
            "area_code",
            "state",
            "employment",
            "median_annual",
            "median_hourly",
            "rpp_all_items",
            "median_at_us_prices",
            "reliability",
        ],
        "csv_rows": csv_rows,
    }


def occupation_payload(item: OccupationInput, ctx: Context) -> dict:
    """Everything the page shows for one occupation, as JSON-ready dicts and strings."""
    oews_label = f"BLS OEWS, {ctx.oews_vintage}"
    onet_codes = [o["onet_code"] for o in item.onet]
    payload = {
        "code": item.code,
        "title": item.title,
        "published": item.national is not None,
        "oews_vintage": ctx.oews_vintage,
        "descriptions": [
            {"onet_code": o["onet_code"], "title": o["title"], "text": o["description"]}
            for o in item.onet
            if o.get("description")
        ],
        "entry": entry_block(
            item.projection,
            item.onet,
            ctx.job_zones,
            projections_vintage=ctx.projections_vintage,
            onet_vintage=ctx.onet_vintage,
        ),
        "alternate_titles": item.alternate_titles[:TITLES_SHOWN],
        "alternate_title_count": len(item.alternate_titles),
        "reported_titles": item.reported_titles[:TITLES_SHOWN],
        "links": {
            "onet": [
                {
                    "label": f"O*NET OnLine: {o['title']}",
                    "url": f"https://www.onetonline.org/link/summary/{o['onet_code']}",
                }
                for o in item.onet
            ],
            "bls": f"https://www.bls.gov/oes/current/oes{item.code.replace('-', '')}.htm",
        },
        "onet_vintage": ctx.onet_vintage,
        "held_by": item.held_by,
    }
    payload["apart"] = apart(item, ctx)
    if item.national is None:
        return payload

    national = item.national
    hourly_only = bool(national.get("hourly_only"))
    payload["hourly_only"] = hourly_only
    payload["employment"] = national.get("employment")
    pay_rows = [
        [label, published_annual(national, annual), published_hourly(national, hourly)]
        for _, label, annual, hourly in PERCENTILE_ROWS
    ]
    # The means rule: a mean is censored at the top code like every other wage (methodology "Mean pay").
    mean = ["Mean", published_annual(national, "annual_mean"), published_hourly(national, "hourly_mean")]
    pay_rows.append(mean)
    payload["pay"] = {
        "headers": ["", "Annual", "Hourly"],
        "rows": pay_rows,
        "csv_headers": ["statistic", "annual", "hourly"],
        "csv_rows": [
            *(
                [label, published_annual_csv(national, annual), published_hourly_csv(national, hourly)]
                for _, label, annual, hourly in PERCENTILE_ROWS
            ),
            [
                "Mean",
                published_annual_csv(national, "annual_mean"),
                published_hourly_csv(national, "hourly_mean"),
            ],
        ],
        "source": f"{oews_label}, national, all industries",
    }
    dist = _distribution(national)
    median = dist.quantile("p50")
    facts = [
        {
            "key": "us_jobs",
            "label": "U.S. jobs",
            "value": published_count(national.get("employment")),
            "detail": "wage and salary jobs (OEWS counts no self-employed)",
            "source": oews_label,
        },
        {
            "key": "median_pay",
            "label": "Median hourly pay" if hourly_only else "Median annual pay",
            "value": published_hourly(national, "hourly_median") if hourly_only else median.display(),
            "detail": (
                "BLS publishes hourly wages only for this occupation"
                if hourly_only
                else f"10th to 90th percentile: {dist.quantile('p10').display()} to "
                f"{dist.quantile('p90').display()}; "
                f"hourly median {published_hourly(national, 'hourly_median')}"
            ),
            "source": oews_label,
        },
    ]
    projection = item.projection
    if projection is not None:
        summary = projected_change([projection])
        facts.append(
            {
                "key": "projected_growth",
                "label": "Projected 10-year change in jobs",
                "value": format_percent_change(summary.change_percent),
                "detail": (
                    f"{summary.base_year}–{summary.proj_year}, about "
                    f"{format_thousands(summary.openings_annual)} openings a year; includes the "
                    "self-employed"
                ),
                "source": f"BLS Employment Projections, {ctx.projections_vintage}",
            }
        )
        payload["projection"] = {
            "base_year": summary.base_year,
            "proj_year": summary.proj_year,
            "base": format_thousands(summary.employment_base),
            "projected": format_thousands(summary.employment_projected),
            "change": format_thousands(summary.change),
            "change_percent": format_percent_change(summary.change_percent),
            "openings": format_thousands(summary.openings_annual),
            "source": f"BLS Employment Projections, {ctx.projections_vintage} (thousands of jobs, including "
            "the self-employed, unlike the OEWS figures elsewhere on this page)",
        }
    payload["facts"] = facts

    metros, states = area_figures(item.areas, ctx)
    rows_by_area = {r["area_id"]: r for r in item.areas}
    rpp_note = (
        f"{oews_label} wages, adjusted with BEA Regional Price Parities for {ctx.rpp_year} (all items)"
        if ctx.rpp_year
        else f"{oews_label}; no BEA Regional Price Parities loaded"
    )
    chart_list = []
    if metros:
        top = top_metros_by_jobs(metros, n=TOP_METROS)
        furthest = metros_where_pay_goes_furthest(metros, n=TOP_METROS)
        chart_list.append(_chart("metro-pay", "metro_pay", (top,), source=rpp_note))
        chart_list.append(_chart("pay-goes-furthest", "pay_goes_furthest", (furthest,), source=rpp_note))
    by_sector = {
        row["industry_id"]: [_distribution(row)] for row in item.sectors if row.get("employment") is not None
    }
    shares = [s for s in industry_shares(by_sector, ctx.sector_titles) if s.employment > 0]
    if shares:
        drawn = shares[:10]
        notes = (
            [f"The chart shows the {len(drawn)} largest sectors; the table lists all {len(shares)}."]
            if len(shares) > len(drawn)
            else []
        )
        chart_list.append(
            _chart(
                "industries",
                "industry",
                (shares, "occupation"),
                figure_args=(drawn, "occupation"),
                source=f"{oews_label}, national estimates by industry (20 NAICS sectors)",
                notes=notes,
            )
        )
    payload["charts"] = chart_list
    payload["states"] = {**_state_table(states, rows_by_area), "source": rpp_note}
    metro_headers, metro_rows = location_charts.metro_pay_table(metros)
    metro_csv_headers, metro_csv_rows = location_charts.metro_pay_csv(metros)
    payload["metros"] = {
        "headers": metro_headers,
        "rows": metro_rows,
        "csv_headers": metro_csv_headers,
        "csv_rows": [[_plain(c) for c in row] for row in metro_csv_rows],
        "count": len(metros),
        "source": rpp_note,
    }
    payload["metro_options"] = metro_options(metros)
    payload["rpp_year"] = ctx.rpp_year
    payload["jsonld"] = _jsonld(item, dist, oews_label, onet_codes)
    return payload


def occupation_metro_views(item: OccupationInput, ctx: Context) -> dict[str, dict]:
    """The occupation in each metro ({"m<CBSA>": view}, ``pages.occupation.here``), from the same figures
    as the page's metro table; empty when BLS publishes no national figures for it."""
    if item.national is None:
        return {}
    metros, _ = area_figures(item.areas, ctx)
    return metro_views(metros, {r["area_id"]: r for r in item.areas})


def apart(item: OccupationInput, ctx: Context) -> dict | None:
    """What sets the occupation apart from the average job: distinctive skills and knowledge (O*NET
    importance against the employment-weighted all-jobs mean) and hot or in-demand technologies, by the
    rules of ``salaries.guidance`` (the same as the track page's)."""
    row, base = item.guidance, ctx.all_jobs
    if not row or not base or not row.get("skills"):
        return None
    weights = {item.code: row.get("employment") or 1}
    skills, foundation = guidance.distinctive(
        guidance.weighted_profile({item.code: row["skills"]}, weights), base["skills"]
    )
    knowledge, _ = guidance.distinctive(
        guidance.weighted_profile({item.code: row["knowledge"]}, weights), base["knowledge"]
    )
    technologies = []
    if row.get("technologies"):
        fractions = {item.code: {k: tuple(v) for k, v in row["technologies"].items()}}
        baseline = {name: value[0] for name, value in (base.get("technologies") or {}).items()}
        technologies, _ = guidance.technology_ranking(fractions, weights, baseline)

    def rated(items):
        return [{"name": r.name, "value": r.track_display, "average": r.average_display} for r in items]

    return {
        "skills": rated(skills),
        "foundation": rated(foundation),
        "knowledge": rated(knowledge),
        "technologies": [{"name": t.name, "flags": t.flags_display} for t in technologies],
        "stand_ins": [{"code": c, "title": t} for c, t in row.get("stand_ins") or []],
        "source": f"O*NET {ctx.onet_vintage} importance ratings (1 to 5) and Technology Skills, against the "
        f"average job (all occupations weighted by BLS OEWS, {ctx.oews_vintage} employment)",
    }


def _jsonld(item: OccupationInput, dist: WageDistribution, oews_label: str, onet_codes) -> dict:
    doc = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": item.title,
        "occupationLocation": [{"@type": "Country", "name": "United States"}],
        "occupationalCategory": [
            {
                "@type": "CategoryCode",
                "codeValue": item.code,
                "name": item.title,
                "inCodeSet": "https://www.bls.gov/soc/2018/",
            }
        ],
    }
    if item.onet and item.onet[0].get("description"):
        doc["description"] = item.onet[0]["description"]
    if item.alternate_titles:
        doc["alternateName"] = item.alternate_titles[:10]
    salary = {
        "@type": "MonetaryAmountDistribution",
        "name": f"Annual pay, {oews_label}",
        "currency": "USD",
        "duration": "P1Y",
    }
    for key, percentile in (
        ("percentile10", "p10"),
        ("percentile25", "p25"),
        ("median", "p50"),
        ("percentile75", "p75"),
        ("percentile90", "p90"),
    ):
        quantile = dist.quantile(percentile)
        if quantile.value is not None:
            salary[key] = round(quantile.value)
    if len(salary) > 4:
        doc["estimatedSalary"] = [salary]
    return doc

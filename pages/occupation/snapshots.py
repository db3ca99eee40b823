"""The occupation pages' snapshots, built from the loaded federal data.

``rebuild_occupation_snapshots`` reads everything once (a dozen queries), builds every page with the
pure ``pages.occupation.build.occupation_payload`` and stores them (``pages.Snapshot`` kind
``occupation``, keyed by SOC code), and each occupation's metro views (kind ``occupation_metro``, the
same key; ``pages.occupation.here``), in the caller's transaction, writing only the rows that changed.
It runs in every rebuild (``pages.snapshots``).
"""

from pages.occupation.build import Context, OccupationInput, occupation_metro_views, occupation_payload
from pages.store import Kind, Written, write_snapshots
from salaries import selectors as data
from salaries import snapshot_reads as reads
from salaries.guidance_selectors import guidance_rows
from salaries.models import DataRelease, SocGuidance
from salaries.statistics.location import metro_tiers


def _vintage(release) -> str:
    return release.vintage if release is not None else "not loaded"


def occupation_inputs_and_context():
    """(inputs by code, shared context, fingerprint): everything the occupation pages are built from."""
    releases = data.current_releases()
    oews = releases.get(DataRelease.Source.OEWS)
    projections_release = releases.get(DataRelease.Source.PROJECTIONS)
    onet_release = releases.get(DataRelease.Source.ONET)
    oews_year = data.survey_year(oews)
    rpp_year = data.rpp_year_for(oews_year) if oews_year else None
    detailed = reads.detailed_occupations()
    levels = reads.occupation_levels()
    wage_rows = reads.wage_rows_by_occupation(oews.pk, detailed) if oews else {}
    ctx = Context(
        oews_vintage=_vintage(oews),
        projections_vintage=_vintage(projections_release),
        onet_vintage=_vintage(onet_release),
        rpp_year=rpp_year,
        rpp=reads.price_parities(rpp_year),
        tiers=metro_tiers(reads.metro_totals(oews.pk)) if oews else {},
        sector_titles=reads.sector_titles(),
        area_names={a["code"]: a["name"] for a in reads.areas()},
        job_zones=reads.job_zones(),
    )
    projections = reads.projections(projections_release.pk if projections_release else None)
    onet = reads.onet_by_soc()
    alternate, reported = reads.titles_by_soc()
    guidance = guidance_rows(sorted(set(detailed) | set(onet)))
    ctx.all_jobs = guidance.get(SocGuidance.ALL_JOBS)
    inputs = {}
    for code in sorted(set(detailed) | set(onet)):
        rows = wage_rows.get(code, [])
        national = next(
            (
                r
                for r in rows
                if r["area_id"] == data.NATIONAL_AREA and r["industry_id"] == data.CROSS_INDUSTRY
            ),
            None,
        )
        held_by = None
        if national is None:
            holder = code[:6] + "0"
            if holder != code and holder in levels:
                held_by = {"code": holder, "title": levels[holder][0], "level": levels[holder][1]}
        title = detailed.get(code) or (onet[code][0]["title"] if onet.get(code) else code)
        inputs[code] = OccupationInput(
            code=code,
            title=title,
            national=national,
            areas=[
                r
                for r in rows
                if r["industry_id"] == data.CROSS_INDUSTRY and r["area_id"] != data.NATIONAL_AREA
            ],
            sectors=[r for r in rows if r["industry_id"] != data.CROSS_INDUSTRY],
            projection=projections.get(code),
            onet=onet.get(code, []),
            alternate_titles=alternate.get(code, []),
            reported_titles=reported.get(code, []),
            held_by=held_by,
            guidance=guidance.get(code),
        )
    return inputs, ctx, data.releases_fingerprint(releases)


def rebuild_occupation_snapshots(inputs=None, ctx=None) -> Written:
    """Store every occupation page's snapshot and its metro views (kind ``occupation_metro``, one row per
    occupation with metro figures), writing only the rows that changed (from ``inputs`` and ``ctx`` of
    ``occupation_inputs_and_context`` when the caller has read them already)."""
    if inputs is None or ctx is None:
        inputs, ctx, _ = occupation_inputs_and_context()
    written = write_snapshots(
        Kind.OCCUPATION, {code: occupation_payload(item, ctx) for code, item in inputs.items()}
    )
    views = {code: occupation_metro_views(item, ctx) for code, item in inputs.items()}
    written += write_snapshots(Kind.OCCUPATION_METRO, {code: v for code, v in views.items() if v})
    return written

"""Compare tracks side by side (``/compare/?tracks=a,b[,c]``): one snapshot per track, written when data
or the catalogue changes, holding its headline figures, pay percentiles, skills and ladder as the track
page computes them (``track_page_context_for``), and its rows and column of the page already rendered
(``columns_html``). Beside them, under keys no slug can take: the menus (``MENUS_KEY``,
``METROS_KEY``, ``METRO_OPTIONS_KEY``) and, per metro, the page's metro section with each track's row
rendered (``METRO_PREFIX`` + CBSA code). A request reads the rows it shows in one query and strings
them together."""

from __future__ import annotations

import re

from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pages.charts.base import CONFIG, FONT_FAMILY
from pages.metro.selectors import metro_compare_parts, metro_index
from pages.store import Kind, Written, write_snapshots
from pages.track.snapshots import track_page_context_for
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_DISPLAY, format_dollars
from tracks.models import Track

MAX_TRACKS = 3
TOP_SKILLS = 10
SLUG_RE = re.compile(r"^[a-z0-9-]{1,80}$")
COLORS = ("#1f5f8b", "#b4531f", "#2e7d32")
# The compare page's menus (every track that can be compared, every metro), stored beside the tracks'
# compare snapshots under keys no slug can take (SLUG_RE has no "_"): a request reads small rows
# instead of every track's and every metro's snapshot, and writes their <option>s as stored (393 metros
# rendered by the template took most of a comparison's time). Three rows, so that a comparison decodes
# only the <option>s it prints, and so that publishing or unpublishing a track rewrites only the first.
MENUS_KEY = "_menus"  # the tracks: {"tracks": [{slug, name}], "track_options": "<option>..."}
METROS_KEY = "_metros"  # {"metros": [{code, name, tier_label, rpp}]} (the occupations comparison)
METRO_OPTIONS_KEY = "_metro_options"  # {"metro_options": "<option>..."}
# One row per metro (METRO_PREFIX + CBSA code): what the metro section shows, from the metro page's
# snapshot, with each track's row rendered; never filtered by the catalogue (a request shows the rows
# of the tracks it found), so publishing a track rewrites none of them.
METRO_PREFIX = "_metro/"
# The shape of every compare row: a row of another shape (built by older code) is read as not built
# until build_snapshots runs, never as a page with parts missing. Change it with the rows' shape.
SCHEMA = "compare-parts-1"
COLUMNS_TEMPLATE = "pages/compare/includes/columns.html"
COLUMN_PARTS = ("headline-row", "pay-row", "ladder", "facts-head", "sources", "quantiles-head")


def compare_payload(context: dict) -> dict:
    """The parts of a track page's context the compare page lines up (pure)."""
    track = context["track"]
    facts = {f["key"]: f for f in context["hero"]["facts"]}
    pay = context.get("placeholder_values", {})
    quantiles = []
    jsonld = context.get("jsonld", {})
    salary = (jsonld.get("estimatedSalary") or [{}])[0]
    for key, label in (
        ("percentile10", "10th"),
        ("percentile25", "25th"),
        ("median", "median"),
        ("percentile75", "75th"),
        ("percentile90", "90th"),
    ):
        quantiles.append({"label": label, "value": salary.get(key)})
    # A track percentile is missing from the stored figures only when it is top-coded (or, when every
    # one is missing, when the track has no published pay at all).
    any_known = any(q["value"] is not None for q in quantiles)
    for q in quantiles:
        if q["value"] is not None:
            q["display"] = format_dollars(q["value"])
        else:
            q["display"] = TOP_CODE_DISPLAY if any_known else NOT_AVAILABLE
    return {
        "slug": track.slug,
        "name": track.name,
        "url": context["canonical_path"],
        "facts": [
            {"key": k, "label": f["label"], "value": f["value"], "detail": f["detail"], "source": f["source"]}
            for k, f in facts.items()
        ],
        "median": pay.get("median_pay", "not available"),
        "quantiles": quantiles,
        # The skills that set the track apart (issue 11's distinctive skills), most distinctive first.
        "skills": [
            s["name"] for s in (context["skills"].get("skills") or context["skills"].get("top") or [])
        ][:TOP_SKILLS],
        "skills_source": context["skills"].get("source", ""),
        "rungs": [
            {
                "title": r["title"],
                "level": r["level_label"],
                "band": r["band_display"],
                "label": r["band_label"],
            }
            for r in context["ladder"]["rungs"]
        ],
    }


def columns_html(payload: dict) -> dict:
    """A track's parts of the compare page as the page prints them, rendered once here from its compare
    payload: its headline row, pay row and ladder, the tables' headings and sources when it comes
    first, and its name, skills and skills' source escaped (``skills`` a list, the rest strings)."""
    html = {
        part.replace("-", "_"): get_template(f"{COLUMNS_TEMPLATE}#{part}").render({"t": payload})
        for part in COLUMN_PARTS
    }
    html["name"] = escape(payload["name"])
    html["skills"] = [escape(s) for s in payload["skills"]]
    html["skills_source"] = escape(payload["skills_source"])
    return html


def skills_html(tracks: list[dict]) -> dict:
    """The skills section of these tracks (read from their stored parts): ``shared`` (the skills every
    track has, in the first track's order) and ``distinct`` (per track its name and the skills only it
    has, or "none"), each list joined with ", " as HTML."""
    parts = [t["html"] for t in tracks]
    sets = [set(p["skills"]) for p in parts]
    shared = set.intersection(*sets) if sets else set()
    return {
        "shared": mark_safe(", ".join(s for s in parts[0]["skills"] if s in shared) if parts else ""),  # noqa: S308
        "distinct": [
            {
                "name": mark_safe(p["name"]),  # noqa: S308
                "skills": mark_safe(", ".join(s for s in p["skills"] if s not in shared) or "none"),  # noqa: S308
            }
            for p in parts
        ],
    }


def compare_menus(payloads: dict[str, dict]) -> dict[str, dict]:
    """What the compare page offers to pick, as the rows stored under ``MENUS_KEY``, ``METROS_KEY`` and
    ``METRO_OPTIONS_KEY``: the tracks being stored (slug and name, by name) and every metro with a
    page (code, name, tier, price parity, by name; read from the metro snapshots, built before these),
    each list also as its ``<option>`` elements, escaped once here."""
    tracks = [{"slug": slug, "name": p["name"]} for slug, p in payloads.items()]
    tracks.sort(key=lambda t: t["name"])
    metros = metro_index()
    return {
        MENUS_KEY: {"tracks": tracks, "track_options": options_html((t["slug"], t["name"]) for t in tracks)},
        METROS_KEY: {"metros": metros},
        METRO_OPTIONS_KEY: {"metro_options": options_html((m["code"], m["name"]) for m in metros)},
    }


def metro_sections() -> dict[str, dict]:
    """Per metro (keyed ``METRO_PREFIX`` + code): what the compare page's metro section shows (code,
    name, vintage, price parity and its year, the metro page's URL) and each track's row there,
    rendered (``rows``, by slug), read from the metro pages' snapshots."""
    row = get_template(f"{COLUMNS_TEMPLATE}#metro-row")
    return {
        f"{METRO_PREFIX}{metro['code']}": {
            **{k: metro[k] for k in ("code", "name", "oews_vintage", "rpp", "rpp_year")},
            "url": reverse("metro", args=[metro["code"]]),
            "rows": {r["slug"]: row.render({"r": r}) for r in metro["tracks"]},
        }
        for metro in metro_compare_parts()
    }


def options_html(choices) -> str:
    """``<option value="v">label</option>`` for each ``(value, label)``, escaped, with nothing between."""
    return "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)


def with_selected(options: str, value: str) -> SafeString:
    """Stored ``options`` (from :func:`options_html`) with the one whose value is ``value`` selected."""
    if value:
        option = f'<option value="{escape(value)}">'
        options = options.replace(option, f"{option.removesuffix('>')} selected>", 1)
    return mark_safe(options)  # noqa: S308 (escaped by options_html when it was stored)


def rebuild_compare_snapshots() -> Written:
    """Store every published track's compare snapshot (with its parts rendered), the page's menus and
    each metro's section, writing only what changed."""
    payloads = {
        track.slug: compare_payload(track_page_context_for(track))
        for track in Track.objects.published().order_by("name")
    }
    for payload in payloads.values():
        payload["html"] = columns_html(payload)
    return write_snapshots(
        Kind.COMPARE, {**payloads, **compare_menus(payloads), **metro_sections()}, schema=SCHEMA
    )


def parse_slugs(value: str) -> list[str]:
    slugs = []
    for part in (value or "").split(","):
        slug = part.strip().lower()
        if SLUG_RE.match(slug) and slug not in slugs:
            slugs.append(slug)
    return slugs[:MAX_TRACKS]


LABEL_POSITIONS = {"10th": "bottom center", "median": "top center", "90th": "bottom center"}


def pay_figure(tracks: list[dict]) -> dict:
    """The tracks' pay percentiles on one chart: a line from the 10th to the 90th percentile per track,
    a marker at each percentile (stored numbers only; top-coded percentiles are left off)."""
    data = []
    for color, t in zip(COLORS, tracks, strict=False):
        points = [q for q in t["quantiles"] if q["value"] is not None]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": t["name"],
                "x": [q["value"] for q in points],
                "y": [t["name"]] * len(points),
                "text": [q["label"] if q["label"] in ("10th", "median", "90th") else "" for q in points],
                # The median's label above the line, the 10th's and 90th's below it: neighbours never
                # overlap on a phone, and no label is cut off at the plot's edge.
                "textposition": [LABEL_POSITIONS.get(q["label"], "top center") for q in points],
                "cliponaxis": False,
                "marker": {"size": 11, "color": color},
                "line": {"color": color, "width": 3},
                "hoverinfo": "skip",
            }
        )
    return {
        "data": data,
        "layout": {
            "title": {"text": "Pay from the 10th to the 90th percentile"},
            "height": 120 + 80 * len(tracks),
            # Room on the right for a label centred on the highest point ("90th").
            "margin": {"l": 10, "r": 28, "t": 50, "b": 40},
            "xaxis": {"tickformat": "$~s", "fixedrange": True, "rangemode": "tozero"},
            # Half a row more above the top track, so its labels sit inside the chart.
            "yaxis": {"automargin": True, "fixedrange": True, "range": [-0.7, len(tracks) - 0.3]},
            "showlegend": False,
            "font": {"family": FONT_FAMILY},
        },
        "config": CONFIG,
    }


def shared_and_distinct_skills(tracks: list[dict]) -> dict:
    sets = [set(t["skills"]) for t in tracks]
    shared = set.intersection(*sets) if sets else set()
    return {
        "shared": [s for s in tracks[0]["skills"] if s in shared] if tracks else [],
        "distinct": [
            {"name": t["name"], "skills": [s for s in t["skills"] if s not in shared]} for t in tracks
        ],
    }

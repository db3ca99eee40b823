"""Compare tracks side by side (``/compare/?tracks=a,b[,c]``): one snapshot per track, written when data
or the catalogue changes, holding its headline figures, pay percentiles, skills and ladder as the track
page computes them (``track_page_context_for``). A request only picks up to three and lines them up."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pages.charts.base import CONFIG, FONT_FAMILY
from pages.metro.selectors import metro_index
from pages.store import Kind, Written, write_snapshots
from pages.track.snapshots import track_page_context_for
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_DISPLAY, format_dollars
from tracks.models import Track

MAX_TRACKS = 3
TOP_SKILLS = 10
SLUG_RE = re.compile(r"^[a-z0-9-]{1,80}$")
COLORS = ("#1f5f8b", "#b4531f", "#2e7d32")
# The compare page's two menus (every track that can be compared, every metro), stored beside the
# tracks' compare snapshots under a key no slug can take (SLUG_RE has no "_"): a request reads one
# small row instead of every track's and every metro's snapshot, and writes their <option>s as stored
# (393 metros rendered by the template took most of a comparison's time).
MENUS_KEY = "_menus"


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


def compare_menus(payloads: dict[str, dict]) -> dict:
    """What the compare page offers to pick: the tracks being stored (slug and name, by name) and every
    metro with a page (code, name, tier, price parity, by name; read from the metro snapshots, built
    before these), each list also as its ``<option>`` elements, escaped once here."""
    tracks = [{"slug": slug, "name": p["name"]} for slug, p in payloads.items()]
    tracks.sort(key=lambda t: t["name"])
    metros = metro_index()
    return {
        "tracks": tracks,
        "metros": metros,
        "track_options": options_html((t["slug"], t["name"]) for t in tracks),
        "metro_options": options_html((m["code"], m["name"]) for m in metros),
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
    """Store every published track's compare snapshot and the page's menus (under ``MENUS_KEY``),
    writing only what changed."""
    payloads = {
        track.slug: compare_payload(track_page_context_for(track))
        for track in Track.objects.published().order_by("name")
    }
    return write_snapshots(Kind.COMPARE, {**payloads, MENUS_KEY: compare_menus(payloads)})


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

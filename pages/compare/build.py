"""Compare tracks side by side (``/compare/?tracks=a,b[,c]``): one snapshot per track, written when data
or the catalogue changes, holding its headline figures, pay percentiles, skills and ladder as the track
page computes them (``track_page_context_for``). A request only picks up to three and lines them up."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from pages.charts.base import CONFIG, FONT_FAMILY
from pages.track.snapshots import track_page_context_for
from salaries.statistics.wages import NOT_AVAILABLE, TOP_CODE_DISPLAY, format_dollars
from tracks.models import PageSnapshot, Track

MAX_TRACKS = 3
TOP_SKILLS = 10
SLUG_RE = re.compile(r"^[a-z0-9-]{1,80}$")
COLORS = ("#1f5f8b", "#b4531f", "#2e7d32")


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


def rebuild_compare_snapshots(fingerprint: str) -> int:
    now = timezone.now()
    snapshots = [
        PageSnapshot(
            kind=PageSnapshot.Kind.COMPARE,
            key=track.slug,
            payload=compare_payload(track_page_context_for(track)),
            fingerprint=fingerprint,
            built_at=now,
        )
        for track in Track.objects.published().order_by("name")
    ]
    with transaction.atomic():
        PageSnapshot.objects.filter(kind=PageSnapshot.Kind.COMPARE).delete()
        PageSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)


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

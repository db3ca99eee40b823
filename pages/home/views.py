"""The home page (``/``): every track's summary, searched and sorted, with the chart of every track,
and ``/tracks.csv`` (the chart's numbers), read from what the snapshots stored."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.csv import csv_response
from pages.home.build import home_chart_payload, home_page_data, parse_sort, search_tracks, sort_tracks
from pages.home.chart import chart_from_payload
from pages.links import canonical_url

MAX_QUERY_LENGTH = 100


@require_safe
@public_page(query=("sort", "q"))
def home(request):
    summary = home_page_data()
    sort, descending = parse_sort(request.GET.get("sort"))
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    tracks = summary["tracks"]
    if query:
        tracks = search_tracks(tracks, query)
    columns = [
        {"key": "name", "label": "Track", "numeric": False},
        {"key": "pay", "label": "Median pay", "numeric": True},
        {"key": "jobs", "label": "U.S. jobs", "numeric": True},
        {"key": "growth", "label": "Projected growth", "numeric": True},
    ]
    for column in columns:
        active = column["key"] == sort
        column["active"] = active
        column["aria_sort"] = ("descending" if descending else "ascending") if active else ""
        # Clicking the active column flips it; another starts high to low (figures) or A to Z (names).
        next_descending = (not descending) if active else column["numeric"]
        column["next"] = ("-" if next_descending else "") + column["key"]
    # Every track on one chart (whatever the search), as stored with the snapshots.
    chart, chart_key = (None, [])
    if summary["chart"] is not None:
        chart, chart_key = chart_from_payload(summary["chart"], csv_url=reverse("tracks_csv"))
    return render(
        request,
        "pages/home/home.html",
        {
            "tracks": sort_tracks(tracks, sort, descending),
            "track_count": len(summary["tracks"]),
            "columns": columns,
            "sort": sort,
            "sort_param": ("-" if descending else "") + sort,
            "query": query,
            "oews_vintage": summary["oews"],
            "projections_vintage": summary["projections"],
            "chart": chart,
            "chart_key": chart_key,
            "canonical_url": canonical_url("home"),
        },
    )


@require_safe
@public_page
def tracks_csv(request):
    """The home chart's numbers, as stored: every published track's median pay, projected growth and
    U.S. jobs (a 404 until the chart is built)."""
    payload = home_chart_payload()
    if payload is None:
        raise Http404("The chart of every track has not been built yet.")
    return csv_response("career-tracks.csv", payload["csv_headers"], payload["csv_rows"], payload["source"])

"""Public pages that are not track pages: home (and its CSV), methodology, sitemap.xml and robots.txt."""

import csv

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.metro.selectors import metro_codes
from pages.occupation.selectors import occupation_codes
from pages.state.selectors import state_codes
from salaries import guidance, presentation
from salaries.models import DataRelease
from salaries.presentation import rpp_pairing
from salaries.selectors import all_releases, rpp_year_for, survey_year
from salaries.statistics.wages import TOP_CODE_DISPLAY
from tracks.home import home_page_data, parse_sort, search_tracks, sort_tracks
from tracks.home_chart import chart_from_payload
from tracks.models import Track
from tracks.page.snapshots import home_chart_payload

MAX_QUERY_LENGTH = 100
METHOD_HEADINGS = {
    "detailed_occupations": "A track is a set of detailed occupations",
    "track_employment": "Jobs in a track",
    "track_pay": "Pay in a track",
    "tails": "The ends of each pay distribution",
    "top_coding": "The top code",
    "left_out": "Occupations left out",
    "price_adjusted": "Price-adjusted pay",
    "metro_tiers": "Metro tiers",
    "metro_ranking": "Which metros are ranked",
    "pay_by_location": "The pay-by-location sentence",
    "pay_goes_furthest": "Where pay goes furthest",
    "industry_shares": "Industry shares",
    "trends": "Trends over time",
    "projections": "Projected change",
    "skills": "Skills",
    "related_tracks": "Related tracks",
}


@require_safe
@public_page
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
            "canonical_url": f"{settings.SITE_URL}/",
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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="career-tracks.csv"'
    writer = csv.writer(response)
    writer.writerow([*payload["csv_headers"], "source"])
    for row in payload["csv_rows"]:
        writer.writerow([*row, payload["source"]])
    return response


@require_safe
@public_page
def methodology(request):
    releases = all_releases()
    oews = next((r for r in releases if r.source == DataRelease.Source.OEWS), None)
    oews_year = survey_year(oews)
    rpp_year = rpp_year_for(oews_year) if oews_year else None
    return render(
        request,
        "pages/methodology/methodology.html",
        {
            "releases": releases,
            "rpp_pairing": rpp_pairing(oews_year, rpp_year) if oews_year and rpp_year else "",
            "method_notes": [
                {
                    "id": key.replace("_", "-"),
                    "heading": METHOD_HEADINGS.get(key, key.replace("_", " ").capitalize()),
                    "text": text,
                }
                for key, text in presentation.METHOD_NOTES.items()
            ]
            + [
                {"id": key.replace("_", "-"), "heading": guidance.METHOD_HEADINGS[key], "text": text}
                for key, text in guidance.METHOD_NOTES.items()
            ],
            "top_code": TOP_CODE_DISPLAY,
            "canonical_url": f"{settings.SITE_URL}{reverse('methodology')}",
        },
    )


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Never names the admin path: DJANGO_ADMIN_URL is there to keep it out of sight."""
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /me/",
        "Disallow: /get-started/",
        "Disallow: /*?metro=",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class _SiteUrlSitemap(Sitemap):
    """Absolute URLs from ``SITE_URL`` (the same origin as canonical links), not the request's host."""

    @property
    def protocol(self):
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]


class StaticPagesSitemap(_SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "methodology"]

    def location(self, item):
        return reverse(item)


class TrackSitemap(_SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Track.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, track):
        return track.updated_at


class ExplorePagesSitemap(_SiteUrlSitemap):
    """Search and the occupation and metro indexes."""

    changefreq = "monthly"

    def items(self):
        return ["search", "occupation_index", "metro_index"]

    def location(self, item):
        return reverse(item)


class OccupationSitemap(_SiteUrlSitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return occupation_codes()

    def location(self, code):
        return reverse("occupation", kwargs={"code": code})


class MetroSitemap(_SiteUrlSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return metro_codes()

    def location(self, code):
        return reverse("metro", kwargs={"code": code})


class StateSitemap(_SiteUrlSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return state_codes()

    def location(self, postal):
        return reverse("state", kwargs={"postal": postal})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "tracks": TrackSitemap,
    "explore": ExplorePagesSitemap,
    "occupations": OccupationSitemap,
    "metros": MetroSitemap,
    "states": StateSitemap,
}

"""The sitemap's sections: the static pages, every published track, the search and index pages, and
every occupation, metro and state page (each list read in one query)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pages.metro.selectors import metro_codes
from pages.occupation.selectors import occupation_codes
from pages.state.selectors import state_codes
from tracks.models import Track


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

"""``/methodology/``: the loaded releases with their vintages, the RPP year paired with the OEWS year, and
every method note."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.links import canonical_url
from pages.methodology.notes import method_notes
from pages.sentences import rpp_pairing
from salaries.models import DataRelease
from salaries.selectors import all_releases, rpp_year_for, survey_year
from salaries.statistics.wages import TOP_CODE_DISPLAY


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
            "method_notes": method_notes(),
            "top_code": TOP_CODE_DISPLAY,
            "canonical_url": canonical_url("methodology"),
        },
    )

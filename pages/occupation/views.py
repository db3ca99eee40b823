"""The occupation pages: the index, one occupation's page and the CSV of each of its tables, read from
the stored snapshots (a fixed number of queries, no statistic computed, no session, no cookie)."""

import re

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.csv import csv_response
from pages.jsonld import ld_json
from pages.links import canonical_url
from pages.occupation import selectors
from salaries.places import is_typed_place, match_metros

SOC_RE = re.compile(r"^\d{2}-\d{4}$")
TYPED_MAX = 80  # characters of typed text shown back


def _occupation_or_404(code: str):
    if not SOC_RE.match(code):
        raise Http404("Not an SOC occupation code.")
    snapshot = selectors.occupation_snapshot(code)
    if snapshot is None:
        raise Http404("No occupation with this code.")
    return snapshot


@require_safe
@public_page(query=("metro",))
def occupation_detail(request, code: str):
    snapshot = _occupation_or_404(code)
    page = snapshot.payload
    path = reverse("occupation", kwargs={"code": code})
    asked = request.GET.get("metro", "").strip()[:TYPED_MAX]
    here = _metro_choice(code, page, asked)
    if here.get("redirect"):
        return HttpResponseRedirect(f"{path}?metro={here['redirect']}#here")
    for chart in page.get("charts", []):
        chart["csv_url"] = f"{path}data/{chart['key']}.csv"
    return render(
        request,
        "pages/occupation/detail.html",
        {
            "page": page,
            "here": here,
            "tracks": selectors.tracks_including(code),
            "canonical_url": canonical_url(path),
            "jsonld_script": ld_json(page["jsonld"]) if page.get("jsonld") else "",
            "csv_base": path,
            "path": path,
        },
        status=404 if here.get("not_found") else 200,
    )


def _metro_choice(code: str, page: dict, asked: str) -> dict:
    """What ``?metro=`` asks for: nothing; a CBSA code (its stored view, or "no figures there"); or text
    typed in the picker, resolved with the one metro matcher (``salaries.places.match_metros``) among
    the occupation's own metros from its stored page. One match redirects to its code; several are
    listed to choose from; none says so and keeps the text in the picker."""
    if not asked or not page.get("published"):
        return {}
    names = {option["code"]: option["name"] for option in page.get("metro_options", [])}
    if is_typed_place(asked):
        codes = match_metros(asked, names)
        if len(codes) == 1:
            return {"redirect": codes[0]}
        matches = [{"code": c, "name": names[c]} for c in codes]
        return {"typed": asked, "matches": matches, "not_found": not matches}
    view = selectors.occupation_metro_view(code, asked) if asked in names else None
    if view is None:
        return {"unknown_code": asked, "not_found": True}
    return {"metro": view}


@require_safe
@public_page
def occupation_csv(request, code: str, table: str):
    page = _occupation_or_404(code).payload
    tables = {c["key"]: c for c in page.get("charts", [])}
    for key in ("pay", "states", "metros"):
        if key in page:
            tables[key] = page[key]
    found = tables.get(table)
    if found is None:
        raise Http404("This occupation page has no table with that name.")
    return csv_response(f"{code}-{table}.csv", found["csv_headers"], found["csv_rows"], found["source"])


@require_safe
@public_page
def occupation_index(request):
    return render(
        request,
        "pages/occupation/index.html",
        {"occupations": selectors.occupation_index(), "canonical_url": canonical_url("occupation_index")},
    )

"""``/search/?q=`` (and ``&metro=``): job titles ranked from the in-memory index, each occupation with
its stored median pay (national, or in the metro named) and projected growth; empty or junk queries get a
page with examples, never an error."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.links import canonical_url
from pages.search.index import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise
from pages.search.selectors import search_answer

EXAMPLES = ["registered nurse", "software developer", "product manager", "electrician", "accountant"]
TYPED_MAX = 80  # characters of a typed metro shown back


@require_safe
@public_page(query=("q", "metro"))
def search(request):
    raw = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = raw.replace("\x00", "")
    metro = request.GET.get("metro", "").replace("\x00", "").strip()[:TYPED_MAX]
    answer = search_answer(query, metro)
    if len(answer.metro_matches) == 1:  # typed text naming one metro: show its figures
        wanted = {"q": query, "metro": answer.metro_matches[0]["code"]}
        return HttpResponseRedirect(f"{reverse('search')}?{urlencode(wanted)}")
    too_short = bool(query) and len(normalise(query)) < MIN_QUERY_LENGTH
    return render(
        request,
        "pages/search/search.html",
        {
            "query": query,
            "results": answer.results,
            "tracks": answer.tracks,
            "metro": answer.metro,
            "metro_options": answer.metro_options,
            "metro_unknown": answer.metro_unknown,
            "typed_metro": answer.typed,
            "search_path": reverse("search"),
            "metro_matches": answer.metro_matches,
            "too_short": too_short,
            "index_ready": answer.index_ready,
            "examples": EXAMPLES,
            "canonical_url": canonical_url("search"),
        },
    )

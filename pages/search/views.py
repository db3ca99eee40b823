"""``/search/?q=``: job titles ranked from the in-memory index; empty or junk queries get a page with
examples, never an error."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.links import canonical_url
from pages.search.index import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise
from pages.search.selectors import search_index

EXAMPLES = ["registered nurse", "software developer", "product manager", "electrician", "accountant"]


@require_safe
@public_page(query=("q",))
def search(request):
    raw = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = raw.replace("\x00", "")
    index = search_index()
    results = index.search(query) if index is not None and query else []
    too_short = bool(query) and len(normalise(query)) < MIN_QUERY_LENGTH
    return render(
        request,
        "pages/search/search.html",
        {
            "query": query,
            "results": results,
            "too_short": too_short,
            "index_ready": index is not None,
            "examples": EXAMPLES,
            "canonical_url": canonical_url("search"),
        },
    )

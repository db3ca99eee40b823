"""HTTP caching for public pages: the one full-response cache, keyed by the data generation, with
compression, validators and Cache-Control. nginx (deploy/nginx.conf) stays in front of it.

Views mark themselves public with :func:`public_page` (their response must be the same for every
visitor: no session, no cookie, no CSRF token) and declare the query parameters they read
(``@public_page(query=("metro",))``). :class:`PageCacheMiddleware`, placed before the session
middleware, then:

- answers an anonymous GET/HEAD from the cache (key: path with the *declared* query parameters in a
  canonical order, and content coding; the entry is stamped with the generation it was made in) without
  touching the database or the session: one cache round trip reads the generation and the page together
  (``salaries.generation.current_generation_and``);
- drops every other query parameter (``?utm_source=…``, ``?junk=1``) from the key, and from the
  ``request.GET`` the view sees: the page is served (200) as if they were not there, so junk query
  strings add no cache entry (we drop rather than redirect: a redirect costs every tracked link a
  round trip, and the canonical link in each page already names the clean URL);
- stores a public page's 200 response once, compressed once (brotli or gzip, as the client accepts);
- sets ``ETag``/``Last-Modified`` from the generation, ``Cache-Control: public, max-age=300,
  stale-while-revalidate=86400`` and ``Vary: Accept-Encoding``, and answers ``304 Not Modified``
  (Django's ``get_conditional_response``: ``If-None-Match``, or without one ``If-Modified-Since``);
- marks every other response ``Cache-Control: private, no-store`` unless the view said otherwise.

Why a middleware and not ``cache_page``: Django's ``cache_page`` keys on the whole URL (junk included)
and runs after the session and authentication middleware; this cache is keyed by the generation and
the declared parameters, and a hit skips the session, authentication, CSRF and messages entirely.
Django's own helpers do the rest (``get_conditional_response``, ``patch_vary_headers``). There is no
second response cache in Django: views never use ``cache_page``.

A cached entry can never be wrong after a change: every load, snapshot build and editorial save bumps
the generation, and an entry stamped with another generation is a miss (the page is made again and
replaces it). Pages live in the ``pages`` cache alias, beside the generation, never in ``default`` where
the rate-limit counters are, so page-cache pressure can never evict a counter.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import wraps

import brotli
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import urlencode

from salaries.generation import Generation, current_generation_and, pinned_generation


def page_cache():
    """Where whole public responses are kept: the ``pages`` cache alias (its own Redis in production, with
    an LRU limit), so page pressure can never evict the rate-limit counters kept in ``default``."""
    return caches["pages"]


PUBLIC_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"
PRIVATE_CACHE_CONTROL = "private, no-store"
CACHE_SECONDS = 60 * 60 * 24
CACHE_PREFIX = "page:v2"
MIN_COMPRESS_BYTES = 512
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml", "application/ld+json")
ENCODINGS = ("br", "gzip", "")  # in order of preference
GZIP_LEVEL = 6
BROTLI_QUALITY = 4  # once per page and generation: about gzip's size for half its time on 100 kB
# A URL with a query string (a metro view, a search, a comparison) is one of hundreds or thousands of
# variants of a page, each compressed once and read far less often than the page itself: compress
# those fast. On a 125 kB metro view brotli 2 takes about a third of quality 4's time for 5% more
# bytes; gzip 4 half of level 6's. On a 39 kB comparison brotli 1 takes 0.12 ms against brotli 2's
# 0.29 ms for 10% more bytes (12.2 kB against 11.1 kB), where brotli 2 was a tenth of the page's time.
VARIANT_GZIP_LEVEL = 4
VARIANT_BROTLI_QUALITY = 1
# Headers a stored response keeps (per-request ones such as Date and Set-Cookie never are).
STORED_HEADERS = frozenset(
    {
        "content-type",
        "content-language",
        "content-disposition",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "permissions-policy",
        "content-security-policy",
        "retry-after",
        "x-robots-tag",
    }
)


def public_page(view=None, *, query: tuple[str, ...] = ()):
    """Mark a view's responses as public: identical for every visitor, cacheable by anyone.

    ``query`` names the query parameters the view reads (``@public_page(query=("metro",))``); a bare
    ``@public_page`` reads none. The cache key keeps only these, and the view sees only these in
    ``request.GET``, so a page can never depend on a parameter its key leaves out.
    """

    def decorate(view):
        declared = tuple(sorted(set(query)))

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.public_page = True  # templates skip per-visitor parts (messages) on public pages
            request.GET = QueryDict(canonical_query(request.GET, declared), encoding=request.encoding)
            response = view(request, *args, **kwargs)
            response.public_page = True
            return response

        wrapped.public_page = True
        wrapped.query_params = declared
        return wrapped

    return decorate(view) if view is not None else decorate


def canonical_query(params, declared: tuple[str, ...]) -> str:
    """The query string of ``params`` (a ``QueryDict``) with only the ``declared`` names, in their
    (sorted) order; each name's values in the order given (compare's ``tracks`` order matters)."""
    return urlencode([(name, value) for name in declared for value in params.getlist(name)])


def canonical_path(request, declared: tuple[str, ...]) -> str:
    """The request's path with its declared query parameters only: what a public page is keyed by."""
    query = canonical_query(request.GET, declared)
    return f"{request.path}?{query}" if query else request.path


def accepted_encoding(request) -> str:
    """The best content coding the client accepts: "br", "gzip" or "" (identity)."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if not header:
        return ""
    accepted = set()
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip())
    for encoding in ENCODINGS[:-1]:
        if encoding in accepted or "*" in accepted:
            return encoding
    return ""


def page_cache_key(full_path: str, encoding: str) -> str:
    """Where a page is kept in one content coding; its entry names the generation it was made in."""
    digest = hashlib.blake2b(full_path.encode(), digest_size=16).hexdigest()
    return f"{CACHE_PREFIX}:{encoding or 'identity'}:{digest}"


def _compress(body: bytes, encoding: str, *, variant: bool = False) -> bytes:
    """``body`` in ``encoding``; a ``variant`` (a URL with a query string) with the faster settings."""
    if encoding == "br":
        return brotli.compress(body, quality=VARIANT_BROTLI_QUALITY if variant else BROTLI_QUALITY)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=VARIANT_GZIP_LEVEL if variant else GZIP_LEVEL, mtime=0)
    return body


def _compressible(response) -> bool:
    content_type = response.get("Content-Type", "")
    return (
        not response.has_header("Content-Encoding")
        and content_type.startswith(COMPRESSIBLE)
        and len(response.content) >= MIN_COMPRESS_BYTES
    )


def public_view(request):
    """The view the URL resolves to when it is marked with :func:`public_page`, else None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.func if getattr(match.func, "public_page", False) else None


def _refused_query(request) -> bool:
    """A NUL byte anywhere in the query string, even in a parameter the page does not read: never
    answered from the cache, so careers.middleware.BadInputMiddleware answers it 400 as ever."""
    query = request.META.get("QUERY_STRING", "")
    return "%00" in query or "\x00" in query


def _set_validators(response, generation: Generation) -> None:
    response["ETag"] = generation.etag
    response["Last-Modified"] = generation.last_modified
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL


class PageCacheMiddleware:
    """See the module docstring. Put it after the security, static-file and CSP middleware and before
    ``SessionMiddleware``, so a hit skips the session, authentication, CSRF and messages entirely."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = public_view(request) if request.method in ("GET", "HEAD") else None
        if view is None or _refused_query(request):
            return self._private(self.get_response(request))
        encoding = accepted_encoding(request)
        full_path = canonical_path(request, getattr(view, "query_params", ()))
        key = page_cache_key(full_path, encoding)
        generation, found = current_generation_and([key])
        stamped = found.get(key)
        if stamped is not None and stamped[0] == generation.key:
            return self._respond(request, generation, stamped[1:])
        with pinned_generation(generation):  # the view's reads are of this generation, read once
            response = self.get_response(request)
        if not getattr(response, "public_page", False):
            return self._private(response)
        if response.status_code != 200 or response.streaming or response.cookies:
            # Public but not storable (a 404, a page not built yet): still the same for everyone.
            response.headers.setdefault("Cache-Control", "public, max-age=60")
            return response
        entry = self._store(response, generation, full_path, encoding)
        return self._respond(request, generation, entry)

    def _store(self, response, generation: Generation, full_path: str, encoding: str) -> tuple:
        """Store the response in this client's coding (compressed once, here); a client asking for
        another coding later makes one more render (nearly every client asks for brotli)."""
        headers = [(k, v) for k, v in response.items() if k.lower() in STORED_HEADERS]
        body = response.content
        if not _compressible(response):
            entry = (headers, body, "", False)
            entries = dict.fromkeys(ENCODINGS, entry)
        else:
            variant = "?" in full_path
            entries = {encoding: (headers, _compress(body, encoding, variant=variant), encoding, True)}
        page_cache().set_many(
            {page_cache_key(full_path, e): (generation.key, *entry) for e, entry in entries.items()},
            CACHE_SECONDS,
        )
        return entries[encoding]

    def _respond(self, request, generation: Generation, entry: tuple):
        headers, body, encoding, varies = entry
        response = HttpResponse(body)
        for name, value in headers:
            response[name] = value
        if encoding:
            response["Content-Encoding"] = encoding
        _set_validators(response, generation)
        if varies:
            patch_vary_headers(response, ("Accept-Encoding",))
        # 304 for a matching If-None-Match (or, without one, If-Modified-Since), with these headers.
        response = get_conditional_response(
            request,
            etag=generation.etag,
            last_modified=int(generation.changed_at.timestamp()),
            response=response,
        )
        response.public_page = True
        return response

    @staticmethod
    def _private(response):
        if not getattr(response, "public_page", False) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

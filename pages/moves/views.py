"""The career-moves page of an occupation and its CSV, read from the stored snapshots (two queries, no
statistic computed, no session, no cookie). ``?metro=<CBSA>`` looks the moves' figures up in one metro;
typed text is resolved among the occupation's metros; the filters are GET parameters."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.charts.families import chart_card
from pages.csv import csv_response
from pages.links import canonical_url
from pages.moves import selectors
from pages.moves.build import NAMES_KEY
from pages.moves.rows import (
    CSV_HEADERS,
    FILTER_LABELS,
    FILTERS,
    Place,
    csv_rows,
    move_rows,
    origin_pay,
    pay_display,
)
from salaries.places import match_metros, normalise

SOC_RE = re.compile(r"^\d{2}-\d{4}$")
METRO_CODE_RE = re.compile(r"^[0-9]{5}$")
TYPED_MAX = 80
QUERY = ("metro", *FILTERS)


def _moves_or_404(code: str) -> dict:
    if not SOC_RE.match(code):
        raise Http404("Not an SOC occupation code.")
    payload = selectors.moves_snapshot(code)
    if payload is None:
        raise Http404("No occupation with this code.")
    return payload


def _is_typed_text(value: str) -> bool:
    text = normalise(value).replace(" ", "")
    return len(text) >= 2 and not text.isdigit() and not METRO_CODE_RE.match(value)


class _NoMetro(Exception):
    pass


def _place(payload: dict, metro: str | None) -> tuple[Place, dict[str, str]]:
    """The place asked for and the occupation's metros by code (their names); raises ``_NoMetro``."""
    keys = [NAMES_KEY] + ([metro] if metro and METRO_CODE_RE.match(metro) else [])
    stored = selectors.metro_rows(keys)
    names = stored.get(NAMES_KEY, {}).get("names", {})
    options = {code: names[code] for code in payload["metros"] if code in names}
    if metro is None:
        return Place(), options
    if metro not in options or metro not in stored:
        raise _NoMetro
    return Place(metro, options[metro], stored[metro]), options


def _filters(request) -> list[str]:
    return [name for name in FILTERS if request.GET.get(name) in ("1", "on", "true", "yes")]


@require_safe
@public_page(query=QUERY)
def occupation_moves(request, code: str):
    payload = _moves_or_404(code)
    path = reverse("occupation_moves", kwargs={"code": code})
    metro = request.GET.get("metro", "").strip() or None
    typed = None
    if metro is not None and _is_typed_text(metro):
        typed, metro = metro[:TYPED_MAX], None
    status = 200
    try:
        place, options = _place(payload, metro)
    except _NoMetro:
        place, options = _place(payload, None)
        status = 404
    matches = []
    if typed is not None:
        codes = match_metros(typed, options)
        if len(codes) == 1:
            return HttpResponseRedirect(f"{path}?metro={codes[0]}#moves")
        matches = [{"code": c, "name": options[c]} for c in codes]
        status = 200 if codes else 404
    filters = _filters(request)
    rows = move_rows(payload, place, filters)
    own_pay, own_published = origin_pay(payload, place)
    query = "&".join([f"metro={place.code}"] if place.code else []) + "".join(f"&{f}=1" for f in filters)
    csv_url = f"{reverse('occupation_moves_csv', kwargs={'code': code})}?{query.lstrip('&')}".rstrip("?")
    chart = chart_card(
        "moves",
        "moves",
        rows,
        source=(
            f"BLS OEWS, {payload['oews_vintage']} (pay, jobs); O*NET {payload['onet_vintage']} (skills, "
            f"knowledge, job zones, related occupations); BLS Employment Projections, "
            f"{payload['projections_vintage']}"
            + (f"; BEA Regional Price Parities {payload['rpp_year']}" if payload.get("rpp_year") else "")
        ),
        csv_url=csv_url,
    )
    context = {
        "page": payload,
        "place": place,
        "rows": rows,
        "chart": chart,
        "filters": [{"name": f, "label": FILTER_LABELS[f], "on": f in filters} for f in FILTERS],
        "any_filter": bool(filters),
        "metro_options": [{"code": c, "name": n} for c, n in sorted(options.items(), key=lambda i: i[1])],
        "typed": typed or "",
        "matches": matches,
        "metro_missing": status == 404 and typed is None,
        "own_pay": own_pay,
        "own_pay_display": pay_display(own_pay, own_published),
        "canonical_url": canonical_url(path),
        "path": path,
        "csv_url": csv_url,
    }
    return render(request, "pages/moves/moves.html", context, status=status)


def move_rows_origin_display(pay, published: bool) -> str:
    from pages.moves.rows import _pay_display

    return _pay_display(pay, published)


@require_safe
@public_page(query=QUERY)
def occupation_moves_csv(request, code: str):
    payload = _moves_or_404(code)
    metro = request.GET.get("metro", "").strip() or None
    try:
        place, _ = _place(payload, metro)
    except _NoMetro:
        raise Http404("No figures for that metro area.") from None
    rows = move_rows(payload, place, _filters(request))
    suffix = f"-{place.code}" if place.code else ""
    return csv_response(
        f"{code}-moves{suffix}.csv",
        CSV_HEADERS,
        csv_rows(rows, place),
        f"BLS OEWS {payload['oews_vintage']}; O*NET {payload['onet_vintage']}; "
        f"BLS Employment Projections {payload['projections_vintage']}",
    )

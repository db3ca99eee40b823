"""Rendering the track comparison: its template's markup, split once per process and shape, filled with
a request's stored parts.

Every comparison prints the same markup around different stored parts (rows, columns, ``<option>``s,
names), and most of a request's time went to the template engine walking that markup. So, per process,
the template is rendered once for each *shape* of context (how many tracks, a metro or not, shared
skills or not: what its ``{% if %}`` and ``{% for %}`` tags see) with a marker in place of every value,
and cut at the markers; a request then joins the pieces with its own values, escaped as the template
would escape them. The result is byte for byte what the template renders
(``tests/pages/compare/test_render.py``). With ``DEBUG`` on (templates edited while the server runs)
the template is rendered every time.

A context handed to :func:`render_markup` holds only strings (``SafeString`` for stored HTML), lists,
dicts and ``None``: no filter may change a value (the view works out ``json_script`` and ``default``),
and no tag may read one (URLs come with the stored parts).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

MARK = "\x00"  # never in a page: BadInputMiddleware refuses NUL bytes, templates have none
SLOT_RE = re.compile(f"{MARK}([0-9]+){MARK}")
MAX_SHAPES = 256

_markup: dict[tuple, list[str]] = {}


def shape_of(value) -> tuple | bool:
    """What the template's tags can tell apart: a list's length and its items' shapes, a dict's keys
    and their values' shapes, a string's or ``None``'s truth."""
    return _walk(value, [])


def _walk(value, values: list) -> tuple | bool:
    """``value``'s shape; its true strings appended to ``values`` in the order the probe numbers them."""
    if isinstance(value, str):
        if value:
            values.append(value)
            return True
        return False
    if isinstance(value, dict):
        return tuple((key, _walk(item, values)) for key, item in value.items())
    if isinstance(value, list):
        return ("list", *(_walk(item, values) for item in value))
    if value is None:
        return False
    raise TypeError(f"render_markup takes strings, lists, dicts and None, not {type(value).__name__}")


def _probe(value, values: list):
    """``value`` with each true string replaced by a marker naming its place in ``values``."""
    if isinstance(value, dict):
        return {key: _probe(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_probe(item, values) for item in value]
    if value:
        values.append(value)
        return SafeString(f"{MARK}{len(values) - 1}{MARK}")
    return value


def _pieces(template_name: str, context: dict, request) -> list[str]:
    """The template rendered with markers, cut at them: literal text at even places, slot numbers at
    odd ones."""
    probe = _probe(context, [])
    return SLOT_RE.split(get_template(template_name).render(probe, request))


def render_markup(request, template_name: str, context: dict) -> HttpResponse:
    """The response ``render(request, template_name, context)`` would give, from the markup split once
    per shape of ``context``."""
    values: list = []
    shape = _walk(context, values)
    if settings.DEBUG:
        pieces = _pieces(template_name, context, request)
    else:
        key = (template_name, shape)
        pieces = _markup.get(key)
        if pieces is None:
            pieces = _pieces(template_name, context, request)
            if len(_markup) >= MAX_SHAPES:
                _markup.clear()
            _markup[key] = pieces
    filled = [
        piece if i % 2 == 0 else conditional_escape(values[int(piece)]) for i, piece in enumerate(pieces)
    ]
    return HttpResponse("".join(filled))

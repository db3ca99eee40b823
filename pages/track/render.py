"""The track page's <article>, rendered once when its snapshot is built, and metro views spliced from it.

A stored page carries ``body_html`` (the template's ``page-body`` partial), the fingerprint of the track
row it was rendered from and of the templates it was rendered with. A request uses the stored body when
both still match (the usual case: no template work but the page's frame); otherwise the template renders
the body from the page's data as usual, so an edit or a new template never shows stale text.
A metro view is the stored body with the metro's panel (the ``metro-panel`` partial, a small render)
put in place of the ``<!--metro-panel-->`` marker and its option selected.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from functools import cache

from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from salaries.places import picker_tables
from tracks.models import Track

PAGE_TEMPLATE = "pages/track/detail.html"
BODY_TEMPLATES = (  # the page template and every template it includes
    PAGE_TEMPLATE,
    "pages/includes/chart_card.html",
    "pages/track/includes/ladder.html",
    "pages/track/includes/rung_guidance.html",
    "pages/track/includes/section_nav.html",
    "pages/track/includes/guidance.html",
    "pages/track/includes/hero_notes.html",
    "pages/includes/metro_picker.html",
)
METRO_MARKER = "<!--metro-panel-->"


@cache
def templates_fingerprint() -> str:
    """A digest of the templates the stored body is rendered from (once per process), and of the metro
    picker's tables (the aliases are data the picker carries)."""
    digest = hashlib.blake2b(digest_size=12)
    for name in BODY_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    digest.update(repr(sorted(picker_tables().items())).encode())
    return digest.hexdigest()


def track_fingerprint(track: Track) -> str:
    """A digest of every field of the track's row (but its timestamp): what the page text comes from."""
    digest = hashlib.blake2b(digest_size=12)
    for field in Track._meta.concrete_fields:
        if field.name != "updated_at":
            digest.update(f"{field.attname}={getattr(track, field.attname)!r}\x00".encode())
    return digest.hexdigest()


def with_body(page):
    """The page with its rendered body and the fingerprints it was rendered under (build time)."""
    body = render_to_string(f"{PAGE_TEMPLATE}#page-body", page.as_context())
    return replace(
        page,
        body_html=mark_safe(body),  # noqa: S308 - our own template's output
        body_fingerprint=f"{track_fingerprint(page.track)}:{templates_fingerprint()}",
    )


def body_is_current(page, track: Track) -> bool:
    return (
        bool(page.body_html)
        and page.body_fingerprint == f"{track_fingerprint(track)}:{templates_fingerprint()}"
    )


def spliced_metro_body(page, panel: dict) -> str:
    """The stored body with ``panel`` in place and its option selected in the metro picker."""
    context = {"track": page.track, "metro": panel, "canonical_path": page.canonical_path}
    panel_html = render_to_string(f"{PAGE_TEMPLATE}#metro-panel", context)
    body = page.body_html.replace(METRO_MARKER, panel_html, 1)
    code = re.escape(panel["code"])
    body = re.sub(rf'(<option value="{code}")', r"\1 selected", body, count=1)
    return mark_safe(body)  # noqa: S308 - our own template's output

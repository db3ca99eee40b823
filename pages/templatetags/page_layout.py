"""``{% load page_layout %}``: layout helpers for the track page.

``{{ html|fold_after_first }}`` splits sanitised HTML (our Markdown's output) in two, so a long text
shows its opening and folds the rest into a ``<details>``:
``{% with parts=html|fold_after_first %}{{ parts.0 }}…{{ parts.1 }}{% endwith %}``. The split falls after
the first paragraph; when that paragraph is long (over ``TEASER_CHARS`` characters), after its first
sentence that ends past ``TEASER_MIN`` characters instead, the paragraph continuing in the second part.
A split never falls inside an inline element (a link, emphasis), so both parts are well-formed. Text that
does not start with a paragraph, or has nothing left to fold, is not split (``parts.1`` is empty).
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TEASER_CHARS = 320
TEASER_MIN = 40
_FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.S)
_SENTENCE_END = re.compile(r"[.!?][”’\"')]?\s+(?=[A-Z“‘\"(])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "img", "wbr"}


def _open_tags(html: str) -> int:
    depth = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
    return depth


def _sentence_split(inner: str) -> int | None:
    """Where the first paragraph's text can break after a sentence (outside any inline element)."""
    for match in _SENTENCE_END.finditer(inner):
        if match.start() < TEASER_MIN:
            continue
        if len(inner) - match.end() < TEASER_MIN:
            return None  # what would be left is too short to be worth a fold
        if "<" in inner[match.start() : match.end()] or _open_tags(inner[: match.start()]) != 0:
            continue
        return match.end()
    return None


def _safe(text: str) -> SafeString:
    return mark_safe(text)  # noqa: S308 - fragments of HTML that was already sanitised or escaped


@register.filter
def fold_after_first(html) -> tuple[SafeString, SafeString]:
    text = str(conditional_escape(html or ""))  # safe HTML stays as it is; plain text is escaped
    match = _FIRST_PARAGRAPH.match(text)
    if match is None:
        return _safe(text), _safe("")
    inner, rest = match.group(1), text[match.end() :].strip()
    if len(inner) > TEASER_CHARS:
        cut = _sentence_split(inner)
        if cut is not None:
            head = f"<p>{inner[:cut].rstrip()}</p>"
            tail = f"<p>{inner[cut:]}</p>" + (f"\n{rest}" if rest else "")
            return _safe(head), _safe(tail)
    if not rest:
        return _safe(text), _safe("")
    return _safe(text[: match.end()]), _safe(rest)

"""Editorial Markdown to safe HTML: fill placeholders, render Markdown, then sanitise with nh3.

Editors' Markdown may contain raw HTML (Markdown passes it through); nh3 keeps only the tags below and
only http(s)/mailto links, so nothing an editor types can inject a script, a style or an event handler.
"""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

from tracks.placeholders import fill_placeholders

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "hr",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str | None, values: dict[str, str] | None = None) -> SafeString:
    """Placeholders filled from ``values`` (missing ones read "not available"), Markdown, sanitised."""
    if not text or not text.strip():
        return mark_safe("")
    filled = fill_placeholders(text, values)
    html = markdown_lib.markdown(filled, extensions=["sane_lists"], output_format="html")
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 on the line above


# Lines that start a Markdown block of their own: a list item, a heading, a quote, a table row, a fence,
# a setext underline or a rule. A line before one of them (or after a heading, a row or a fence) ends
# where it ends.
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,9}[.)]\s|#|>|\||```|~~~|[=-]{2,}\s*$|(?:[*_]\s*){3,}$)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def unwrap_paragraphs(text: str | None) -> str:
    """``text`` with the line breaks inside each paragraph (and list item) taken out, so a textarea
    shows paragraphs as paragraphs rather than a stored hard wrap that leaves a word on a line.

    Meaning is kept: in Markdown a single line break inside a paragraph is a space. Blank lines, lines
    that start a block (lists, headings, quotes, tables, fences, rules), indented code, fenced code and
    hard breaks (a line ending in two spaces or a backslash) are left as they are.
    """
    if not text:
        return text or ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        previous = out[-1] if out else ""
        joinable = (
            not in_fence
            and out
            and previous.strip()
            and line.strip()
            and not _BLOCK_START.match(line)
            and not line.startswith(("    ", "\t"))
            and not previous.endswith(("  ", "\\"))
            and not re.match(r"^\s*(?:#|\||```|~~~)", previous)
            and not previous.startswith(("    ", "\t"))
        )
        if joinable:
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)

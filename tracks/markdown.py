"""Editorial Markdown to safe HTML: fill placeholders, render Markdown, then sanitise with nh3.

Editors' Markdown may contain raw HTML (Markdown passes it through); nh3 keeps only the tags below and
only http(s)/mailto links, so nothing an editor types can inject a script, a style or an event handler.
"""

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

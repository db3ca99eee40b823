"""JSON-LD for a page's <script type="application/ld+json"> element, escaped so that it can never close
its element (as Django's ``json_script`` escapes)."""

import json

from django.utils.safestring import SafeString, mark_safe

# The characters json_script escapes, so JSON-LD can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped as ``json_script`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above

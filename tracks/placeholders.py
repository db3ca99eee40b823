"""Placeholders for live figures inside editorial prose.

Editors write ``[[median_pay]]`` where a computed figure belongs; the track page fills it from the data
at render time, so a new data release never leaves a stale number in a narrative. The names are fixed
here. An unknown name is a validation error when a track is saved or loaded, never a broken page.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

PLACEHOLDERS: dict[str, str] = {
    "median_pay": "the track's median annual pay, nationally (OEWS)",
    "pay_p10": "the track's 10th-percentile annual pay, nationally (OEWS)",
    "pay_p90": "the track's 90th-percentile annual pay, nationally (OEWS)",
    "us_jobs": "U.S. jobs in the track's occupations (OEWS employment)",
    "projected_growth": "projected 10-year employment change, in percent (BLS Employment Projections)",
    "annual_openings": "projected openings a year (BLS Employment Projections)",
    "metro_pay_low": "the track's median pay in mid-market metros",
    "metro_pay_high": "the track's median pay in the largest metros",
    "oews_year": "the OEWS survey the pay and job figures come from (e.g. May 2025)",
}

NOT_AVAILABLE = "not available"

# Anything between double square brackets on one line; the name is checked separately so that a typo
# like [[median pay]] or [[Median_Pay]] is reported instead of silently printed.
PLACEHOLDER_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")


def find_placeholders(text: str) -> list[str]:
    """Every placeholder name used in ``text`` (whitespace stripped), in order, repeats included."""
    return [match.strip() for match in PLACEHOLDER_RE.findall(text or "")]


def find_unknown(text: str) -> list[str]:
    """Placeholder names in ``text`` that are not in PLACEHOLDERS, each once, in order of appearance."""
    unknown = []
    for name in find_placeholders(text):
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    return unknown


def validate_placeholders(text: str) -> None:
    """Raise ValidationError naming every unknown placeholder in ``text``."""
    unknown = find_unknown(text)
    if unknown:
        names = ", ".join(f"[[{name}]]" for name in unknown)
        allowed = ", ".join(f"[[{name}]]" for name in PLACEHOLDERS)
        raise ValidationError(
            "Unknown placeholder%(plural)s %(names)s. Allowed: %(allowed)s.",
            code="unknown_placeholder",
            params={"plural": "s" if len(unknown) > 1 else "", "names": names, "allowed": allowed},
        )


def fill_placeholders(text: str, values: dict[str, str] | None) -> str:
    """Replace each known placeholder with its value; a known one without a value says so.

    Unknown placeholders are left as written (they are rejected on save and on load, so they only
    appear if the database was edited by hand).
    """
    values = values or {}

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = values.get(name)
        if value is None or str(value).strip() == "":
            return NOT_AVAILABLE
        return str(value)

    return PLACEHOLDER_RE.sub(replace, text or "")


def placeholder_help_html():
    """The placeholder list for admin help text (an HTML list, names escaped)."""
    items = format_html_join(
        "", "<li><code>[[{}]]</code> — {}</li>", ((name, text) for name, text in PLACEHOLDERS.items())
    )
    return format_html(
        "Narratives are Markdown. Where a computed figure belongs, write a placeholder; the page fills it "
        "from the current data (or says “not available”). Unknown placeholders are rejected on save."
        "<ul>{}</ul>",
        items,
    )

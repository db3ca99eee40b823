import pytest
from django.core.exceptions import ValidationError

from tracks.placeholders import (
    NOT_AVAILABLE,
    PLACEHOLDERS,
    fill_placeholders,
    find_unknown,
    placeholder_help_html,
    validate_placeholders,
)

FIXED_NAMES = [
    "median_pay",
    "pay_p10",
    "pay_p90",
    "us_jobs",
    "projected_growth",
    "annual_openings",
    "metro_pay_low",
    "metro_pay_high",
    "oews_year",
]


def test_the_names_are_exactly_the_ones_the_catalogue_format_fixes():
    assert list(PLACEHOLDERS) == FIXED_NAMES
    assert all(PLACEHOLDERS[name] for name in FIXED_NAMES)


def test_find_unknown_reports_typos_once_each_in_order():
    text = "Pay is [[median_pay]], or [[median pay]], [[Median_Pay]], [[median pay]] and [[]]."
    assert find_unknown(text) == ["median pay", "Median_Pay", ""]


def test_find_unknown_accepts_known_names_and_surrounding_space():
    assert find_unknown("[[median_pay]] and [[ us_jobs ]] in [[oews_year]]") == []
    assert find_unknown("") == []
    assert find_unknown(None) == []


def test_single_brackets_are_markdown_not_placeholders():
    assert find_unknown("See [the methodology](/methodology/) and [note]") == []


def test_validate_placeholders_raises_naming_the_unknown_ones():
    with pytest.raises(ValidationError) as caught:
        validate_placeholders("Earns [[median_salary]] in [[oews_year]] and [[jobs]].")
    message = caught.value.messages[0]
    assert message.startswith("Unknown placeholders [[median_salary]], [[jobs]].")
    assert "[[median_pay]]" in message  # the allowed list helps the editor fix it
    assert caught.value.code == "unknown_placeholder"


def test_validate_placeholders_passes_known_ones():
    validate_placeholders("Half earn more than [[median_pay]] ([[oews_year]]).")


def test_fill_replaces_known_placeholders_with_values():
    values = {"median_pay": "$52,340", "oews_year": "May 2025"}
    assert fill_placeholders("[[median_pay]] in [[ oews_year ]].", values) == "$52,340 in May 2025."


def test_fill_says_not_available_for_a_known_placeholder_without_a_value():
    assert NOT_AVAILABLE == "not available"
    assert fill_placeholders("Openings: [[annual_openings]].", {}) == "Openings: not available."
    assert fill_placeholders("Openings: [[annual_openings]].", None) == "Openings: not available."
    assert fill_placeholders("[[us_jobs]]", {"us_jobs": ""}) == "not available"
    assert fill_placeholders("[[us_jobs]]", {"us_jobs": None}) == "not available"


def test_fill_leaves_unknown_placeholders_as_written_and_never_raises():
    assert fill_placeholders("[[nope]] and [[median_pay]]", {"median_pay": "$1"}) == "[[nope]] and $1"
    assert fill_placeholders(None, {}) == ""


def test_help_lists_every_placeholder_escaped():
    html = str(placeholder_help_html())
    for name in FIXED_NAMES:
        assert f"<code>[[{name}]]</code>" in html
    assert html.count("<li>") == len(FIXED_NAMES)

"""pages.formatting: how the pages write numbers."""

from pages.formatting import format_percent_change, format_thousands


def test_formatting_helpers():
    assert format_thousands(3460.5) == "3,460,500"
    assert format_thousands(0.1) == "100"
    assert format_percent_change(6.5) == "+6.5%"
    assert format_percent_change(-1.0) == "\u22121.0%"
    assert format_percent_change(0) == "0.0%"

"""pages.methodology.notes: the methodology's text states every rule, with the code's figures."""

import pytest

from pages.methodology.notes import METHOD_NOTES
from salaries.statistics.location import equivalent_pay


def test_method_notes_cover_each_rule():
    for key in ("track_pay", "top_coding", "tails", "left_out", "price_adjusted", "track_employment"):
        assert len(METHOD_NOTES[key]) > 100
    assert "$239,200" in METHOD_NOTES["top_coding"]


def test_equivalent_pay_note_example_is_right():
    # the methodology page's example: 80,000 * 115 / 100 = 92,000
    assert equivalent_pay(80_000, 100, 115) == pytest.approx(92_000)
    assert "$92,000" in METHOD_NOTES["equivalent_pay"]


def test_method_notes_state_every_rule():
    text = " ".join(METHOD_NOTES.values())
    for phrase in ["average job", "borrows", "correlation", "hot or in demand", "job zone", "by the hour"]:
        assert phrase in text

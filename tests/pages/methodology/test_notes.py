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


def test_method_notes_state_the_career_moves_rules_with_the_code_s_figures():
    from salaries.statistics import moves

    ranking, types = METHOD_NOTES["career_moves"], METHOD_NOTES["career_move_types"]
    assert "importance (1 to 5) by its level (0 to 7)" in ranking and "cosine" in ranking
    assert f"similarity + {moves.PAY_WEIGHT:g} \u00d7 pay change in percent" in ranking
    assert f"between {moves.PAY_FLOOR:g}% and +{moves.PAY_CAP:g}%" in ranking
    assert f"{moves.TIER_BONUS['Primary-Short']:g} points" in ranking
    assert f"minus {moves.DEGREE_PENALTY:g} points for each degree level" in ranking
    assert f"A step up pays at least {moves.STEP_PERCENT:g}% more" in types
    assert "job zone decides" in types and "at least" in types and "at most" in types

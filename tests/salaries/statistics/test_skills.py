"""salaries.statistics.skills: skill profiles and their similarity."""

import math

import pytest

from salaries.statistics.skills import profile_similarity, shared_top_skills, skill_profile

# --- skills -------------------------------------------------------------------------------------------


def test_skill_profile_is_employment_weighted():
    profile = skill_profile(
        {
            "11-0001": {"Critical Thinking": 4.0, "Writing": 3.0},
            "11-0002": {"Critical Thinking": 3.0, "Writing": 4.0, "Programming": 5.0},
            "11-0003": {"Writing": 1.0},  # no employment: left out
        },
        {"11-0001": 300, "11-0002": 100, "11-0003": None},
    )
    # Critical Thinking (300*4 + 100*3)/400 = 3.75; Writing (300*3 + 100*4)/400 = 3.25; Programming 5.0
    assert profile == [("Programming", 5.0), ("Critical Thinking", 3.75), ("Writing", 3.25)]


def test_profile_similarity():
    assert profile_similarity({"a": 5, "b": 1}, {"a": 1, "b": 5}) == 0.0  # (4,0) vs (0,4)
    assert profile_similarity({"a": 3.5, "b": 2.0}, {"a": 3.5, "b": 2.0}) == pytest.approx(1.0)
    # (2,2) vs (4,0): 8 / (2.828 * 4) = 0.7071
    assert profile_similarity({"a": 3, "b": 3}, {"a": 5, "b": 1}) == pytest.approx(math.sqrt(0.5))
    assert profile_similarity({"a": 1}, {"a": 4}) == 0.0  # nothing important on one side


def test_shared_top_skills():
    a = {"Critical Thinking": 4.0, "Writing": 3.0, "Programming": 2.0, "Monitoring": 4.5}
    b = {"Critical Thinking": 3.9, "Writing": 3.5, "Programming": 5.0, "Monitoring": 1.0}
    # lower of the two: CT 3.9, Writing 3.0, Programming 2.0, Monitoring 1.0
    assert shared_top_skills(a, b) == ["Critical Thinking", "Writing", "Programming"]
    assert shared_top_skills(a, b, n=1) == ["Critical Thinking"]

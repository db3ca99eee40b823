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


def test_skill_profile_skips_unweighted_occupations_and_unrated_skills_and_orders_ties_by_name():
    importance = {
        "11-0001": {"b": 3.0, "a": None, "c": 3.0},
        "11-0002": {"a": 4.0},  # no employment: left out, the rest still counted
        "11-0003": {"a": 5.0},
    }
    employment = {"11-0001": 10, "11-0002": 0, "11-0003": 10}
    assert skill_profile(importance, employment) == [("a", 5.0), ("b", 3.0), ("c", 3.0)]


def test_similarity_counts_a_skill_only_one_side_rates_at_the_floor():
    # (4, 0) against (4, 3): cosine 16 / (4 * 5) = 0.8; the skill b missing on one side counts as 1 (floor)
    assert profile_similarity({"a": 5.0}, {"a": 5.0, "b": 4.0}) == pytest.approx(0.8)
    assert profile_similarity({"a": 5.0, "b": 4.0}, {"a": 5.0}) == pytest.approx(0.8)
    assert shared_top_skills({"a": 5.0, "b": 4.0}, {"a": 3.0, "c": 5.0}) == ["a"]

"""The guidance statistics (salaries.guidance) on hand-built inputs: no database.

Expected figures are worked out by hand in the comments.
"""

import pytest

from salaries import guidance
from salaries.guidance import (
    Training,
    deviation_similarity,
    distinctive,
    shared_distinctive,
    similarity_rank,
    similarity_score,
    soc_ratings,
    technology_ranking,
    technology_shares,
    track_entry_education,
    track_shows_hourly,
    training_summary,
    weighted_profile,
)
from salaries.statistics.skills import profile_similarity

# --- Borrowed ratings ------------------------------------------------------------------------------------

ONET_SOC = {
    "15-1251.00": "15-1251",
    "15-1252.00": "15-1252",
    "15-1253.00": "15-1253",
    "15-1299.08": "15-1299",
    "17-2061.00": "17-2061",
    "13-1021.00": "13-1021",
    "13-1022.00": "13-1022",
    "21-1011.00": "21-1011",
    "21-1014.00": "21-1014",
    "21-1021.00": "21-1021",
    "21-1022.00": "21-1022",
    "21-1029.00": "21-1029",
    "11-1011.00": "11-1011",
    "11-1011.03": "11-1011",
}
RATINGS = {
    "15-1251.00": {"Programming": 4.5, "Speaking": 3.0},
    "15-1253.00": {"Programming": 3.0, "Speaking": 3.2},
    "15-1299.08": {"Programming": 3.5, "Speaking": 3.4},
    "17-2061.00": {"Programming": 3.9, "Speaking": 3.1},
    "13-1021.00": {"Negotiation": 4.0},
    "13-1022.00": {"Negotiation": 3.0},
    "21-1011.00": {"Speaking": 4.0},
    "21-1014.00": {"Speaking": 3.0},
    "21-1021.00": {"Speaking": 3.6},
    "21-1022.00": {"Speaking": 3.8},
    "11-1011.00": {"Speaking": 4.6},
    "11-1011.03": {"Speaking": 4.0},
}
RELATED = {
    # O*NET's order: an engineer outside the minor group ranks before the programmers
    "15-1252.00": [
        ("17-2061.00", "Primary-Short", 1),
        ("15-1299.08", "Primary-Short", 2),
        ("15-1252.99", "Primary-Short", 3),  # unrated: skipped
        ("15-1251.00", "Primary-Short", 4),
        ("15-1253.00", "Primary-Short", 5),
        ("15-1253.00", "Supplemental", 12),
    ]
}
CROSSWALK = [("21-1011", "21-1018"), ("21-1014", "21-1018"), ("21-1029", "21-1029")]


def test_a_rated_code_keeps_its_own_ratings_averaged_over_its_onet_occupations():
    result = soc_ratings(["11-1011"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    assert result.ratings["11-1011"] == {"Speaking": pytest.approx(4.3)}  # (4.6 + 4.0) / 2
    assert result.stand_ins == {}


def test_an_unrated_code_borrows_from_the_first_two_related_in_its_minor_group():
    result = soc_ratings(["15-1252"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    # 17-2061 is outside 15-12; 15-1252.99 is unrated; so 15-1299.08 and 15-1251.00
    assert result.stand_ins["15-1252"] == ("15-1299.08", "15-1251.00")
    assert result.how["15-1252"] == "O*NET related"
    assert result.ratings["15-1252"]["Programming"] == pytest.approx(4.0)  # (3.5 + 4.5) / 2
    assert result.ratings["15-1252"]["Speaking"] == pytest.approx(3.2)  # (3.4 + 3.0) / 2


def test_without_a_related_occupation_in_the_minor_group_the_first_rated_one_stands_in():
    related = {"15-1252.00": [("17-2061.00", "Primary-Short", 1), ("15-1251.00", "Supplemental", 9)]}
    result = soc_ratings(["15-1252"], RATINGS, ONET_SOC, related, ())
    assert result.stand_ins["15-1252"] == ("17-2061.00",)


def test_a_broad_group_published_as_one_line_takes_its_rated_members():
    result = soc_ratings(["13-1020"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    assert result.stand_ins["13-1020"] == ("13-1021.00", "13-1022.00")
    assert result.how["13-1020"] == "broad group"
    assert result.ratings["13-1020"]["Negotiation"] == pytest.approx(3.5)


def test_an_aggregate_code_borrows_what_the_crosswalk_maps_to_it():
    result = soc_ratings(["21-1018"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    assert result.stand_ins["21-1018"] == ("21-1011.00", "21-1014.00")
    assert result.how["21-1018"] == "crosswalk"
    assert result.ratings["21-1018"]["Speaking"] == pytest.approx(3.5)


def test_an_unrated_all_other_code_falls_back_to_its_broad_group_siblings():
    # 21-1029.00 is unrated, the crosswalk maps it only to itself, O*NET lists no related occupations
    result = soc_ratings(["21-1029"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    assert result.stand_ins["21-1029"] == ("21-1021.00", "21-1022.00")
    assert result.ratings["21-1029"]["Speaking"] == pytest.approx(3.7)


def test_a_code_nothing_points_to_has_no_ratings():
    result = soc_ratings(["99-9999"], RATINGS, ONET_SOC, RELATED, CROSSWALK)
    assert "99-9999" not in result.ratings


# --- Distinctive and foundation lists -------------------------------------------------------------------


def test_distinctive_ranks_by_excess_over_the_average_job_and_foundations_follow():
    baseline = {"Speaking": 3.9, "Listening": 3.8, "Programming": 1.5, "Math": 3.0, "Repair": 1.2}
    track = {"Speaking": 4.0, "Listening": 3.9, "Programming": 3.8, "Math": 3.5, "Repair": 1.3}
    apart, foundation = distinctive(track, baseline)
    # Programming +2.3, Math +0.5; Speaking/Listening are +0.1 (below the 0.25 gap); Repair rated < 3
    assert [(r.name, r.gap_display, r.track_display, r.average_display) for r in apart] == [
        ("Programming", "+2.3", "3.8", "1.5"),
        ("Math", "+0.5", "3.5", "3.0"),
    ]
    assert [r.name for r in foundation] == ["Speaking", "Listening", "Repair"]


def test_a_generic_skill_rated_highest_is_never_distinctive():
    baseline = {"Reading": 4.0, "Niche": 2.0}
    apart, foundation = distinctive({"Reading": 4.2, "Niche": 3.0}, baseline)
    assert [r.name for r in apart] == ["Niche"]
    assert [r.name for r in foundation] == ["Reading"]


def test_weighted_profile_weights_by_employment():
    ratings = {"A": {"x": 4.0}, "B": {"x": 2.0}, "C": {"x": 5.0}}
    # C has no published employment: left out; (3 * 4 + 1 * 2) / 4 = 3.5
    assert weighted_profile(ratings, {"A": 3, "B": 1}) == {"x": pytest.approx(3.5)}


# --- Similarity -----------------------------------------------------------------------------------------

BASELINE = {"Reading": 4.0, "Speaking": 3.9, "Listening": 3.9, "Code": 1.5, "Sell": 2.0, "Care": 2.0}


def test_generic_skills_dominate_raw_profiles_but_not_the_deviation_similarity():
    coder = {"Reading": 4.1, "Speaking": 3.8, "Listening": 3.8, "Code": 3.8, "Sell": 1.6, "Care": 1.8}
    seller = {"Reading": 3.9, "Speaking": 4.2, "Listening": 4.1, "Code": 1.3, "Sell": 4.0, "Care": 2.1}
    # The old measure (cosine of raw profiles) calls them very alike, because reading, speaking and
    # listening dominate both.
    assert profile_similarity(coder, seller) > 0.8
    # Deviations: coder (+.1, -.1, -.1, +2.3, -.4, -.2), seller (-.1, +.3, +.2, -.2, +2.0, +.1): unrelated
    value = deviation_similarity(coder, seller, BASELINE)
    assert value < 0
    assert similarity_score(value) == 0


def test_deviation_similarity_is_one_only_for_the_same_emphasis():
    a = {"Reading": 4.1, "Speaking": 3.9, "Listening": 3.9, "Code": 3.5, "Sell": 2.0, "Care": 2.0}
    assert deviation_similarity(a, dict(a), BASELINE) == pytest.approx(1.0)
    # same direction, half the size: still a correlation of 1 (the emphasis, not its size)
    half = {k: BASELINE[k] + (v - BASELINE[k]) / 2 for k, v in a.items()}
    assert deviation_similarity(a, half, BASELINE) == pytest.approx(1.0)
    b = dict(a, Care=2.6)
    assert 0.5 < deviation_similarity(a, b, BASELINE) < 1.0


def test_deviation_similarity_exact_value():
    baseline = {"x": 0.0, "y": 0.0, "z": 0.0}
    # deviations (1, 2, 3) and (1, 3, 2): means 2, 2; sxy = 1*(-1)... = (-1)(-1) + 0*1 + 1*0 = 1; sxx=syy=2
    assert deviation_similarity(
        {"x": 1, "y": 2, "z": 3}, {"x": 1, "y": 3, "z": 2}, baseline
    ) == pytest.approx(0.5)
    assert deviation_similarity({"x": 1, "y": 1, "z": 1}, {"x": 1, "y": 3, "z": 2}, baseline) is None


def test_similarity_rank_and_shared_evidence():
    profiles = {
        "coder": {"Reading": 4.0, "Speaking": 3.9, "Listening": 3.9, "Code": 4.0, "Sell": 2.0, "Care": 2.0},
        "tester": {"Reading": 4.1, "Speaking": 3.9, "Listening": 3.9, "Code": 3.5, "Sell": 2.0, "Care": 2.1},
        "seller": {"Reading": 4.0, "Speaking": 4.3, "Listening": 3.9, "Code": 1.5, "Sell": 4.0, "Care": 2.0},
        "nurse": {"Reading": 4.0, "Speaking": 4.0, "Listening": 4.2, "Code": 1.4, "Sell": 2.0, "Care": 4.5},
    }
    assert similarity_rank("coder", "tester", profiles, BASELINE) == 1
    # coder's deviation is all in Code, seller's in Sell and Speaking, nurse's in Care and Listening:
    # seller-coder -0.245 beats seller-tester -0.274 and seller-nurse -0.269
    assert similarity_rank("seller", "coder", profiles, BASELINE) == 1
    assert similarity_rank("seller", "tester", profiles, BASELINE) == 3
    assert similarity_rank("coder", "nurse", profiles, BASELINE) == 3
    assert shared_distinctive(profiles["coder"], profiles["tester"], BASELINE) == [
        "Code"
    ]  # coder's Reading = average
    assert shared_distinctive(profiles["tester"], profiles["nurse"], BASELINE) == ["Care"]


def test_similarity_score_rounds_and_floors_at_zero():
    assert similarity_score(0.955) == 96
    assert similarity_score(-0.3) == 0
    assert similarity_score(None) is None


# --- Technology -----------------------------------------------------------------------------------------


def test_technology_shares_weight_each_code_by_employment_and_each_onet_occupation_equally():
    listed = {
        "A": {"A.00": [("Python", True, True), ("Excel", True, False)], "A.01": [("Excel", True, False)]},
        "B": {"B.00": [("Excel", True, False), ("SQL", False, True)]},
        "C": {},  # no technology data: not in the denominator
    }
    fractions = {code: guidance.technology_fractions(occupations) for code, occupations in listed.items()}
    assert fractions["A"]["Excel"] == (1.0, True, False)
    assert fractions["A"]["Python"] == (0.5, True, True)
    shares, hot, demand = technology_shares(fractions, {"A": 300, "B": 100, "C": 1000})
    # Python: A lists it in 1 of 2 O*NET occupations -> 300 * 1/2 / 400 = 0.375
    assert shares == {
        "Python": pytest.approx(0.375),
        "Excel": pytest.approx(1.0),
        "SQL": pytest.approx(0.25),
    }
    assert hot == {"Python": True, "Excel": True, "SQL": False}
    assert demand == {"Python": True, "Excel": False, "SQL": True}


def test_technology_ranking_puts_what_the_track_uses_more_than_all_jobs_first():
    listed = {
        "A": {"A.00": [("Python", True, True), ("Excel", True, False), ("Git", True, False)]},
        "B": {"B.00": [("Excel", True, False), ("SQL", False, True), ("Git", True, False)]},
    }
    baseline = {"Python": 0.05, "Excel": 0.95, "SQL": 0.20, "Git": 0.10}
    fractions = {code: guidance.technology_fractions(occupations) for code, occupations in listed.items()}
    apart, everyday = technology_ranking(fractions, {"A": 3, "B": 1}, baseline)
    # shares: Python .75 (+.70, in demand), SQL .25 (+.05: below the 10-point lift), Git 1.0 (+.90),
    # Excel 1.0 (+.05). In-demand first: Python; then Git.
    assert [(t.name, t.share_display, t.average_display) for t in apart] == [
        ("Python", "75%", "5%"),
        ("Git", "100%", "10%"),
    ]
    assert [t.name for t in everyday] == ["Excel", "SQL"]
    assert apart[0].flags_display == "hot and in demand"


# --- Training and hourly --------------------------------------------------------------------------------


def test_training_in_plain_words():
    training = training_summary(
        {"education": "Bachelor's degree", "experience": "None", "training": "None"}, job_zone=4
    )
    assert training.sentence == (
        "Typically a bachelor’s degree to start; no prior work experience required; no on-the-job training "
        "once hired. O*NET job zone 4 of 5: considerable preparation."
    )
    apprentice = Training("High school diploma or equivalent", "None", "Apprenticeship", 3)
    assert apprentice.sentence.startswith("Typically a high school diploma or equivalent to start;")
    assert "an apprenticeship" in apprentice.sentence
    assert training_summary(None, None).sentence == "BLS publishes no training data for this occupation."


def test_job_zone_of_takes_the_most_common_zone_ties_higher():
    assert guidance.job_zone_of([4, 4, 5]) == 4
    assert guidance.job_zone_of([4, 5]) == 5
    assert guidance.job_zone_of([None]) is None


def test_track_entry_education_is_the_one_most_jobs_need():
    education = {"A": "Bachelor's degree", "B": "High school diploma or equivalent", "C": "Bachelor's degree"}
    top, share = track_entry_education(education, {"A": 100, "B": 250, "C": 200})
    assert (top, share) == ("Bachelor's degree", pytest.approx(300 / 550))


@pytest.mark.parametrize(
    ("hourly_only", "education", "expected"),
    [
        (True, "Bachelor's degree", True),  # BLS publishes hourly wages only
        (False, "High school diploma or equivalent", True),
        (False, "Postsecondary nondegree award", True),
        (False, "Associate's degree", True),
        (False, "Bachelor's degree", False),
        (False, "Doctoral or professional degree", False),
        (False, "", False),
    ],
)
def test_hourly_selection(hourly_only, education, expected):
    assert guidance.shows_hourly(hourly_only=hourly_only, education=education) is expected


def test_a_track_shows_hourly_pay_when_at_least_half_its_jobs_do():
    flags = {"A": True, "B": False}
    assert track_shows_hourly(flags, {"A": 50, "B": 50})
    assert not track_shows_hourly(flags, {"A": 49, "B": 51})

"""salaries.statistics.moves: vectors, similarity, pay change, type, ranking, why it fits, what to build."""

import math

import pytest

from salaries.statistics import moves as m


def test_soc_vectors_are_plain_means_of_members():
    weights = {"11-1111.00": {"skill:A": 10.0, "skill:B": 4.0}, "11-1111.01": {"skill:A": 20.0}}
    vectors = m.soc_vectors(weights, {"11-1111": ["11-1111.00", "11-1111.01"], "11-2222": ["99-9999.00"]})
    assert vectors == {"11-1111": {"skill:A": 15.0, "skill:B": 4.0}}  # unrated members: no vector


def test_average_vector_is_employment_weighted():
    avg = m.average_vector({"a": {"x": 2.0}, "b": {"x": 8.0, "y": 1.0}, "c": {"x": 100.0}}, {"a": 3, "b": 1})
    assert avg == {"x": pytest.approx((3 * 2 + 8) / 4), "y": 1.0}  # c has no employment


def test_cosine_of_differences_from_the_average():
    base = {"x": 1.0, "y": 1.0}
    # (1,0) vs (0,1): orthogonal
    assert m.cosine({"x": 2.0, "y": 1.0}, {"x": 1.0, "y": 2.0}, base) == pytest.approx(0.0)
    # (1,1) vs (2,0): 2 / (sqrt2 * 2)
    assert m.cosine({"x": 2.0, "y": 2.0}, {"x": 3.0, "y": 1.0}, base) == pytest.approx(math.sqrt(0.5))
    assert m.cosine(base, {"x": 3.0}, base) is None  # no difference on one side
    space = m.Space({"a": {"x": 2.0, "y": 2.0}, "b": {"x": 3.0, "y": 1.0}, "c": {"x": 1.0}}, base)
    assert space.similarity("a", "b") == pytest.approx(100 * math.sqrt(0.5))
    assert space.similarity("a", "b", "Primary-Long") == pytest.approx(100 * math.sqrt(0.5) + 5)
    assert space.similarity("a", "c") == 0.0  # (0,-1) against (1,1): negative, counted as 0
    assert "c" in space and "d" not in space
    # a missing element counts 0: (1, -1) vs (1, 0)
    assert m.cosine({"x": 2.0}, {"x": 2.0, "y": 1.0}, base) == pytest.approx(1 / math.sqrt(2))


def test_similarity_scale_and_tier_bonus():
    base = {"x": 1.0, "y": 1.0}
    a, b = {"x": 2.0, "y": 2.0}, {"x": 3.0, "y": 1.0}
    assert m.similarity(a, b, base) == pytest.approx(100 * math.sqrt(0.5))
    assert m.similarity(a, b, base, "Primary-Short") == pytest.approx(100 * math.sqrt(0.5) + 10)
    assert m.similarity(a, b, base, "Primary-Long") == pytest.approx(100 * math.sqrt(0.5) + 5)
    assert m.similarity(a, b, base, "Supplemental") == pytest.approx(100 * math.sqrt(0.5) + 2)
    assert m.similarity(a, a, base, "Primary-Short") == 100.0  # capped
    assert m.similarity({"x": 0.0, "y": 0.0}, a, base) == 0.0  # opposite: negative counted as 0
    assert m.best_tier(["Supplemental", "Primary-Long"]) == "Primary-Long"
    assert m.best_tier([]) is None


def test_pay_change_known_and_bounded():
    change = m.pay_change(m.Pay(50_000), m.Pay(60_000))
    assert (change.dollars, change.percent, change.bound) == (10_000, pytest.approx(20.0), "")
    up = m.pay_change(m.Pay(200_000), m.Pay(None, top_coded=True))
    assert (up.dollars, up.percent, up.bound) == (39_200, pytest.approx(19.6), "at least")
    down = m.pay_change(m.Pay(None, top_coded=True), m.Pay(139_200))
    assert (down.dollars, down.bound) == (-100_000, "at most")
    assert not m.pay_change(m.Pay(None, True), m.Pay(None, True)).known
    assert not m.pay_change(m.Pay(None), m.Pay(60_000)).known  # origin not published
    assert not m.pay_change(m.Pay(50_000), m.Pay(None)).known


def test_move_type_thresholds():
    assert m.move_type(m.PayChange(5_000, 10.0), 0) == m.STEP_UP
    assert m.move_type(m.PayChange(4_990, 9.98), 2) == m.LATERAL  # pay decides when known
    assert m.move_type(m.PayChange(-5_000, -10.0), 0) == m.STEP_BACK
    assert m.move_type(m.PayChange(-4_000, -9.9), -1) == m.LATERAL
    assert m.move_type(m.PayChange(), 1) == m.STEP_UP
    assert m.move_type(m.PayChange(), -1) == m.STEP_BACK
    assert m.move_type(m.PayChange(), None) == m.LATERAL
    assert m.move_type(m.PayChange(), 0) == m.LATERAL


def test_rank_score_clamps_the_pay_change():
    assert m.rank_score(50.0, m.PayChange(1, 20.0)) == pytest.approx(58.0)
    assert m.rank_score(50.0, m.PayChange(1, 80.0)) == pytest.approx(70.0)  # capped at +50%
    assert m.rank_score(50.0, m.PayChange(1, -40.0)) == pytest.approx(40.0)  # floored at -25%
    assert m.rank_score(50.0, m.PayChange()) == 50.0
    assert m.rank_score(50.0, m.PayChange(), 2) == pytest.approx(30.0)  # two degree levels up
    assert m.rank_score(50.0, m.PayChange(), -1) == 50.0  # fewer degrees: no bonus
    assert m.degree_step("Bachelor's degree", "Doctoral or professional degree") == 2
    assert m.degree_step("High school diploma or equivalent", "Postsecondary nondegree award") == 0
    assert m.degree_step("", "Master's degree") is None


def test_no_new_degree():
    assert m.no_new_degree("No formal educational credential", "High school diploma or equivalent")
    assert m.no_new_degree("High school diploma or equivalent", "Postsecondary nondegree award")
    assert not m.no_new_degree("High school diploma or equivalent", "Associate's degree")
    assert m.no_new_degree("Bachelor’s degree", "Associate's degree")  # typographic apostrophe
    assert not m.no_new_degree("Bachelor's degree", "Master's degree")
    assert not m.no_new_degree("", "High school diploma or equivalent")  # unknown


def test_why_it_fits_and_what_to_build():
    average = {"skill:A": 3.0, "skill:B": 3.0, "skill:C": 2.0, "knowledge:A": 2.0}
    origin = {"skill:A": 4.0, "skill:B": 3.5, "skill:C": 2.9, "knowledge:A": 4.5}
    dest = {"skill:A": 3.2, "skill:B": 4.5, "skill:C": 4.0, "knowledge:A": 4.0, "skill:D": 3.0}
    why = m.why_it_fits(origin, dest, average)
    # knowledge:A min excess 2.0; skill:B 0.5; skill:A 0.2; skill:C: origin below 3.0
    assert [e.key for e in why] == ["knowledge:A", "skill:B", "skill:A"]
    assert (why[0].name, why[0].kind, why[0].destination, why[0].origin) == ("A", "knowledge", 4.0, 4.5)
    build = m.what_to_build(origin, dest)
    # D 3.0 - 0 ; C 4.0 - 2.9 = 1.1 ; B 1.0 ; A -0.8 (not)
    assert [(e.key, round(e.destination - e.origin, 2)) for e in build] == [
        ("skill:D", 3.0),
        ("skill:C", 1.1),
        ("skill:B", 1.0),
    ]


def _occ(code, vector, median=None, top=False, zone=None, education="", growth=None):
    VECTORS[code] = vector
    return m.Occupation(code, dict(vector), m.Pay(median, top), zone, education, growth)


VECTORS = {}


def test_rank_moves_orders_types_and_never_lists_the_origin():
    base = {"x": 1.0, "y": 1.0}
    origin = _occ(
        "10-0001", {"x": 3.0, "y": 1.0}, 50_000, zone=2, education="High school diploma or equivalent"
    )
    same_skills_paid_more = _occ(
        "10-0002", {"x": 3.0, "y": 1.0}, 70_000, zone=3, education="Bachelor's degree"
    )
    same_skills_paid_less = _occ("10-0003", {"x": 3.0, "y": 1.0}, 30_000, zone=1, growth=-2.0)
    half_close = _occ(
        "10-0004",
        {"x": 3.0, "y": 3.0},
        52_000,
        zone=2,
        education="No formal educational credential",
        growth=3.0,
    )
    unrelated = _occ("10-0005", {"x": 1.0, "y": 3.0}, 200_000)
    unpublished = _occ("10-0006", {"x": 3.0, "y": 1.5}, None, zone=3)
    no_vector = _occ("10-0007", {}, 90_000)
    space = m.Space({k: v for k, v in VECTORS.items() if v}, base)
    moves = m.rank_moves(
        origin,
        [origin, same_skills_paid_more, same_skills_paid_less, half_close, unrelated, unpublished, no_vector],
        space,
        {"x": 2.0, "y": 2.0},
        tiers={"10-0004": "Primary-Short"},
    )
    codes = [mv.code for mv in moves]
    assert "10-0001" not in codes and "10-0007" not in codes
    # scores: 0002: 100 + 0.4*40 - 10*2 (high school -> bachelor's) = 96;
    # 0006: 100*cos((2,.5),(2,0)) = 97.01; 0003: 100 - 10 = 90;
    # 0004: 100*cos((2,0),(2,2)) + 10 = 80.71 + 0.4*4 = 82.31; 0005: 0 + 0.4*50 = 20
    assert codes == ["10-0006", "10-0002", "10-0003", "10-0004", "10-0005"]
    first = moves[1]
    assert first.score == pytest.approx(96.0)
    assert first.type == m.STEP_UP and first.zone_step == 1 and first.pays_more
    assert not first.no_new_degree and not first.growing
    assert moves[0].type == m.STEP_UP and not moves[0].change.known  # by the job-zone step
    assert moves[2].type == m.STEP_BACK and not moves[2].pays_more
    assert moves[3].type == m.LATERAL and moves[3].tier == "Primary-Short"
    assert moves[3].no_new_degree and moves[3].growing
    assert moves[3].similarity == pytest.approx(100 / math.sqrt(2) + 10)
    assert [e.key for e in moves[3].build] == ["y"]  # 3.0 vs 1.0
    assert [e.key for e in moves[1].why] == ["x"]  # both 3.0, above 2.0
    assert len(m.rank_moves(origin, [same_skills_paid_more, half_close], space, {}, keep=1)) == 1


def test_personal_order_counts_the_member_s_strengths():
    stored = [
        {"code": "a", "score": 90.0, "why": [["skill", "Writing", 4, 4]], "build": []},
        {
            "code": "b",
            "score": 86.0,
            "why": [["skill", "Speaking", 4, 4]],
            "build": [["skill", "Coordination", 4, 2]],
        },
        {"code": "c", "score": 88.0, "why": [["knowledge", "Speaking", 4, 4]], "build": []},
        {"code": "d", "score": 90.0, "why": [], "build": []},
    ]
    # b: 86 + 2 x 5 = 96; a: 90 + 0; d: 90 (after a: stored order); c: knowledge does not count
    assert [mv["code"] for mv in m.personal_order(stored, {"speaking", "Coordination"})] == [
        "b",
        "a",
        "d",
        "c",
    ]
    assert [mv["code"] for mv in m.personal_order(stored, ())] == ["a", "d", "c", "b"]

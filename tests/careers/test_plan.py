"""The pure parts of careers.plan: the step-3 skill shortlist rule, the best-fit tracks, the
price-adjusted bands (no database: the few reads are replaced by hand-built values)."""

from types import SimpleNamespace

import pytest

from careers import plan as plan_module
from careers.plan import MetroEquivalent, Plan, RungPay, SkillProfiles, TrackFit, adjusted_display, shortlist
from salaries.models import NATIONAL_AREA, Skill
from salaries.statistics.wages import Quantile
from tracks.models import Track

SKILLS = {
    code: Skill(element_id=code, name=name)
    for code, name in [
        ("a", "Accounting"),
        ("b", "Building"),
        ("c", "Caring"),
        ("d", "Drafting"),
        ("e", "Explaining"),
    ]
}


def _profiles(by_track):
    return SkillProfiles(skills=SKILLS, by_track=by_track)


def test_every_track_is_represented_by_one_of_its_signature_skills():
    profiles = _profiles(
        {
            1: {"a": 4.5, "b": 2.0, "c": 2.0, "d": 3.0, "e": 1.0},
            2: {"a": 2.0, "b": 4.5, "c": 2.0, "d": 3.0, "e": 4.9},
            3: {"a": 2.0, "b": 2.0, "c": 4.5, "d": 3.0, "e": 1.0},
        }
    )
    # Signatures (above the cross-track mean): track 1 {a}, track 2 {e, b}, track 3 {c}. "d" is the same
    # everywhere and sets no track apart. "e" varies most, so it represents track 2 and "b" is not needed.
    picked = [skill.element_id for skill in shortlist(profiles, size=3)]
    assert picked == ["a", "c", "e"]


def test_shortlist_is_alphabetical_and_limited():
    profiles = _profiles(
        {
            1: {"a": 5.0, "b": 1.0, "c": 1.0, "d": 3.0, "e": 2.0},
            2: {"a": 1.0, "b": 5.0, "c": 1.0, "d": 3.0, "e": 2.0},
        }
    )
    # Both signatures first, then the rest by variance (all zero here), then name.
    picked = shortlist(profiles, size=4)
    assert [skill.name for skill in picked] == ["Accounting", "Building", "Caring", "Drafting"]


def test_one_track_uses_its_most_important_skills_and_none_gives_none():
    single = _profiles({1: {"a": 2.0, "b": 4.0, "c": 3.0, "d": 1.0, "e": 3.0}})
    assert [skill.element_id for skill in shortlist(single, size=3)] == ["b", "c", "e"]
    assert shortlist(_profiles({}), size=3) == []


def test_the_variance_tie_break_picks_the_skill_that_varies_most():
    # Signatures: track 1 {a, b} (both above their means), track 2 {c}. Every skill covers one track and
    # has one vote, so the variance across tracks decides: c (5 and 1: variance 4) first, then for
    # track 1 a (3 and 1: variance 1) over b (5 and 4: variance 0.25), although b's mean is higher.
    profiles = _profiles({1: {"a": 3.0, "b": 5.0, "c": 1.0}, 2: {"a": 1.0, "b": 4.0, "c": 5.0}})
    assert [skill.element_id for skill in shortlist(profiles, size=2)] == ["a", "c"]
    assert [skill.element_id for skill in shortlist(profiles, size=1)] == ["c"]
    assert [skill.element_id for skill in shortlist(profiles, size=3)] == ["a", "b", "c"]


def test_a_tracks_signatures_are_its_three_skills_furthest_above_the_mean():
    # Track 1 is above the mean on all of a-d (by 1.25, 1.5, 1.75, 2): its signatures are d, c, b, not a.
    # d and e (track 2's signature) have the most variance and are picked first; then the signatures
    # c and b (one vote each) come before a (none).
    profiles = _profiles(
        {
            1: {"a": 3.5, "b": 4.0, "c": 4.5, "d": 5.0, "e": 1.0},
            2: {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0, "e": 5.0},
        }
    )
    assert [skill.element_id for skill in shortlist(profiles, size=4)] == ["b", "c", "d", "e"]


# --- the best-fit tracks (Get Started step 4) --------------------------------------------------------

UNRATED = Track(pk=5, slug="unrated", name="Unrated")  # no skill profile at all
NURSING, DATA, LAW, TEACHING = (
    Track(pk=pk, slug=name.lower(), name=name)
    for pk, name in [(1, "Nursing"), (2, "Data"), (3, "Law"), (4, "Teaching")]
)


@pytest.fixture
def fits_of(monkeypatch):
    """``_fits`` for a plan on ``track`` with these ratings, the four tracks above and their profiles."""

    member, version = object(), object()

    def run(*, ratings, by_track, track=None, tracks=(UNRATED, TEACHING, NURSING, DATA, LAW)):
        class Published:
            def only(self, *fields):
                assert fields == ("id", "slug", "name", "updated_at")  # what the fits read
                return list(tracks)

        class Objects:
            def published(self):
                return Published()

        def ratings_of(*, user):
            assert user is member
            return ratings

        def profiles_of(*, version: object, tracks: list):
            assert version is expected_version and tracks == list(expected_tracks)
            return SkillProfiles(skills=SKILLS, by_track=by_track)

        expected_version, expected_tracks = version, tracks
        monkeypatch.setattr(plan_module, "member_ratings", ratings_of)
        monkeypatch.setattr(plan_module.Track, "objects", Objects(), raising=False)
        monkeypatch.setattr(plan_module, "cached_track_skill_profiles", profiles_of)
        plan = Plan(profile=None, track=track)
        plan_module._fits(plan, version=version, user=member)
        return plan

    return run


BY_TRACK = {
    1: {"a": 2.0, "b": 5.0, "c": 4.0},  # Nursing: building and caring
    2: {"a": 5.0, "b": 1.5, "c": 1.0},  # Data: accounting
    3: {"a": 3.0, "b": 3.0, "c": 3.0},  # Law: a bit of everything
    4: {"d": 4.0},  # Teaching: none of the rated skills
}


def test_best_fits_are_the_most_similar_tracks_and_the_current_one_is_marked(fits_of):
    plan = fits_of(ratings={"a": 1, "b": 5, "c": 4}, by_track=BY_TRACK, track=LAW)
    assert [(fit.track.name, fit.is_current) for fit in plan.fits] == [
        ("Nursing", False),
        ("Law", True),
        ("Data", False),
    ]
    nursing = plan.fits[0]
    # from the scale's floor of 1: (0, 4, 3) against (1, 4, 3), cosine 25 / (5 sqrt 26); Law's (2, 2, 2)
    # gives 14 / (5 sqrt 12) = 0.81 and Data's (4, 0.5, 0) 2 / (5 sqrt 16.25) = 0.10
    assert nursing.similarity == pytest.approx(25 / (5 * 26**0.5), rel=1e-12)
    assert plan.fits[1].similarity == pytest.approx(14 / (5 * 12**0.5), rel=1e-12)
    assert nursing.shared_skills == ["Building", "Caring", "Accounting"]
    assert plan.fits_note is None and not plan.fits_need_ratings


def test_no_track_is_current_without_one_and_another_track_is_not(fits_of):
    plan = fits_of(ratings={"a": 1, "b": 5, "c": 4}, by_track=BY_TRACK, track=None)
    assert [fit.is_current for fit in plan.fits] == [False, False, False]
    plan = fits_of(ratings={"a": 1, "b": 5, "c": 4}, by_track=BY_TRACK, track=TEACHING)
    assert [fit.is_current for fit in plan.fits] == [False, False, False]
    plan = fits_of(ratings={"a": 1, "b": 5, "c": 4}, by_track=BY_TRACK, track=NURSING)
    assert [fit.is_current for fit in plan.fits] == [True, False, False]


def test_fits_only_compare_the_rated_skills_and_are_limited_to_three(fits_of):
    plan = fits_of(ratings={"a": 5}, by_track=BY_TRACK, track=DATA)
    # one rated skill: every track that rates it is a perfect match; ties by name, Teaching left out
    assert [(fit.track.name, fit.similarity, fit.shared_skills) for fit in plan.fits] == [
        ("Data", 1.0, ["Accounting"]),
        ("Law", 1.0, ["Accounting"]),
        ("Nursing", 1.0, ["Accounting"]),
    ]
    assert isinstance(plan.fits[0], TrackFit)


def test_fits_without_ratings_or_without_data_say_why(fits_of):
    plan = fits_of(ratings={}, by_track=BY_TRACK)
    assert plan.fits == [] and plan.fits_need_ratings
    assert plan.fits_note == "Rate your strengths (step 3) to see which tracks fit them best."
    plan = fits_of(ratings={"e": 3}, by_track={**BY_TRACK, 2: {}})
    assert plan.fits == [] and not plan.fits_need_ratings
    assert plan.fits_note == "No track has O*NET skill data to compare your strengths with yet."


# --- price-adjusted bands ------------------------------------------------------------------------------


def test_adjusted_display():
    # $100,000 where prices are 25% above average buys $80,000 at average U.S. prices
    assert adjusted_display(Quantile(100_000), 125.0) == "$80,000"
    assert adjusted_display(Quantile(45_678), 90.0) == "$50,750"  # 50,753.33 to the nearest $10
    assert adjusted_display(Quantile(None, top_coded=True), 104.0) == "$230,000 or more"  # 239,200 / 1.04
    assert adjusted_display(Quantile(None), 104.0) == "not available"
    assert adjusted_display(Quantile(100_000), None) is None
    assert adjusted_display(Quantile(None, top_coded=True), None) is None


# --- the rung's band, the member's pay among the percentiles, the same pay elsewhere ---------------------
# (the rows are what ``cross_industry_wage_rows`` returns: (occupation, area) -> a wage estimate's values)

METRO, ELSEWHERE, NOWHERE = (
    SimpleNamespace(code=code, name=name)
    for code, name in [("M1", "Metro One"), ("M2", "Metro Two"), ("M3", "M3")]
)
NURSE = SimpleNamespace(
    occupation_id="29-1141",
    pay_band="p25_p75",
    occupation=SimpleNamespace(title="Registered Nurses"),
    get_pay_band_display=lambda: "middle 50% (25th to 75th percentile)",
)


def _row(p10, p25, p50, p75, p90, top_coded=()):
    return {
        "occupation_id": "29-1141",
        "employment": 1_000,
        "annual_p10": p10,
        "annual_p25": p25,
        "annual_median": p50,
        "annual_p75": p75,
        "annual_p90": p90,
        "top_coded_fields": list(top_coded),
    }


LOCAL = _row(50_000, 60_000, 70_000, 80_000, 90_000)
NATIONAL = _row(40_000, 55_000, 65_000, 75_000, 85_000)
TOP = _row(150_000, 200_000, None, None, None, top_coded=["annual_median", "annual_p75", "annual_p90"])


def test_the_rung_band_in_the_metro_price_adjusted():
    rows = {("29-1141", "M1"): LOCAL, ("29-1141", NATIONAL_AREA): NATIONAL}
    pay = plan_module._rung_pay(NURSE, rows=rows, metro=METRO, rpps={"M1": 125.0})
    assert pay == RungPay(
        role=NURSE,
        occupation_title="Registered Nurses",
        band_label="middle 50% (25th to 75th percentile)",
        area_name="Metro One",
        local=True,
        low=Quantile(60_000),
        high=Quantile(80_000),
        low_adjusted="$48,000",
        high_adjusted="$64,000",
    )


def test_the_rung_band_falls_back_to_the_nation_without_price_adjustment():
    suppressed = _row(50_000, None, 70_000, None, 90_000)  # neither end of the band published
    for local in [None, suppressed]:
        rows = {("29-1141", NATIONAL_AREA): NATIONAL} | ({("29-1141", "M1"): local} if local else {})
        pay = plan_module._rung_pay(NURSE, rows=rows, metro=METRO, rpps={"M1": 125.0})
        assert (pay.area_name, pay.local) == ("the U.S. as a whole", False)
        assert (pay.low, pay.high) == (Quantile(55_000), Quantile(75_000))
        assert (pay.low_adjusted, pay.high_adjusted) == (None, None)
    assert plan_module._rung_pay(NURSE, rows={}, metro=METRO, rpps={}) is None
    assert plan_module._rung_pay(NURSE, rows={("29-1141", "M1"): suppressed}, metro=METRO, rpps={}) is None


def test_a_band_with_one_end_published_or_top_coded_is_shown():
    half = _row(50_000, 60_000, 70_000, None, 90_000)
    pay = plan_module._rung_pay(NURSE, rows={("29-1141", "M1"): half}, metro=METRO, rpps={})
    assert (pay.low, pay.high, pay.local) == (Quantile(60_000), Quantile(None), True)
    assert (pay.low_adjusted, pay.high_adjusted) == (None, None)  # no price parity for the metro
    top = SimpleNamespace(**{**vars(NURSE), "pay_band": "p75_p90"})
    pay = plan_module._rung_pay(top, rows={("29-1141", "M1"): TOP}, metro=METRO, rpps={"M1": 104.0})
    assert pay.low.top_coded and pay.high.top_coded
    assert pay.high_adjusted == "$230,000 or more"
    assert plan_module._published_band(None, "p25_p75") is None
    # the 75th suppressed, the 90th top-coded: the top end alone is still worth showing
    only_top = _row(50_000, 60_000, 70_000, None, None, top_coded=["annual_p90"])
    low, high = plan_module._published_band(only_top, "p75_p90")
    assert low == Quantile(None) and high.top_coded


def _plan(current_pay=None, compare=()):
    profile = SimpleNamespace(current_pay=current_pay, metro=METRO)
    plan = Plan(profile=profile, role=NURSE)
    plan.compare_metros = list(compare)
    return plan


def test_the_members_pay_among_the_percentiles():
    plan = _plan(current_pay=65_000)
    plan_module._pay_position(plan, rows={("29-1141", "M1"): LOCAL, ("29-1141", NATIONAL_AREA): NATIONAL})
    assert plan.pay_display == "$65,000"
    assert plan.pay_position == "between the 25th and 50th percentile"
    assert plan.pay_position_basis == "Registered Nurses in Metro One"
    plan = _plan(current_pay=55_000)
    plan_module._pay_position(plan, rows={("29-1141", NATIONAL_AREA): NATIONAL})
    assert plan.pay_position == "at the 25th percentile"
    assert plan.pay_position_basis == (
        "Registered Nurses in the U.S. as a whole (not published for your metro)"
    )


def test_no_pay_position_without_pay_role_row_or_wages():
    for plan, rows in [
        (_plan(current_pay=None), {("29-1141", "M1"): LOCAL}),
        (_plan(current_pay=65_000), {}),
    ]:
        plan_module._pay_position(plan, rows=rows)
        assert (plan.pay_display, plan.pay_position, plan.pay_position_basis) == (None, None, None)
    plan = _plan(current_pay=65_000)
    plan.role = None
    plan_module._pay_position(plan, rows={("29-1141", "M1"): LOCAL})
    assert plan.pay_display is None
    plan = _plan(current_pay=65_000)
    plan_module._pay_position(plan, rows={("29-1141", "M1"): _row(None, None, None, None, None)})
    assert plan.pay_display == "$65,000" and plan.pay_position is None


def test_the_same_buying_power_in_the_compared_metros():
    rows = {("29-1141", "M1"): LOCAL, ("29-1141", "M2"): NATIONAL}
    plan = _plan(current_pay=100_000, compare=[ELSEWHERE, NOWHERE])
    plan_module._equivalents(plan, rows=rows, rpps={"M1": 125.0, "M2": 90.0})
    assert (plan.compare_pay, plan.compare_pay_basis) == ("$100,000", "your pay")
    assert plan.equivalents == [
        MetroEquivalent(area=ELSEWHERE, rpp=90.0, pay="$72,000", occupation_median="$65,000"),
        MetroEquivalent(area=NOWHERE, rpp=None, pay="not available", occupation_median=None),
    ]
    # without the member's pay: the median of their occupation in their metro
    plan = _plan(compare=[ELSEWHERE])
    plan_module._equivalents(plan, rows=rows, rpps={"M1": 125.0, "M2": 90.0})
    assert plan.compare_pay == "$70,000"
    assert plan.compare_pay_basis == "the median pay of Registered Nurses in Metro One"
    assert plan.equivalents[0].pay == "$50,400"  # 70,000 * 90 / 125
    # the member's metro has no price parity: no equivalent anywhere
    plan = _plan(current_pay=100_000, compare=[ELSEWHERE])
    plan_module._equivalents(plan, rows=rows, rpps={"M2": 90.0})
    assert plan.equivalents[0].pay == "not available"


def test_no_equivalents_without_a_pay_to_compare():
    for plan, rows in [
        (_plan(compare=[ELSEWHERE]), {}),  # no pay, no row
        (_plan(compare=[ELSEWHERE]), {("29-1141", "M1"): _row(1, 2, None, 4, 5)}),  # no median
    ]:
        plan_module._equivalents(plan, rows=rows, rpps={"M1": 100.0, "M2": 90.0})
        assert (plan.compare_pay, plan.compare_pay_basis, plan.equivalents) == (None, None, [])
    plan = _plan(current_pay=80_000, compare=[ELSEWHERE])
    plan.role = None
    plan_module._equivalents(plan, rows={}, rpps={"M1": 100.0, "M2": 90.0})
    assert plan.equivalents == [
        MetroEquivalent(area=ELSEWHERE, rpp=90.0, pay="$72,000", occupation_median=None)
    ]


def test_rung_for_title():
    roles = [
        SimpleNamespace(title=t)
        for t in ["Staff Nurse", "Charge Nurse or Senior Staff Nurse", "Nurse Manager"]
    ]
    assert (
        plan_module.rung_for_title("Charge Nurse", roles) is roles[1]
    )  # every word of the title in one rung
    assert plan_module.rung_for_title("Nurse Manager, ICU", roles) is roles[2]  # every word of the rung in it
    assert plan_module.rung_for_title("Nurse", roles) is None  # several rungs fit
    assert plan_module.rung_for_title("Surgeon", roles) is None
    assert plan_module.rung_for_title("  ", roles) is None
    assert plan_module._words("R.N. / Staff-Nurse 2") == {"r", "n", "staff", "nurse", "2"}


def test_fits_show_three_shared_skills_at_most(fits_of):
    profile = {"a": 4.0, "b": 4.0, "c": 4.0, "d": 4.0}
    plan = fits_of(ratings={"a": 5, "b": 4, "c": 3, "d": 2}, by_track={1: profile})
    assert plan.fits[0].shared_skills == ["Accounting", "Building", "Caring"]


def test_a_band_with_only_its_top_end_published_is_shown():
    low, high = plan_module._published_band(_row(50_000, None, 70_000, 80_000, 90_000), "p25_p75")
    assert (low, high) == (Quantile(None), Quantile(80_000))

"""Get Started steps 2 to 4 through Django's test client: the flow, progress saving, and bad input."""

import re

import pytest
from django.core import mail
from django.test import Client

from careers.models import CareerProfile, FollowedTrack, SkillRating
from careers.plan import skill_shortlist
from salaries.models import Area, WageEstimate
from tests.careers import source
from tests.careers.factories import (
    AUSTIN,
    BIRMINGHAM,
    CARE_LADDER,
    PASSWORD,
    SAN_JOSE,
    SOFTWARE_LADDER,
    make_member,
    make_profile,
    make_track,
    metro,
    rate,
)
from tracks.models import Track

pytestmark = pytest.mark.django_db

AUSTIN_NAME = "Austin-Round Rock-San Marcos, TX"
SAN_JOSE_NAME = "San Jose-Sunnyvale-Santa Clara, CA"
BIRMINGHAM_NAME = "Birmingham, AL"


def _where(track_obj, *, role_order=1, **overrides):
    data = {
        "track": track_obj.slug,
        "role": str(track_obj.roles.get(order=role_order).pk) if role_order else "",
        "title": "",
        "metro": AUSTIN_NAME,
        "years_experience": "4",
        "current_pay": "$52,000",
    }
    data.update(overrides)
    return data


def _ratings(skills, value=3, **by_name):
    data = {}
    for skill in skills:
        name = "skill_" + re.sub(r"\W", "_", skill.element_id)
        data[name] = str(by_name.get(skill.name, value))
    return data


def _text(response) -> str:
    """The page's visible text, whitespace collapsed (for sentences that span template lines)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" .", ".")


@pytest.fixture
def ops():
    return make_track()


@pytest.fixture
def member():
    return make_member()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.mark.federal
def test_whole_flow_from_the_get_started_button_to_a_saved_plan(
    client, ops, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # The track page's button: /get-started/?track=<slug>
    with django_assert_max_num_queries(3):
        landing = client.get(f"/get-started/?track={ops.slug}")
    assert landing.status_code == 200
    assert "Map your path in GS Operations" in landing.content.decode()
    assert landing.context["next_url"] == f"/get-started/?track={ops.slug}"

    # Step 1: account (allauth; the track rides in ``next``), then the emailed link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "ana@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": landing.context["next_url"],
            },
        )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    response = client.post(link)
    assert client.get(response["Location"])["Location"] == f"/get-started/where/?track={ops.slug}"

    # Step 2: where you are now, with the track pre-selected.
    with django_assert_max_num_queries(6):
        page = client.get(f"/get-started/where/?track={ops.slug}")
    assert page.context["form"]["track"].value() == ops.slug
    html = page.content.decode()
    assert '<select name="metro" data-combobox="" data-combobox-free-text=""' in html
    assert f'<option value="{AUSTIN}" data-search="Texas">{AUSTIN_NAME}</option>' in html
    assert '<script src="/static/js/combobox.js" defer></script>' in html
    response = client.post("/get-started/where/", _where(ops))
    assert response["Location"] == "/get-started/strengths/"
    profile = CareerProfile.objects.get(user__email="ana@example.org")
    assert (profile.role.title, profile.metro_id, profile.years_experience, profile.current_pay) == (
        "Shift Supervisor",
        AUSTIN,
        4,
        52000,
    )
    assert FollowedTrack.objects.filter(user=profile.user, track=ops).exists()

    # Step 3: strengths (10 + the data generation, read from the database on an empty cache).
    with django_assert_max_num_queries(11):
        page = client.get("/get-started/strengths/")
    skills = page.context["skills"]
    assert len(skills) == 12
    html = page.content.decode()
    assert html.count("<fieldset") == 12
    assert html.count("<legend") == 12
    response = client.post("/get-started/strengths/", _ratings(skills, value=4))
    assert response["Location"] == "/get-started/next-move/"
    assert SkillRating.objects.filter(user=profile.user, rating=4).count() == 12

    # Step 4: the next move.
    with django_assert_max_num_queries(15):  # 11 once the tracks' skill profiles are cached
        page = client.get("/get-started/next-move/")
    assert page.status_code == 200
    text = _text(page)
    assert "the next rung on the GS Operations ladder is Operations Manager" in text
    assert '<h2 id="next-rung-title">The next rung</h2>' in page.content.decode()
    response = client.post("/get-started/next-move/", {"metro_1": SAN_JOSE_NAME, "metro_2": BIRMINGHAM_NAME})
    assert response["Location"] == "/me/"

    # The record shows the saved plan.
    # 19 + the data generation (it keys the skill-profile cache), read from the database on an empty cache.
    with django_assert_max_num_queries(20):
        record = client.get("/me/")
    text = _text(record)
    assert "Your plan is saved to your career record." in text
    assert "Operations Manager" in text
    assert SAN_JOSE_NAME in text and BIRMINGHAM_NAME in text
    profile.refresh_from_db()
    assert profile.plan_saved_at is not None
    assert sorted(profile.compare_metros.values_list("code", flat=True)) == sorted([SAN_JOSE, BIRMINGHAM])


@pytest.mark.federal
def test_next_move_figures_equal_the_published_source(member_client, member, ops):
    """Next rung band (nominal and price-adjusted), pay position and buying power, recomputed here from
    the BLS and BEA files."""
    make_profile(member, ops, pay=52000, compare=[SAN_JOSE, BIRMINGHAM])
    rows = source.oews_rows(
        frozenset({(AUSTIN, "11-1021"), (AUSTIN, "41-1011"), (SAN_JOSE, "41-1011"), (BIRMINGHAM, "41-1011")})
    )
    ops_manager = rows[(AUSTIN, "11-1021")]
    supervisor = rows[(AUSTIN, "41-1011")]
    rpp_austin, rpp_sj, rpp_bham = source.rpp(AUSTIN), source.rpp(SAN_JOSE), source.rpp(BIRMINGHAM)

    text = _text(member_client.get("/get-started/next-move/"))

    # The next rung (Operations Manager, 11-1021, middle 50%) in Austin, May 2025.
    low, high = ops_manager["A_PCT25"], ops_manager["A_PCT75"]
    assert (
        f"Middle 50% (25th to 75th percentile) of General and Operations Managers in {AUSTIN_NAME}, May 2025"
        in text
    )
    assert f"Nominal (what the paycheck says) {source.published(low)} {source.published(high)}" in text
    adjusted_low = source.dollars(source.Decimal(low) / (rpp_austin / 100))
    adjusted_high = source.dollars(source.Decimal(high) / (rpp_austin / 100))
    assert f"Price-adjusted (in average U.S. prices) {adjusted_low} {adjusted_high}" in text
    assert f"Regional Price Parity for {AUSTIN_NAME} in 2024 ({rpp_austin:.1f}; U.S. = 100)" in text

    # Where $52,000 sits among First-Line Supervisors of Retail Sales Workers in Austin.
    pcts = [int(supervisor[k]) for k in ("A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90")]
    names = ["10th", "25th", "50th", "75th", "90th"]
    below = max(i for i, value in enumerate(pcts) if value < 52000)
    expected = f"between the {names[below]} and {names[below + 1]} percentile"
    assert (
        f"Your pay of $52,000 a year is {expected} for First-Line Supervisors of Retail Sales Workers" in text
    )

    # The same buying power elsewhere: pay x RPP there / RPP here, and the occupation's median there.
    for code, name, rpp_there in ((SAN_JOSE, SAN_JOSE_NAME, rpp_sj), (BIRMINGHAM, BIRMINGHAM_NAME, rpp_bham)):
        pay = source.dollars(source.Decimal(52000) * rpp_there / rpp_austin)
        median = source.published(rows[(code, "41-1011")]["A_MEDIAN"])
        assert f"{name} {pay} {rpp_there:.1f} {median}" in text


@pytest.mark.federal
def test_the_plan_is_recomputed_when_the_data_changes(member_client, member, ops):
    make_profile(member, ops)
    before = _text(member_client.get("/get-started/next-move/"))
    estimate = WageEstimate.objects.get(
        release__source="oews", area_id=AUSTIN, industry_id="000000", occupation_id="11-1021"
    )
    assert f"${estimate.annual_p25:,}" in before
    estimate.annual_p25 = 70_000
    estimate.save()
    after = _text(member_client.get("/get-started/next-move/"))
    assert "$70,000" in after
    assert (
        f"${source.oews_rows(frozenset({(AUSTIN, '11-1021')}))[(AUSTIN, '11-1021')]['A_PCT25']}" not in after
    )


@pytest.mark.federal
def test_top_rung_and_free_title_are_explained(member_client, member, ops):
    profile = make_profile(member, ops, role_order=3)
    text = _text(member_client.get("/get-started/next-move/"))
    assert "Director of Operations is the top rung of the GS Operations ladder" in text

    profile.role, profile.title = None, "Ops lead"
    profile.save()
    text = _text(member_client.get("/get-started/next-move/"))
    assert "You gave a job title rather than a rung on the ladder" in text


@pytest.mark.federal
def test_tracks_that_fit_are_ranked_by_skill_profile_with_shared_skills(member_client, member, ops):
    Track.objects.exclude(slug__startswith="gs-").update(status="draft")
    software = make_track("gs-software", "GS Software", ladder=SOFTWARE_LADDER)
    care = make_track("gs-care", "GS Care", ladder=CARE_LADDER)
    make_profile(member, ops)
    skills = {skill.name: skill.element_id for skill in skill_shortlist()}
    assert "Programming" in skills

    coder = {"Programming", "Technology Design", "Operations Analysis"}
    rate(member, {element_id: (5 if name in coder else 1) for name, element_id in skills.items()})
    plan = member_client.get("/get-started/next-move/").context["plan"]
    assert plan.fits[0].track == software
    assert "Programming" in plan.fits[0].shared_skills
    similarities = [fit.similarity for fit in plan.fits]
    assert similarities == sorted(similarities, reverse=True)
    assert all(0 <= value <= 1 for value in similarities)
    assert {fit.track for fit in plan.fits} == {software, ops, care}


@pytest.mark.federal
def test_progress_is_saved_step_by_step_and_every_step_can_be_revisited(client, member, ops):
    user = member
    client.force_login(user)
    client.post("/get-started/where/", _where(ops, role_order=2, current_pay=""))

    # Leave and come back in a new session: nothing is lost, and Get Started resumes at step 3.
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/get-started/")["Location"] == "/get-started/strengths/"
    page = client.get("/get-started/where/")
    form = page.context["form"]
    assert (form["role"].value(), form["metro"].value(), form["current_pay"].value()) == (
        str(ops.roles.get(order=2).pk),
        AUSTIN,  # the select's value: the metro's CBSA code
        None,
    )
    assert f'<option value="{AUSTIN}" selected data-search="Texas">{AUSTIN_NAME}</option>' in (
        page.content.decode()
    )
    steps = page.context["steps"]
    assert [(step.name, step.done) for step in steps] == [
        ("Where you are now", True),
        ("Your strengths", False),
        ("Your next move", False),
    ]
    assert 'aria-current="step"' in page.content.decode()

    # Revisit step 2 and change the metro: saved, later steps untouched.
    client.post("/get-started/where/", _where(ops, role_order=2, metro=" birmingham, al "))
    assert CareerProfile.objects.get(user=user).metro_id == BIRMINGHAM


@pytest.mark.federal
def test_signed_in_member_coming_from_another_track_page_gets_it_preselected(member_client, member, ops):
    other = make_track("gs-software", "GS Software", ladder=SOFTWARE_LADDER)
    make_profile(member, ops)
    response = member_client.get(f"/get-started/?track={other.slug}")
    assert response["Location"] == "/get-started/where/?track=gs-software"
    form = member_client.get(response["Location"]).context["form"]
    assert form["track"].value() == "gs-software"
    assert form["role"].value() == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"metro": "Atlantis, ZZ"}, "metro", "We have no figures for “Atlantis, ZZ”"),
        ({"metro": ""}, "metro", "Type the metro area where you work."),
        ({"track": "no-such-track"}, "track", "Choose one of the tracks in the list."),
        ({"role": "999999"}, "role", "Choose one of the roles in the list."),
        (
            {"role": "", "title": ""},
            "title",
            "Choose your rung on the ladder above, or type your job title here.",
        ),
        (
            {"role": "", "title": "x" * 121},
            "title",
            "Ensure this value has at most 120 characters (it has 121).",
        ),
        ({"years_experience": "-1"}, "years_experience", "greater than or equal to 0"),
        ({"years_experience": "71"}, "years_experience", "less than or equal to 70"),
        ({"years_experience": "lots"}, "years_experience", "Enter a whole number."),
        ({"current_pay": "a lot"}, "current_pay", "Enter a whole number."),
        ({"current_pay": "-5"}, "current_pay", "greater than or equal to 0"),
        ({"current_pay": "10000001"}, "current_pay", "less than or equal to 10000000"),
    ],
)
def test_where_you_are_explains_bad_input(member_client, ops, overrides, field, message):
    response = member_client.post("/get-started/where/", _where(ops, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not CareerProfile.objects.filter(where_saved_at__isnull=False).exists()


def test_a_role_from_another_track_is_refused(member_client, ops):
    other = make_track("gs-software", "GS Software", ladder=SOFTWARE_LADDER)
    data = _where(ops)
    data["role"] = str(other.roles.get(order=1).pk)
    errors = member_client.post("/get-started/where/", data).context["form"].errors
    assert errors["role"] == [
        "“Junior Programmer” is a rung on the GS Software ladder, not GS Operations. Choose a rung on the "
        "GS Operations ladder, or leave it empty and type your title."
    ]


def test_draft_tracks_cannot_be_chosen(member_client):
    draft = make_track("gs-draft", "GS Draft", status="draft")
    errors = member_client.post("/get-started/where/", _where(draft)).context["form"].errors
    assert errors["track"] == ["Choose one of the tracks in the list."]


def test_unknown_track_in_the_link_is_explained_not_an_error(member_client):
    assert b"couldn't find the track in that link" in Client().get("/get-started/?track=nope").content
    page = member_client.get("/get-started/?track=no-such-track", follow=True)
    assert page.status_code == 200
    assert b"couldn't find the track in that link" in page.content


@pytest.mark.federal
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "pick a point on the scale"),
        ("6", "Pick one of the five points on the scale."),
        ("x", "Pick one"),
    ],
)
def test_strengths_explains_bad_input(member_client, ops, value, message):
    skills = member_client.get("/get-started/strengths/").context["skills"]
    data = _ratings(skills)
    first = "skill_" + re.sub(r"\W", "_", skills[0].element_id)
    data[first] = value
    response = member_client.post("/get-started/strengths/", data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[first])
    html = response.content.decode()
    # A radio group is a fieldset, described by its error message.
    assert re.search(rf'<fieldset aria-describedby="[^"]*id_{first}_error', html)
    assert not SkillRating.objects.exists()


@pytest.mark.federal
def test_compare_metros_explains_an_unknown_metro(member_client, member, ops):
    make_profile(member, ops)
    response = member_client.post("/get-started/next-move/", {"metro_1": "Gotham"})
    assert response.status_code == 200
    assert "We have no figures for “Gotham”" in response.context["form"].errors["metro_1"][0]
    assert CareerProfile.objects.get().plan_saved_at is None


def test_next_move_before_step_two_says_what_is_missing(member_client):
    text = _text(member_client.get("/get-started/next-move/"))
    assert "Say where you are now (step 2) to see your next move." in text
    assert member_client.post("/get-started/next-move/", {"metro_1": SAN_JOSE_NAME}).status_code == 200
    assert not CareerProfile.objects.filter(plan_saved_at__isnull=False).exists()


@pytest.mark.parametrize(
    "path", ["/get-started/where/", "/get-started/strengths/", "/get-started/next-move/"]
)
def test_steps_require_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.federal
def test_metro_options_cover_every_metro(member_client, ops):
    form = member_client.get("/get-started/where/").context["form"]
    choices = dict(form.fields["metro"].widget.choices)
    assert choices[AUSTIN] == AUSTIN_NAME and choices[SAN_JOSE] == SAN_JOSE_NAME
    assert len(choices) - 1 == Area.objects.filter(area_type="metro").count()
    assert metro(AUSTIN).area_type == "metro"


@pytest.mark.federal
def test_a_rung_not_published_in_the_metro_shows_national_figures_labelled(member_client, member):
    ladder = [
        ("Marketing Coordinator", "entry", "13-1161", "p25_p75"),
        ("Ad Manager", "lead", "11-2011", "p25_p75"),
    ]
    track = make_track("gs-marketing", "GS Marketing", ladder=ladder)
    make_profile(member, track, metro_code=BIRMINGHAM)
    national = source.oews_rows(frozenset({("99", "11-2011")}))[("99", "11-2011")]
    assert not source.oews_rows(frozenset({(BIRMINGHAM, "11-2011")}))  # BLS publishes no Birmingham row
    text = _text(member_client.get("/get-started/next-move/"))
    assert (
        "Middle 50% (25th to 75th percentile) of Advertising and Promotions Managers in the U.S. as a whole "
        "(BLS publishes no pay figures for this occupation in your metro), May 2025"
    ) in text
    band = f"{source.published(national['A_PCT25'])} {source.published(national['A_PCT75'])}"
    assert f"Nominal (what the paycheck says) {band} Your rung now" in text  # no price-adjusted row


@pytest.mark.federal
def test_pay_is_not_placed_where_bls_suppresses_the_distribution(member_client, member):
    track = make_track(
        "gs-exec", "GS Executive", ladder=[("Chief Executive", "executive", "11-1011", "p75_p90")]
    )
    make_profile(member, track, metro_code=SAN_JOSE, pay=300000)
    row = source.oews_rows(frozenset({(SAN_JOSE, "11-1011")}))[(SAN_JOSE, "11-1011")]
    assert row["A_MEDIAN"] == "*"  # suppressed by BLS
    text = _text(member_client.get("/get-started/next-move/"))
    assert "Chief Executive is the top rung of the GS Executive ladder" in text
    assert (
        f"BLS doesn't publish enough of the pay distribution of Chief Executives in {SAN_JOSE_NAME} to place "
        "your pay of $300,000 in it."
    ) in text
    national = source.oews_rows(frozenset({("99", "11-1011")}))[("99", "11-1011")]
    band = f"{source.published(national['A_PCT75'])} {source.published(national['A_PCT90'])}"
    assert (
        "75th to 90th percentile of Chief Executives in the U.S. as a whole (BLS publishes no pay figures "
        "for this occupation in your metro), May 2025: Pay band Low end High end "
        f"Nominal (what the paycheck says) {band} Where your pay sits"
    ) in text


@pytest.mark.federal
def test_a_metro_without_a_price_parity_says_so_and_compares_nothing(member_client, member, ops):
    # BEA's RPPs cover the 50 states and DC, not Puerto Rico's metro areas.
    make_profile(member, ops, metro_code="41980", pay=40000, compare=[AUSTIN])
    text = _text(member_client.get("/get-started/next-move/"))
    assert "Price-adjusted (in average U.S. prices)" not in text
    assert (
        "BEA publishes no Regional Price Parity for San Juan-Bayamon-Caguas, PR, so there is no "
        "price-adjusted figure."
    ) in text
    assert f"{AUSTIN_NAME} not available" in text

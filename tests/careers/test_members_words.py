"""Members (issue 22, item 5): deleting the account ends on a page that confirms it; "where you are"
is the timeline's current position; the fit scores are explained in words."""

import re

import pytest
from django.contrib.auth import get_user_model

from careers.plan import rating_step
from salaries.statistics.skills import profile_similarity
from tests.careers.factories import PASSWORD, make_member, make_position, make_profile, make_track, rate

User = get_user_model()
pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def ops():
    return make_track()


@pytest.fixture
def ana():
    return make_member("ana@example.org")


def test_deleting_the_account_ends_on_a_page_that_confirms_it(client, ana):
    client.force_login(ana)
    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.redirect_chain == [("/me/deleted/", 302)]
    assert response.status_code == 200
    page = text(response)
    assert "Your account has been deleted" in page
    assert "You are signed out" in page
    assert "private" in response["Cache-Control"]
    assert not User.objects.filter(pk=ana.pk).exists()


def test_the_confirmation_page_shows_nothing_of_anyone(client):
    response = client.get("/me/deleted/")
    assert response.status_code == 200
    assert "@" not in text(response).split("Your account has been deleted", 1)[1]


def test_where_you_are_is_the_timeline_s_current_position(client, ana, ops):
    make_profile(ana, ops, role_order=2, years=7)
    client.force_login(ana)
    page = text(client.get("/me/"))
    timeline = page[page.index("Add a position") : page.rindex("Tracks I follow")]
    assert "No positions yet" not in timeline
    role = ops.roles.get(order=2).title
    assert f"{role}, {ops.name} Now" in timeline
    assert "Current position" in timeline and "7 years of experience" in timeline


def test_a_current_position_on_the_timeline_is_not_repeated(client, ana, ops):
    make_profile(ana, ops, role_order=2, years=7)
    make_position(ana, "Operations Manager", start_date="2021-07-01", track=ops, role=ops.roles.get(order=2))
    client.force_login(ana)
    page = text(client.get("/me/"))
    timeline = page[page.index("Add a position") : page.rindex("Tracks I follow")]
    assert "Current position" not in timeline
    assert "Operations Manager" in timeline


def test_without_where_you_are_the_timeline_is_empty(client, ana):
    client.force_login(ana)
    assert "No positions yet" in text(client.get("/me/"))


def test_rating_step_is_the_most_one_point_moves_the_score():
    mine = {"a": 5.0, "b": 1.0, "c": 3.0}
    theirs = {"a": 4.0, "b": 2.0, "c": 3.5}
    base = profile_similarity(mine, theirs)
    moves = [
        abs(profile_similarity({**mine, k: v + d}, theirs) - base)
        for k, v in mine.items()
        for d in (-1, 1)
        if 1 <= v + d <= 5
    ]
    assert rating_step(mine, theirs) == pytest.approx(max(moves))
    assert rating_step(mine, theirs) > 0


def test_the_fit_scores_are_explained_in_words(federal_data, client, ana, ops):  # fits need O*NET skills
    make_profile(ana, ops)
    rate(ana, {"2.B.5.d": 5, "2.B.1.b": 4, "2.B.3.e": 1})
    client.force_login(ana)
    response = client.get("/get-started/next-move/")
    plan = response.context["plan"]
    assert plan.fits and plan.fit_step is not None
    page = text(response)
    assert "What these numbers mean" in page
    assert "cosine similarity" in page and "not how high you rate yourself" in page
    step = f"{plan.fit_step:.2f}"
    assert f"moves the best fit’s score by at most {step}" in page
    assert f"a difference of 0.03 between two tracks is {plan.fit_difference_reading} that" in page

"""The career record (/me/): timeline CRUD, followed tracks, export, account deletion, isolation."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model

from careers.models import CareerProfile, FollowedTrack, Position, SkillRating
from tests.careers.factories import (
    AUSTIN,
    BIRMINGHAM,
    PASSWORD,
    SAN_JOSE,
    SOFTWARE_LADDER,
    make_member,
    make_position,
    make_profile,
    make_track,
    rate,
)

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def ops():
    return make_track()


@pytest.fixture
def ana():
    return make_member("ana@example.org")


@pytest.fixture
def bob():
    return make_member("bob@example.org")


@pytest.fixture
def ana_client(client, ana):
    client.force_login(ana)
    return client


def _position_data(ops, **overrides):
    data = {
        "title": "Shift Supervisor",
        "employer": "Corner Grocer",
        "start_date": "2019-03-01",
        "end_date": "2021-06-30",
        "track": ops.slug,
        "role": str(ops.roles.get(order=1).pk),
    }
    data.update(overrides)
    return data


def _full_record(user, ops):
    make_profile(user, ops, pay=61000, compare=[SAN_JOSE, BIRMINGHAM])
    rate(user, {"2.B.5.d": 5, "2.B.1.b": 4, "2.B.3.e": 1})
    make_position(user, "Shift Supervisor", employer="Corner Grocer", end_date="2021-06-30", track=ops)
    make_position(user, "Operations Manager", start_date="2021-07-01", track=ops, role=ops.roles.get(order=2))
    FollowedTrack.objects.get_or_create(user=user, track=ops)


def test_add_edit_and_delete_a_position(ana_client, ana, ops, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert ana_client.get("/me/positions/add/").status_code == 200
    response = ana_client.post("/me/positions/add/", _position_data(ops))
    assert response["Location"] == "/me/#timeline"
    position = Position.objects.get(user=ana)
    assert (
        position.title,
        position.employer,
        position.start_date,
        position.end_date,
        position.role.title,
    ) == (
        "Shift Supervisor",
        "Corner Grocer",
        datetime.date(2019, 3, 1),
        datetime.date(2021, 6, 30),
        "Shift Supervisor",
    )

    edit_url = f"/me/positions/{position.pk}/edit/"
    form = ana_client.get(edit_url).context["form"]
    assert form["start_date"].value() == datetime.date(2019, 3, 1)
    assert 'value="2019-03-01"' in ana_client.get(edit_url).content.decode()
    ana_client.post(edit_url, _position_data(ops, title="Assistant Manager", end_date="", role=""))
    position.refresh_from_db()
    assert (position.title, position.end_date, position.role, position.track) == (
        "Assistant Manager",
        None,
        None,
        ops,
    )

    delete_url = f"/me/positions/{position.pk}/delete/"
    assert b"Delete \xe2\x80\x9cAssistant Manager\xe2\x80\x9d?" in ana_client.get(delete_url).content
    assert Position.objects.filter(pk=position.pk).exists()  # a GET deletes nothing
    assert ana_client.post(delete_url)["Location"] == "/me/#timeline"
    assert not Position.objects.filter(pk=position.pk).exists()


def test_a_role_without_a_track_takes_the_roles_track(ana_client, ana, ops):
    ana_client.post("/me/positions/add/", _position_data(ops, track=""))
    assert Position.objects.get(user=ana).track == ops


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2018-01-01"}, "end_date", "The end date is before the start date."),
        ({"start_date": ""}, "start_date", "This field is required."),
        ({"start_date": "31/02/2020"}, "start_date", "Enter a valid date."),
        ({"start_date": "1850-01-01"}, "start_date", "Enter a date from 1940 onwards."),
        ({"end_date": "2999-01-01"}, "end_date", "Enter a date no more than a year from today."),
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 121}, "title", "Ensure this value has at most 120 characters (it has 121)."),
        ({"employer": "y" * 500}, "employer", "Ensure this value has at most 120 characters (it has 500)."),
        ({"track": "atlantis"}, "track", "Choose a track in the list."),
        ({"role": "0"}, "role", "Choose one of the roles in the list."),
    ],
)
def test_position_form_explains_bad_input(ana_client, ops, overrides, field, message):
    response = ana_client.post("/me/positions/add/", _position_data(ops, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert not Position.objects.exists()


def test_a_role_from_another_track_is_refused_in_the_timeline(ana_client, ops):
    software = make_track("gs-software", "GS Software", ladder=SOFTWARE_LADDER)
    response = ana_client.post(
        "/me/positions/add/", _position_data(ops, role=str(software.roles.get(order=1).pk))
    )
    assert (
        "is a rung on the GS Software ladder, not GS Operations" in response.context["form"].errors["role"][0]
    )


@pytest.mark.federal
def test_record_shows_the_plan_timeline_and_followed_tracks(
    ana_client, ana, ops, django_assert_max_num_queries
):
    _full_record(ana, ops)
    # Nothing cached yet: the tracks' skill profiles are computed on this first view (4 queries), and the
    # data generation that keys their cache is read from the database on an empty cache (1);
    # test_record_pages_make_a_constant_number_of_queries counts the cached page exactly. The followed
    # tracks' figures (3) come from the snapshots, and the career moves from the rung's occupation with
    # their figures in the member's metro (1).
    with django_assert_max_num_queries(24):
        response = ana_client.get("/me/")
    html = response.content.decode()
    assert "Operations Manager" in html and "Corner Grocer" in html
    assert "March 2019 to June 2021" in html
    assert "July 2021 to now" in html
    assert "San Jose-Sunnyvale-Santa Clara, CA" in html
    assert "Management of Personnel Resources (5/5)" in html
    # The plan sits under the record's "My plan" heading, one level down.
    assert '<h2 id="plan-title">My plan</h2>' in html
    assert '<h3 id="next-rung-title">The next rung</h3>' in html
    assert "<h4>Your rung now, for comparison</h4>" in html
    assert f'action="/me/tracks/{ops.slug}/unfollow/"' in html
    # Positions are listed newest first.
    assert html.index("Operations Manager</h3>") < html.index("Shift Supervisor, Corner Grocer</h3>")


def test_follow_and_unfollow_tracks(ana_client, ana, ops):
    response = ana_client.post("/me/tracks/follow/", {"track": ops.slug})
    assert response["Location"] == "/me/#tracks"
    assert list(FollowedTrack.objects.filter(user=ana).values_list("track__slug", flat=True)) == [ops.slug]
    ana_client.post("/me/tracks/follow/", {"track": ops.slug})  # idempotent
    assert FollowedTrack.objects.filter(user=ana).count() == 1

    ana_client.post("/me/tracks/follow/", {"track": "no-such-track"})
    assert FollowedTrack.objects.filter(user=ana).count() == 1

    ana_client.post(f"/me/tracks/{ops.slug}/unfollow/")
    assert not FollowedTrack.objects.filter(user=ana).exists()
    assert ana_client.post("/me/tracks/no-such-track/unfollow/").status_code == 404
    assert ana_client.get(f"/me/tracks/{ops.slug}/unfollow/").status_code == 405


@pytest.mark.federal
def test_download_all_my_data(ana_client, ana, bob, ops):
    _full_record(ana, ops)
    make_position(bob, "Bob's secret job")
    response = ana_client.get("/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="career-record.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ana@example.org"
    assert "password" not in json.dumps(data)
    where = data["where_you_are"]
    assert (
        where["track"],
        where["role"],
        where["metro"],
        where["current_pay"],
        where["years_experience"],
    ) == (
        ops.slug,
        "Shift Supervisor",
        {"code": AUSTIN, "name": "Austin-Round Rock-San Marcos, TX"},
        61000,
        5,
    )
    assert [m["code"] for m in where["compare_metros"]] == [BIRMINGHAM, SAN_JOSE]
    assert [(r["onet_element_id"], r["rating"]) for r in data["skill_ratings"]] == [
        ("2.B.1.b", 4),
        ("2.B.5.d", 5),
        ("2.B.3.e", 1),
    ]
    assert [p["title"] for p in data["positions"]] == ["Operations Manager", "Shift Supervisor"]
    assert data["positions"][1]["end_date"] == "2021-06-30"
    assert data["followed_tracks"] == [ops.slug]
    assert "Bob" not in response.content.decode()


@pytest.mark.federal
def test_delete_account_removes_everything(client, ana, bob, ops):
    _full_record(ana, ops)
    _full_record(bob, ops)
    client.force_login(ana)
    page = client.get("/me/delete/")
    assert page.status_code == 200

    wrong = client.post("/me/delete/", {"password": "not-my-password", "confirm": "on"})
    assert "That isn't your password. Nothing has been deleted." in wrong.context["form"].errors["password"]
    unconfirmed = client.post("/me/delete/", {"password": PASSWORD})
    assert "Tick the box to confirm" in unconfirmed.context["form"].errors["confirm"][0]
    assert User.objects.filter(pk=ana.pk).exists()

    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/me/deleted/"  # a confirmation page
    assert not User.objects.filter(pk=ana.pk).exists()
    for model in (CareerProfile, SkillRating, Position, FollowedTrack):
        assert not model.objects.filter(user_id=ana.pk).exists(), model
    assert not CareerProfile.compare_metros.through.objects.filter(careerprofile__user_id=ana.pk).exists()
    # Signed out, and the other member's record is untouched.
    assert "_auth_user_id" not in client.session
    assert client.get("/me/").status_code == 302
    assert CareerProfile.objects.filter(user=bob).count() == 1
    assert (SkillRating.objects.filter(user=bob).count(), Position.objects.filter(user=bob).count()) == (3, 2)
    assert CareerProfile.objects.get(user=bob).compare_metros.count() == 2
    # The address is free again.
    client.post(
        "/accounts/signup/", {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert User.objects.filter(email="ana@example.org").exists()


@pytest.mark.federal
def test_members_only_ever_see_and_change_their_own_records(client, ana, bob, ops):
    _full_record(ana, ops)
    bob_job = make_position(bob, "Bob's secret job", employer="Bob Industries")
    make_profile(bob, make_track("gs-software", "GS Software", ladder=SOFTWARE_LADDER), pay=987654)
    client.force_login(ana)

    record = client.get("/me/").content.decode()
    assert "Bob" not in record and "987,654" not in record
    for path in ("/get-started/where/", "/get-started/next-move/", "/me/export/"):
        assert "987654" not in client.get(path).content.decode().replace(",", "")

    # A tampered id in a URL is a 404 and changes nothing.
    assert client.get(f"/me/positions/{bob_job.pk}/edit/").status_code == 404
    assert (
        client.post(f"/me/positions/{bob_job.pk}/edit/", _position_data(ops, title="Hacked")).status_code
        == 404
    )
    assert client.get(f"/me/positions/{bob_job.pk}/delete/").status_code == 404
    assert client.post(f"/me/positions/{bob_job.pk}/delete/").status_code == 404
    assert client.get("/me/positions/999999999/edit/").status_code == 404
    assert client.get("/me/positions/99999999999999999999999/edit/").status_code == 404
    bob_job.refresh_from_db()
    assert (bob_job.title, bob_job.employer) == ("Bob's secret job", "Bob Industries")

    # Saving a step changes only the signed-in member's profile.
    client.post(
        "/get-started/where/",
        {
            "track": ops.slug,
            "role": str(ops.roles.get(order=2).pk),
            "metro": "Birmingham, AL",
            "years_experience": "9",
        },
    )
    assert CareerProfile.objects.get(user=bob).current_pay == 987654
    assert CareerProfile.objects.get(user=bob).metro_id == AUSTIN
    assert CareerProfile.objects.get(user=ana).metro_id == BIRMINGHAM


@pytest.mark.parametrize(
    "path",
    [
        "/me/",
        "/me/positions/add/",
        "/me/positions/1/edit/",
        "/me/positions/1/delete/",
        "/me/export/",
        "/me/delete/",
    ],
)
def test_every_record_page_requires_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.federal
def test_record_pages_make_a_constant_number_of_queries(client, ana, ops, django_assert_num_queries):
    """The same number of queries for a record of 2 positions as for one of 40 (no N+1)."""
    _full_record(ana, ops)
    client.force_login(ana)
    position = Position.objects.filter(user=ana).first()
    pages = {
        "/me/": 23,  # 3 of them: the followed tracks' figures; 1: the career moves (both from snapshots)
        "/me/positions/add/": 4,
        f"/me/positions/{position.pk}/edit/": 5,
        f"/me/positions/{position.pk}/delete/": 3,
        "/me/export/": 7,
        "/me/delete/": 2,
    }
    for path in pages:
        client.get(path)  # warm the skill-profile cache
    counts = {}
    for path in pages:
        with django_assert_num_queries(pages[path] - (4 if path == "/me/" else 0)) as captured:
            client.get(path)
        counts[path] = len(captured)
    for number in range(38):
        make_position(ana, f"Job {number}", track=ops, role=ops.roles.get(order=1))
    for path in pages:
        with django_assert_num_queries(counts[path]):
            client.get(path)


@pytest.mark.federal
def test_record_shows_the_best_moves_in_the_member_s_metro_ranked_by_their_strengths(
    ana_client, ana, ops, page_snapshots
):
    from careers.plan import MEMBER_MOVES, member_record
    from pages.moves.selectors import moves_and_metro
    from salaries.statistics.moves import personal_order

    _full_record(ana, ops)  # rung Operations Manager (11-1021) in Austin; rated 2.B.5.d 5, 2.B.1.b 4
    moves = member_record(user=ana)["moves"]
    stored, austin = moves_and_metro("11-1021", AUSTIN)
    strengths = [
        r.skill.name for r in SkillRating.objects.filter(user=ana, rating__gte=4).select_related("skill")
    ]
    assert len(strengths) == 2
    expected = [m["code"] for m in personal_order(stored["moves"], strengths)][:MEMBER_MOVES]
    assert [r["code"] for r in moves.rows] == expected
    assert moves.by_strengths and moves.metro_name == austin["name"]
    first = moves.rows[0]
    jobs, median, top, *_ = austin["jobs"].get(first["code"], [None, None, 0])
    if median is not None:
        assert first["pay_csv"] == str(median)
    html = ana_client.get("/me/").content.decode()
    assert "Your next move, beyond the ladder" in html
    assert f'href="/occupations/11-1021/moves/?metro={AUSTIN}"' in html
    assert f'href="/occupations/{first["code"]}/"' in html

"""Get Started step 2 as issue 14 asks: metros found by any part of their name, a city or a state; the
chosen track's rungs first; the plan following the member's current position on the timeline."""

import datetime
import re
from html import unescape

import pytest

from careers.forms import ANOTHER_TRACK
from careers.models import CareerProfile, Position
from careers.plan import rung_for_title
from salaries.models import Area
from salaries.places import match_metros, metro_search_terms, metro_states
from tests.careers.factories import AUSTIN, CARE_LADDER, make_member, make_position, make_profile, make_track
from tracks.models import Role, Track

RALEIGH = "39580"  # Raleigh-Cary, NC


def _text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return unescape(text).replace(" ,", ",").replace(" .", ".")


def _where(track, **overrides):
    data = {
        "track": track.slug,
        "role": str(track.roles.get(order=1).pk),
        "title": "",
        "metro": AUSTIN,
        "years_experience": "4",
        "current_pay": "",
    }
    return {**data, **overrides}


@pytest.fixture
def ops(db):
    return make_track()


@pytest.fixture
def member(db):
    return make_member()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --------------------------------------------------------------------------------------------------
# Metro by any part of its name, a principal city or a state


def test_state_names_come_from_the_bls_name():
    assert metro_states("Philadelphia-Camden-Wilmington, PA-NJ-DE-MD") == ["PA", "NJ", "DE", "MD"]
    assert metro_search_terms("Raleigh-Cary, NC") == "North Carolina"
    assert metro_search_terms("Nowhere") == ""


def test_matching_rules():
    names = {
        "39580": "Raleigh-Cary, NC",
        "20500": "Durham-Chapel Hill, NC",
        "44100": "Springfield, IL",
        "44140": "Springfield, MA",
        "21660": "Eugene-Springfield, OR",
    }
    assert match_metros("Raleigh", names) == ["39580"]
    assert match_metros("  raleigh ", names) == ["39580"]
    assert match_metros("cary", names) == ["39580"]
    assert match_metros("chapel hill", names) == ["20500"]
    assert match_metros("Raleigh-Cary, NC", names) == ["39580"]
    assert match_metros("39580", names) == ["39580"]
    assert match_metros("north carolina", names) == ["20500", "39580"]  # both, in name order
    assert match_metros("Springfield", names) == ["21660", "44100", "44140"]
    assert match_metros("springfield massachusetts", names) == ["44140"]
    assert match_metros("Atlantis", names) == []
    assert match_metros("", names) == []


@pytest.mark.federal
@pytest.mark.parametrize("typed", ["Raleigh", "raleigh", "Cary", "Raleigh NC", "Raleigh-Cary, NC", RALEIGH])
def test_a_typed_metro_is_resolved_on_the_server(member_client, member, ops, typed):
    response = member_client.post("/get-started/where/", _where(ops, metro=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert CareerProfile.objects.get(user=member).metro_id == RALEIGH


@pytest.mark.federal
def test_an_ambiguous_metro_asks_which_one_naming_them(member_client, member, ops):
    springfields = sorted(
        Area.objects.filter(area_type="metro", name__icontains="springfield").values_list("name", flat=True)
    )
    assert len(springfields) >= 4
    response = member_client.post("/get-started/where/", _where(ops, metro="Springfield"))
    assert response.status_code == 200
    (error,) = response.context["form"].errors["metro"]
    assert error.startswith(f"“Springfield” matches {len(springfields)} metro areas: ")
    for name in springfields:
        assert name in error
    assert error.endswith("Choose one from the list.")
    # Shown again as typed, so the member sees it beside the error.
    html = response.content.decode()
    assert '<option value="Springfield" selected data-combobox-typed="">Springfield</option>' in html
    assert not CareerProfile.objects.filter(user=member, metro__isnull=False).exists()


@pytest.mark.federal
def test_compare_metros_accept_typed_names_too(member_client, member, ops):
    make_profile(member, ops)
    response = member_client.post("/get-started/next-move/", {"metro_1": "Raleigh", "metro_2": "san jose"})
    assert response.status_code == 302
    assert sorted(CareerProfile.objects.get(user=member).compare_metros.values_list("code", flat=True)) == [
        RALEIGH,
        "41940",
    ]


@pytest.mark.federal
def test_without_javascript_the_metro_is_a_select_of_codes(member_client, ops):
    html = member_client.get(f"/get-started/where/?track={ops.slug}").content.decode()
    select = re.search(r'<select name="metro"[^>]*>(.*?)</select>', html, flags=re.S)
    options = re.findall(
        r'<option value="(\d+)"[^>]*data-search="([^"]*)"[^>]*>([^<]+)</option>', select.group(1)
    )
    assert (RALEIGH, "North Carolina", "Raleigh-Cary, NC") in options
    assert len(options) == Area.objects.filter(area_type="metro").count()


# --------------------------------------------------------------------------------------------------
# The chosen track's rungs first


def _role_groups(html: str) -> list[tuple[str, list[str]]]:
    select = re.search(r'<select name="role"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    return [
        (unescape(label), re.findall(r">([^<]+) \([^)]*\)</option>", body))
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, flags=re.S)
    ]


def test_the_chosen_tracks_rungs_come_first_the_others_behind_another_track(member_client, ops):
    html = member_client.get(f"/get-started/where/?track={ops.slug}").content.decode()
    groups = _role_groups(html)
    assert groups[0] == (
        "GS Operations",
        ["Shift Supervisor", "Operations Manager", "Director of Operations"],
    )
    others = [label for label, _ in groups[1:]]
    published = Track.objects.published().exclude(pk=ops.pk).filter(roles__isnull=False).distinct()
    assert others == [
        ANOTHER_TRACK + name for name in published.order_by("name").values_list("name", flat=True)
    ]
    # Each rung says its track, for get_started.js to show only the chosen track's.
    assert f'data-track="{ops.slug}">Shift Supervisor (Entry level)</option>' in html
    assert 'data-rungs-for="id_track"' in html
    assert '<script src="/static/js/get_started.js" defer></script>' in html


def test_a_submitted_track_orders_the_rungs_when_the_form_is_shown_again(member_client, ops):
    care = make_track("gs-care", "GS Care", ladder=CARE_LADDER)
    response = member_client.post("/get-started/where/", _where(care, role="", title="", metro="Springfield"))
    assert _role_groups(response.content.decode())[0] == ("GS Care", ["Registered Nurse", "Nurse Manager"])


# --------------------------------------------------------------------------------------------------
# The plan follows the current position


def test_rung_for_title():
    roles = [
        Role(title=t)
        for t in ("Staff Registered Nurse", "Charge Nurse or Senior Staff Nurse", "Nurse Manager")
    ]
    assert rung_for_title("Charge Nurse", roles) is roles[1]
    assert rung_for_title("charge  nurse", roles) is roles[1]
    assert rung_for_title("Nurse Manager", roles) is roles[2]
    assert rung_for_title("Nurse", roles) is None  # every rung has the word: not one rung
    assert rung_for_title("Barista", roles) is None
    assert rung_for_title("", roles) is None


@pytest.fixture
def nursing(db, federal_data):
    track = Track.objects.published().filter(slug="nursing").first()
    if track is None:
        pytest.skip("the tracks catalogue is not loaded")
    return track


def test_adding_a_current_charge_nurse_position_moves_the_plan(member_client, member, nursing):
    staff = nursing.roles.get(title="Staff Registered Nurse")
    charge = nursing.roles.get(title="Charge Nurse or Senior Staff Nurse")
    following = nursing.roles.filter(order__gt=charge.order).order_by("order").first()
    CareerProfile.objects.create(
        user=member,
        track=nursing,
        role=staff,
        metro=Area.objects.get(code=RALEIGH),
        years_experience=6,
        where_saved_at=datetime.datetime.now(datetime.UTC),
    )
    before = _text(member_client.get("/get-started/next-move/"))
    assert "From Staff Registered Nurse, the next rung on the Nursing ladder is Charge Nurse" in before

    # The timeline's form, as a member fills it: a title, the track, no rung picked.
    response = member_client.post(
        "/me/positions/add/",
        {"title": "Charge Nurse", "employer": "WakeMed", "start_date": "2024-05-01", "end_date": "",
         "track": nursing.slug, "role": ""},
    )  # fmt: skip
    assert response.status_code == 302
    after = _text(member_client.get("/get-started/next-move/"))
    assert f"From {charge.title}, the next rung on the Nursing ladder is {following.title}" in after, after
    assert (
        "Starting from your current position on your timeline, Charge Nurse at WakeMed (since May 2024)"
        in after
    )
    record = _text(member_client.get("/me/"))
    assert f"From {charge.title}, the next rung" in record

    # Ended: the plan goes back to step 2's rung.
    Position.objects.filter(user=member).update(end_date=datetime.date(2025, 1, 31))
    assert "From Staff Registered Nurse" in _text(member_client.get("/get-started/next-move/"))


@pytest.mark.federal
def test_a_current_position_with_a_rung_leads_and_an_unplaceable_one_is_explained(member_client, member, ops):
    make_profile(member, ops, role_order=1)
    make_position(member, "Ops lead", start_date="2023-01-01", track=ops, role=ops.roles.get(order=2))
    text = _text(member_client.get("/get-started/next-move/"))
    assert (
        "From Operations Manager, the next rung on the GS Operations ladder is Director of Operations" in text
    )

    Position.objects.filter(user=member).update(role=None, title="Chief Vibes Officer")
    text = _text(member_client.get("/get-started/next-move/"))
    assert "From Shift Supervisor, the next rung" in text
    assert "Your current position, “Chief Vibes Officer”, isn't a rung on the GS Operations ladder" in text

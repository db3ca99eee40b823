"""Step 1 of Get Started: sign-up, email verification, sign-in, password reset; no account enumeration."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from careers.models import CareerProfile
from tests.careers.factories import PASSWORD, make_member, make_track

User = get_user_model()
pytestmark = pytest.mark.django_db


def _signup(client, email="ana@example.org", password=PASSWORD, password2=None, **extra):
    data = {"email": email, "password1": password, "password2": password2 or password, **extra}
    return client.post("/accounts/signup/", data)


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0)


def test_signup_creates_an_unverified_account_and_emails_a_confirmation_link(client, mailoutbox):
    track = make_track()
    response = _signup(client, email="Ana@Example.ORG", track=track.slug)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/done/"
    user = User.objects.get(email="ana@example.org")
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)
    # The track the member came from is saved straight away.
    assert CareerProfile.objects.get(user=user).track == track
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert mailoutbox[0].subject == "Confirm your email address for Career Tracks"
    assert "/accounts/verify/" in mailoutbox[0].body
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_verification_link_confirms_signs_in_and_continues_get_started(client, mailoutbox):
    track = make_track()
    _signup(client, track=track.slug)
    link = _link(mailoutbox[0], r"http://testserver/accounts/verify/[^/\s]+/[^/\s]+/")
    path = link.removeprefix("http://testserver")

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm and continue" in page.content
    # A GET (a mail scanner following the link) confirms nothing.
    assert User.objects.get(email="ana@example.org").email_verified_at is None

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/get-started/where/"
    assert User.objects.get(email="ana@example.org").email_verified_at is not None
    assert client.get("/get-started/where/").status_code == 200

    # Single use: the same link no longer works.
    client.logout()
    assert client.post(path).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/verify/MQ/bad-token/",
        "/accounts/verify/!!!/abc-def/",
        "/accounts/verify/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/abc-def/",
    ],
)
def test_a_tampered_verification_link_is_a_400_page(client, path):
    make_member()
    response = client.get(path)
    assert response.status_code == 400
    assert b"This link doesn" in response.content


def test_signup_for_an_existing_address_looks_identical_and_emails_the_owner(client, mailoutbox):
    owner = make_member("ana@example.org")
    first = _signup(Client(), email="new@example.org")
    duplicate = _signup(client, email="ANA@example.org")
    assert duplicate.status_code == first.status_code == 302
    assert duplicate["Location"] == first["Location"] == "/accounts/signup/done/"
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the existing account is untouched
    assert [m.to for m in mailoutbox] == [["new@example.org"], ["ana@example.org"]]
    assert mailoutbox[1].subject == "You already have a Career Tracks account"
    assert "/accounts/password_reset/" in mailoutbox[1].body
    done_new = Client().get(first["Location"]).content
    done_dup = client.get(duplicate["Location"]).content
    assert done_new == done_dup


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": "ana@"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "a" * 250 + "@example.org"}, "email", "Ensure this value has at most 254 characters"),
        ({"password1": "short1", "password2": "short1"}, "password2", "This password is too short."),
        (
            {"password1": "password123", "password2": "password123"},
            "password2",
            "This password is too common.",
        ),
        ({"password1": "40982375610934", "password2": "40982375610934"}, "password2", "entirely numeric"),
        ({"password1": "ana@example.org1", "password2": "ana@example.org1"}, "password2", "too similar"),
        ({"password2": "Different-quarry-48"}, "password2", "didn’t match"),
    ],
)
def test_signup_explains_bad_input(client, mailoutbox, data, field, message):
    payload = {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD, **data}
    response = client.post("/accounts/signup/", payload)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    # The error is tied to its field for screen readers, and summarised at the top.
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'<input[^>]*aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*>', html) or re.search(
        rf'<input[^>]*name="{field}"[^>]*aria-invalid="true"', html
    )
    assert 'role="alert"' in html
    assert not User.objects.exists()
    assert mailoutbox == []


def test_sign_in_with_email_in_any_case(client):
    make_member("ana@example.org")
    response = client.post("/accounts/login/", {"username": "Ana@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_sign_in_errors_never_say_whether_the_account_exists(client):
    make_member("ana@example.org")
    wrong_password = client.post(
        "/accounts/login/", {"username": "ana@example.org", "password": "nope-nope-1"}
    )
    no_account = client.post("/accounts/login/", {"username": "bob@example.org", "password": "nope-nope-1"})
    assert wrong_password.status_code == no_account.status_code == 200
    errors = [list(r.context["form"].non_field_errors()) for r in (wrong_password, no_account)]
    assert (
        errors[0]
        == errors[1]
        == ["That email and password don't match an account. Check both, or reset your password."]
    )


def test_sign_in_carries_on_to_get_started_with_the_track(client):
    make_member("ana@example.org")
    track = make_track()
    landing = client.get(f"/get-started/?track={track.slug}")
    login_url = landing.context["login_url"]
    assert login_url == "/accounts/login/?next=%2Fget-started%2F%3Ftrack%3Dgs-operations"
    response = client.post(login_url, {"username": "ana@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/get-started/where/?track=gs-operations"
    assert response.context["form"].initial["track"] == "gs-operations"


def test_password_reset_is_the_same_for_known_and_unknown_addresses(client, mailoutbox):
    make_member("ana@example.org")
    known = client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert mailoutbox[0].subject == "Reset your Career Tracks password"


def test_password_reset_sets_a_new_password_and_confirms_the_address(client, mailoutbox):
    user = make_member("ana@example.org", verified=False)
    client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    link = _link(mailoutbox[0], r"http://testserver/accounts/reset/[^/\s]+/[^/\s]+/")
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    set_password_url = response.redirect_chain[-1][0]
    assert response.context["validlink"] is True

    weak = client.post(set_password_url, {"new_password1": "123", "new_password2": "123"})
    assert "This password is too short." in str(weak.context["form"].errors)

    done = client.post(
        set_password_url, {"new_password1": "Fresh-orchard-93", "new_password2": "Fresh-orchard-93"}
    )
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Fresh-orchard-93")
    assert user.email_verified_at is not None
    assert client.get("/accounts/reset/done/").status_code == 200


def test_resend_verification_from_the_record(client, mailoutbox):
    user = make_member("ana@example.org", verified=False)
    client.force_login(user)
    assert b"isn't confirmed yet" in client.get("/me/").content
    response = client.post("/accounts/verify/resend/")
    assert response["Location"] == "/me/"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.org"]


def test_logout_is_a_post(client):
    client.force_login(make_member())
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_passwords_are_stored_with_argon2_in_production_settings():
    from careers import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_admin_shows_member_records_read_only_and_never_their_pay(client):
    from tests.careers.factories import make_profile, make_track

    admin_user = User.objects.create_superuser(email="admin@example.org", password=PASSWORD)
    member = make_member("ana@example.org")
    make_profile(member, make_track(), pay=123457)
    client.force_login(admin_user)
    response = client.get(f"/{settings.ADMIN_URL}careers/user/{member.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shift Supervisor" in html
    assert "123457" not in html and "123,457" not in html

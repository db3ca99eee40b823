"""Step 1 of Get Started on django-allauth: sign-up, mandatory verification, sign-in, reset, email change;
no account enumeration; and the pre-registration takeover from issue 12, played end to end."""

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from careers.models import CareerProfile
from tests.caches import clear_caches
from tests.careers.factories import PASSWORD, make_member, make_profile, make_track

User = get_user_model()
pytestmark = pytest.mark.django_db

AUSTIN_NAME = "Austin-Round Rock-San Marcos, TX"
MALLORY_PASSWORD = "Mallory-knows-this-9"
CONFIRM_LINK = r"http://testserver(/accounts/confirm-email/[^/\s]+/)"
RESET_LINK = r"http://testserver(/accounts/password/reset/key/[^/\s]+/)"


def _signup(deliver, client, email="ana@example.org", password=PASSWORD, password2=None, **extra):
    data = {"email": email, "password1": password, "password2": password2 or password, **extra}
    return deliver(client.post, "/accounts/signup/", data)


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(1)


def _signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    if user_id is None:
        return None
    response = client.get("/me/")
    return response.context["user"].email if response.status_code == 200 else None


def _where(track, pay):
    return {
        "track": track.slug,
        "role": str(track.roles.get(order=1).pk),
        "title": "",
        "metro": AUSTIN_NAME,
        "years_experience": "4",
        "current_pay": str(pay),
    }


# --- Sign-up and verification -----------------------------------------------------------------------


def test_signup_creates_an_unverified_account_and_emails_a_confirmation_link(client, deliver, mailoutbox):
    response = _signup(deliver, client, email="Ana@Example.ORG")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="ana@example.org")
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert mailoutbox[0].subject == "Confirm your email address for Career Tracks"
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    # Not signed in until the address is confirmed, and the pages say so in our words.
    assert "_auth_user_id" not in client.session
    assert b"Check your email" in client.get(response["Location"]).content
    # Nothing but the address and the password is kept before the address is confirmed.
    assert not CareerProfile.objects.filter(user=user).exists()


def test_confirming_in_the_same_browser_signs_in_and_continues_get_started_with_the_track(
    client, deliver, mailoutbox
):
    track = make_track()
    landing = client.get(f"/get-started/?track={track.slug}")
    assert landing.context["next_url"] == f"/get-started/?track={track.slug}"
    assert f'name="next" value="/get-started/?track={track.slug}"' in landing.content.decode()
    _signup(deliver, client, next=landing.context["next_url"])
    path = _link(mailoutbox[0], CONFIRM_LINK)

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm and continue" in page.content
    # A GET (a mail scanner following the link) confirms nothing.
    assert not EmailAddress.objects.get(email="ana@example.org").verified

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"/get-started/?track={track.slug}"
    assert client.get(response["Location"])["Location"] == f"/get-started/where/?track={track.slug}"
    user = User.objects.get(email="ana@example.org")
    assert user.email_verified_at is not None
    assert EmailAddress.objects.get(user=user).verified
    # The person who chose the password confirmed in the same browser: the password stands.
    assert user.check_password(PASSWORD)
    assert _signed_in_as(client) == "ana@example.org"


def test_a_tampered_confirmation_link_confirms_nothing(client):
    make_member(verified=False)
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert b"This link doesn" in response.content
    assert client.post("/accounts/confirm-email/not-a-real-key/").status_code == 404
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_signup_for_an_existing_address_looks_identical_and_emails_the_owner(client, deliver, mailoutbox):
    owner = make_member("ana@example.org")
    first = _signup(deliver, Client(), email="new@example.org")
    duplicate = _signup(deliver, client, email="ANA@example.org")
    assert duplicate.status_code == first.status_code == 302
    assert duplicate["Location"] == first["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the existing account is untouched
    assert [m.to for m in mailoutbox] == [["new@example.org"], ["ana@example.org"]]
    assert mailoutbox[1].subject == "You already have a Career Tracks account"
    assert "/accounts/password/reset/" in mailoutbox[1].body
    done_new = Client().get(first["Location"]).content
    done_dup = client.get(duplicate["Location"]).content
    assert done_new == done_dup


def test_signup_hashes_a_password_whether_or_not_the_address_is_taken(client, deliver):
    from django.contrib.auth.hashers import MD5PasswordHasher

    make_member("ana@example.org")
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        _signup(deliver, Client(), email="new@example.org")
        new_account = encode.call_count
        _signup(deliver, client, email="ana@example.org")
        taken = encode.call_count - new_account
    assert new_account == taken == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"password1": "short1", "password2": "short1"}, "password1", "This password is too short."),
        (
            {"password1": "password123", "password2": "password123"},
            "password1",
            "This password is too common.",
        ),
        ({"password1": "40982375610934", "password2": "40982375610934"}, "password1", "entirely numeric"),
        ({"password1": "        ", "password2": "        "}, "password1", "can't be only spaces"),
        ({"password1": "            ", "password2": "            "}, "password1", "can't be only spaces"),
        ({"password2": "Different-quarry-48"}, "password2", "same password"),
    ],
)
def test_signup_explains_bad_input(client, deliver, mailoutbox, data, field, message):
    payload = {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD, **data}
    response = deliver(client.post, "/accounts/signup/", payload)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert 'role="alert"' in html
    assert not User.objects.exists()
    assert mailoutbox == []


# --- Sign-in ------------------------------------------------------------------------------------------


def test_sign_in_with_email_in_any_case(client):
    make_member("ana@example.org")
    response = client.post("/accounts/login/", {"login": "Ana@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_sign_in_errors_never_say_whether_the_account_exists(client):
    make_member("ana@example.org")
    wrong_password = client.post("/accounts/login/", {"login": "ana@example.org", "password": "nope-nope-1"})
    no_account = client.post("/accounts/login/", {"login": "bob@example.org", "password": "nope-nope-1"})
    assert wrong_password.status_code == no_account.status_code == 200
    errors = [list(r.context["form"].non_field_errors()) for r in (wrong_password, no_account)]
    assert errors[0] == errors[1] and errors[0]


def test_an_unconfirmed_account_cannot_sign_in_and_is_sent_a_new_link(client, deliver, mailoutbox):
    make_member("ana@example.org", verified=False)
    response = deliver(client.post, "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]


def test_sign_in_carries_on_to_get_started_with_the_track(client):
    make_member("ana@example.org")
    track = make_track()
    landing = client.get(f"/get-started/?track={track.slug}")
    login_url = landing.context["login_url"]
    assert login_url == "/accounts/login/?next=%2Fget-started%2F%3Ftrack%3Dgs-operations"
    response = client.post(login_url, {"login": "ana@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/get-started/where/?track=gs-operations"
    assert response.context["form"].initial["track"] == "gs-operations"


def test_sign_in_refuses_an_offsite_next(client):
    make_member("ana@example.org")
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"login": "ana@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/me/"


def test_logout_is_a_post(client):
    client.force_login(make_member())
    client.get("/accounts/logout/")
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- Password reset and change ------------------------------------------------------------------------


def test_password_reset_is_the_same_for_known_and_unknown_addresses(client, deliver, mailoutbox):
    make_member("ana@example.org")
    known = deliver(client.post, "/accounts/password/reset/", {"email": "ana@example.org"})
    unknown = deliver(client.post, "/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    # Each address gets one mail either way (the work per request is the same; the worker sends it).
    assert [m.to for m in mailoutbox] == [["ana@example.org"], ["nobody@example.org"]]
    assert mailoutbox[0].subject == "Reset your Career Tracks password"
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_password_reset_sets_a_new_password_signs_in_and_ends_every_other_session(
    client, deliver, mailoutbox
):
    user = make_member("ana@example.org")
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get("/me/").status_code == 200

    deliver(client.post, "/accounts/password/reset/", {"email": "ana@example.org"})
    link = _link(mailoutbox[0], RESET_LINK)
    response = client.get(link, follow=True)
    set_password_url = response.redirect_chain[-1][0]
    assert b"Choose your password" in response.content

    weak = client.post(set_password_url, {"password1": "123", "password2": "123"})
    assert "This password is too short." in str(weak.context["form"].errors)

    done = deliver(
        client.post, set_password_url, {"password1": "Fresh-orchard-93", "password2": "Fresh-orchard-93"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Fresh-orchard-93")
    assert _signed_in_as(client) == "ana@example.org"
    assert elsewhere.get("/me/").status_code == 302  # the other session ended
    assert mailoutbox[-1].subject == "Your Career Tracks password was reset"


def test_password_change_keeps_this_session_and_ends_the_others(client, deliver):
    user = make_member("ana@example.org")
    elsewhere = Client()
    elsewhere.force_login(user)
    client.force_login(user)
    response = deliver(
        client.post,
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "Fresh-orchard-93", "password2": "Fresh-orchard-93"},
    )
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    assert elsewhere.get("/me/").status_code == 302


# --- Email change ------------------------------------------------------------------------------------


def test_email_change_takes_effect_once_the_new_address_is_confirmed(client, deliver, mailoutbox):
    user = make_member("ana@example.org")
    client.force_login(user)
    assert client.get("/accounts/email/").status_code == 200
    deliver(client.post, "/accounts/email/", {"action_add": "", "email": "ana@new.example"})
    user.refresh_from_db()
    assert user.email == "ana@example.org"  # not until confirmed
    assert mailoutbox[-1].to == ["ana@new.example"]
    path = _link(mailoutbox[-1], CONFIRM_LINK)
    deliver(client.post, path)
    user.refresh_from_db()
    assert user.email == "ana@new.example"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("ana@new.example", True, True)
    ]
    # The old address is told, and the password was not touched (the account was confirmed already).
    assert any(m.to == ["ana@example.org"] and "changed" in m.subject for m in mailoutbox)
    assert user.check_password(PASSWORD)


# --- The pre-registration takeover (issue 12, finding 1) ---------------------------------------------


@pytest.mark.federal
def test_pre_registration_takeover_confirming_the_link_makes_the_owner_choose_the_password(
    deliver, mailoutbox
):
    """Mallory signs up with Ana's address and her own password. Ana later signs up too, then confirms
    the address from the link she received. Mallory must end with nothing: no password that works, no
    session, no sight of Ana's pay."""
    track = make_track()
    mallory, ana = Client(), Client()

    # 1. Mallory signs up with Ana's address. She can't sign in: the address isn't confirmed.
    _signup(deliver, mallory, email="ana@example.org", password=MALLORY_PASSWORD)
    deliver(mallory.post, "/accounts/login/", {"login": "ana@example.org", "password": MALLORY_PASSWORD})
    assert "_auth_user_id" not in mallory.session
    confirm_path = _link(mailoutbox[0], CONFIRM_LINK)
    assert mailoutbox[0].to == ["ana@example.org"]  # the link went to Ana, not Mallory

    # Suppose Mallory had a session on the account some other way: it must end too.
    stolen_session = Client()
    stolen_session.force_login(User.objects.get(email="ana@example.org"))
    clear_caches()

    # 2. Days later (allauth's one-mail-per-address-per-3-minutes limit long expired), Ana signs up:
    #    the same page as for a new address; her mailbox gets "you already have an account".
    response = _signup(deliver, ana, email="ana@example.org", password=PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/"
    assert mailoutbox[-1].subject == "You already have a Career Tracks account"

    # 3. Ana confirms with the link in her mailbox, in her own browser.
    assert b"Confirm and continue" in ana.get(confirm_path).content
    response = deliver(ana.post, confirm_path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/reset/key/")
    user = User.objects.get(email="ana@example.org")
    assert EmailAddress.objects.get(user=user).verified
    # Mallory's password is gone, and so is every session of the account.
    assert not user.check_password(MALLORY_PASSWORD)
    assert not user.has_usable_password()
    assert stolen_session.get("/me/").status_code == 302

    # 4. Ana chooses her password and is signed in; she saves her pay.
    page = ana.get(response["Location"], follow=True)
    assert b"Choose your password" in page.content
    set_password_url = page.redirect_chain[-1][0]
    done = deliver(ana.post, set_password_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    assert _signed_in_as(ana) == "ana@example.org"
    assert ana.post("/get-started/where/", _where(track, 123457)).status_code == 302
    assert CareerProfile.objects.get(user=user).current_pay == 123457

    # 5. Mallory signs in with her password: refused, and she can read nothing.
    response = mallory.post("/accounts/login/", {"login": "ana@example.org", "password": MALLORY_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in mallory.session
    for path in ("/get-started/where/", "/me/", "/me/export/"):
        response = mallory.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "123457" not in response.content.decode()
    # Mallory's own reset request goes to Ana's mailbox, never to Mallory.
    deliver(mallory.post, "/accounts/password/reset/", {"email": "ana@example.org"})
    assert mailoutbox[-1].to == ["ana@example.org"]


def test_pre_registration_takeover_resetting_from_the_already_exists_mail_locks_mallory_out(
    deliver, mailoutbox
):
    mallory, ana = Client(), Client()
    _signup(deliver, mallory, email="ana@example.org", password=MALLORY_PASSWORD)
    clear_caches()  # days later
    _signup(deliver, ana, email="ana@example.org", password=PASSWORD)
    already = mailoutbox[-1]
    assert already.subject == "You already have a Career Tracks account"
    # Ana follows "choose a new one" from that mail.
    deliver(ana.post, "/accounts/password/reset/", {"email": "ana@example.org"})
    link = _link(mailoutbox[-1], RESET_LINK)
    page = ana.get(link, follow=True)
    deliver(ana.post, page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get(email="ana@example.org")
    assert user.check_password(PASSWORD) and not user.check_password(MALLORY_PASSWORD)
    # Signing in asks Ana to confirm her address; she does, in the same browser, and is signed in.
    if "_auth_user_id" not in ana.session:
        confirm = [m for m in mailoutbox if "/accounts/confirm-email/" in m.body][-1]
        deliver(ana.post, _link(confirm, CONFIRM_LINK))
    assert _signed_in_as(ana) == "ana@example.org"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = mallory.post("/accounts/login/", {"login": "ana@example.org", "password": MALLORY_PASSWORD})
    assert "_auth_user_id" not in mallory.session and response.status_code == 200


# --- The rest ------------------------------------------------------------------------------------------


def test_passwords_are_stored_with_argon2_in_production_settings():
    from careers import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.federal
def test_admin_shows_member_records_read_only_and_never_their_pay(client):
    admin_user = User.objects.create_superuser(email="admin@example.org", password=PASSWORD)
    member = make_member("ana@example.org")
    make_profile(member, make_track(), pay=123457)
    client.force_login(admin_user)
    response = client.get(f"/{settings.ADMIN_URL}careers/user/{member.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shift Supervisor" in html
    assert "123457" not in html and "123,457" not in html

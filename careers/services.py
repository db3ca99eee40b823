"""Writes for accounts, Get Started and the career record.

Every function takes keyword-only arguments and runs its writes in one transaction. Emails go out after
the transaction commits; a mail server that is down is logged and never undoes the write (the member can
ask for the email again from their record).
"""

import logging
import smtplib

from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from careers.models import CareerProfile, FollowedTrack, Position, SkillRating, User

logger = logging.getLogger(__name__)


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Signed, expiring (``PASSWORD_RESET_TIMEOUT``) and single-use: confirming the address changes
    ``email_verified_at``, which is part of the hash, so the link stops working once used."""

    key_salt = "careers.services.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0)
        return f"{user.pk}{user.email}{verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def _send(*, to: str, template: str, context: dict) -> bool:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and send them; False if the server failed."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    try:
        EmailMessage(subject, body, to=[to]).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send %s", template)
        return False
    return True


def verification_url(*, user: User, base_url: str) -> str:
    path = reverse(
        "verify_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_verification_token.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def member_send_verification(*, user: User, base_url: str) -> bool:
    return _send(
        to=user.email,
        template="registration/verify_email_email",
        context={
            "user": user,
            "url": verification_url(user=user, base_url=base_url),
            "base_url": base_url.rstrip("/"),
        },
    )


def member_signup(*, email: str, password: str, base_url: str, track=None) -> User | None:
    """Create an account and send the verification email.

    If the address already has an account, nothing is created and the owner is emailed instead (with a
    sign-in and a reset link). The caller shows the same page either way, so the response never tells
    whether an address is registered. The password is hashed either way, so the timing doesn't tell.
    Returns the new user, or None when the address was taken.
    """
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise IntegrityError("email taken")
            user = User.objects.create_user(email=email, password=password)
            CareerProfile.objects.create(user=user, track=track)
    except IntegrityError:
        make_password(password)  # same work as creating the account
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            context = {"user": existing, "base_url": base_url.rstrip("/")}
            if existing.email_verified_at is None:
                context["verify_url"] = verification_url(user=existing, base_url=base_url)
            _send(to=existing.email, template="registration/account_exists_email", context=context)
        return None
    member_send_verification(user=user, base_url=base_url)
    return user


def member_verify_email(*, user: User) -> User:
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def _profile(user: User) -> CareerProfile:
    profile, _ = CareerProfile.objects.select_for_update().get_or_create(user=user)
    return profile


def profile_save_where(
    *, user: User, track, role, title: str, metro, years_experience: int, current_pay: int | None
) -> CareerProfile:
    """Save Get Started step 2 and follow the member's track."""
    with transaction.atomic():
        profile = _profile(user)
        profile.track = track
        profile.role = role
        profile.title = "" if role is not None else title.strip()
        profile.metro = metro
        profile.years_experience = years_experience
        profile.current_pay = current_pay
        profile.where_saved_at = timezone.now()
        profile.save()
        FollowedTrack.objects.get_or_create(user=user, track=track)
    return profile


def skill_ratings_save(*, user: User, ratings: dict) -> None:
    """Save Get Started step 3: ``ratings`` is {Skill: 1..5}. Ratings of other skills are kept."""
    with transaction.atomic():
        profile = _profile(user)
        for skill, rating in ratings.items():
            SkillRating.objects.update_or_create(user=user, skill=skill, defaults={"rating": rating})
        profile.strengths_saved_at = timezone.now()
        profile.save(update_fields=["strengths_saved_at", "updated_at"])


def plan_save(*, user: User, compare_metros: list) -> CareerProfile:
    """Save Get Started step 4: the metros to compare with. The plan's figures are never stored."""
    with transaction.atomic():
        profile = _profile(user)
        profile.compare_metros.set(compare_metros[: CareerProfile.MAX_COMPARE_METROS])
        profile.plan_saved_at = timezone.now()
        profile.save(update_fields=["plan_saved_at", "updated_at"])
    return profile


def position_create(*, user: User, title: str, employer: str, start_date, end_date, track, role) -> Position:
    with transaction.atomic():
        return Position.objects.create(
            user=user,
            title=title.strip(),
            employer=employer.strip(),
            start_date=start_date,
            end_date=end_date,
            track=track,
            role=role,
        )


def position_update(
    *, position: Position, title: str, employer: str, start_date, end_date, track, role
) -> Position:
    with transaction.atomic():
        position.title = title.strip()
        position.employer = employer.strip()
        position.start_date = start_date
        position.end_date = end_date
        position.track = track
        position.role = role
        position.save()
    return position


def position_delete(*, position: Position) -> None:
    with transaction.atomic():
        position.delete()


def track_follow(*, user: User, track) -> FollowedTrack:
    with transaction.atomic():
        followed, _ = FollowedTrack.objects.get_or_create(user=user, track=track)
    return followed


def track_unfollow(*, user: User, track) -> None:
    with transaction.atomic():
        FollowedTrack.objects.for_member(user).filter(track=track).delete()


def member_delete(*, user: User) -> None:
    """Delete the account and, through the foreign keys, everything the member recorded."""
    with transaction.atomic():
        user.delete()

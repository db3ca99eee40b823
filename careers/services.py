"""Writes for accounts, Get Started and the career record.

Every function takes keyword-only arguments and runs its writes in one transaction. Sign-up, sign-in,
verification, reset and email change are django-allauth's (``careers.accounts``); emails go out from a
task after the transaction commits (``careers.tasks``; the follow digest's is ``careers.digest``).
"""

import logging

from django.db import transaction
from django.utils import timezone

from careers import selectors
from careers.models import CareerProfile, FollowedTrack, Position, SkillRating, User
from careers.tasks import send_follow_digest

logger = logging.getLogger(__name__)


def member_email_confirmed(*, user: User) -> User:
    """Record when the member's address was first confirmed (allauth keeps the EmailAddress row)."""
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def member_discard_unproven_password(*, user: User) -> User:
    """Forget a password chosen before anyone proved they own the address (see careers.accounts.adapter).

    The password hash changes, so every session of the account ends (Django checks each session against
    the hash), and only someone with the owner's mailbox can choose the next one.
    """
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    logger.info(
        "Discarded the sign-up password of user %s on first confirmation from another browser", user.pk
    )
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
        _follow(user=user, track=track, metro=metro)
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


def _follow(*, user: User, track, metro) -> FollowedTrack:
    """Follow ``track``, recording its headline figures now (to say later what changed since)."""
    followed, created = FollowedTrack.objects.get_or_create(user=user, track=track)
    if created or not followed.baseline:
        figures = selectors.track_headline_figures(tracks=[track], metro=metro)[track.pk]
        followed.baseline = figures.as_dict()
        followed.notified_release = figures.release or ""
        followed.save(update_fields=["baseline", "notified_release"])
    return followed


def track_follow(*, user: User, track) -> FollowedTrack:
    with transaction.atomic():
        profile = CareerProfile.objects.for_member(user).select_related("metro").first()
        return _follow(user=user, track=track, metro=profile.metro if profile else None)


def track_unfollow(*, user: User, track) -> None:
    with transaction.atomic():
        FollowedTrack.objects.for_member(user).filter(track=track).delete()


def member_delete(*, user: User) -> None:
    """Delete the account and, through the foreign keys, everything the member recorded."""
    with transaction.atomic():
        user.delete()


# --------------------------------------------------------------------------------------------------
# The follow digest: an opt-in email when a new data release changes the tracks a member follows


def follow_emails_set(*, user: User, on: bool) -> CareerProfile:
    with transaction.atomic():
        profile = _profile(user)
        profile.follow_emails = on
        profile.save(update_fields=["follow_emails", "updated_at"])
    return profile


def notify_followers() -> int:
    """Queue a digest for every opted-in member following a track the newest release hasn't been
    reported for. A committed OEWS load calls it (``careers.receivers``); ``manage.py notify_followers``
    runs it by hand. Running it again queues nothing new. Returns how many members were queued. Each
    email is sent by the task worker after this transaction commits."""
    release = selectors.data_version().oews
    if release is None:
        return 0
    with transaction.atomic():
        # Follows recorded before figures were kept start from this release.
        for followed in FollowedTrack.objects.filter(baseline={}).select_related(
            "track", "user__career_profile"
        ):
            _follow(user=followed.user, track=followed.track, metro=_metro_of(followed.user))
        due = (
            FollowedTrack.objects.select_for_update()
            .filter(user__career_profile__follow_emails=True, user__is_active=True)
            .exclude(notified_release=release.vintage)
        )
        user_ids = sorted(set(due.values_list("user_id", flat=True)))
        due.update(notified_release=release.vintage)
        for user_id in user_ids:
            transaction.on_commit(lambda user_id=user_id: send_follow_digest.enqueue(user_id=user_id))
    return len(user_ids)


def _metro_of(user: User):
    profile = getattr(user, "career_profile", None)
    return profile.metro if profile is not None else None

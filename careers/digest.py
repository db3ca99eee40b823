"""The follow digest: the email telling one member what a new data release changed in the tracks they
follow, with a signed one-click unsubscribe link. ``careers.services.notify_followers`` queues one task
per member (``careers.tasks.send_follow_digest``); the task worker runs ``follow_digest_send``."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from careers import selectors
from careers.models import CareerProfile, User
from careers.outbox import email_send_once
from pages.links import canonical_url


def unsubscribe_token(*, user: User) -> str:
    """A signed token naming the member (and the address it was sent to) for one-click unsubscribe."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=selectors.UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: User) -> str:
    return canonical_url("follow_unsubscribe", token=unsubscribe_token(user=user))


def follow_digest_send(*, user_id: int, email_key: str) -> bool:
    """Email one member what the newest release changed in the tracks they follow (the task's work;
    ``email_key`` is its id, see ``careers.outbox.email_send_once``). Nothing is sent if they have
    opted out meanwhile or no followed track's figures changed."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    profile = CareerProfile.objects.for_member(user).select_related("metro").first() if user else None
    if profile is None or not profile.follow_emails:
        return False
    changed = [
        view
        for view in selectors.member_follows(user=user, profile=profile)
        if view.since and view.since.changed
    ]
    if not changed:
        return False
    url = unsubscribe_url(user=user)
    context = {
        "user": user,
        "tracks": changed,
        "release": changed[0].since.release,
        "site_url": settings.SITE_URL,
        "record_url": canonical_url("record") + "#tracks",
        "unsubscribe_url": url,
    }
    template = "careers/email/follow_digest"
    message = EmailMessage(
        " ".join(render_to_string(f"{template}_subject.txt", context).split()),
        render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    # This runs in the task worker: a mail server failure raises, so the worker records it.
    return email_send_once(message=message, key=email_key)

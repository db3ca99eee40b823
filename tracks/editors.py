"""Editors: staff users in the Editors group (created by migration tracks 0002), who may edit tracks and
their parts in admin and nothing else."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

EDITORS_GROUP = "Editors"


def make_editor(*, email: str, password: str | None = None) -> tuple[object, bool]:
    """Create (or promote) the user with ``email`` to an editor: staff, in Editors, not a superuser.

    Without a password a new user gets an unusable one (set it with ``manage.py changepassword``).
    Returns (user, created).
    """
    User = get_user_model()
    group = Group.objects.get(name=EDITORS_GROUP)
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email, password=password, is_staff=True)
        else:
            user.is_staff = True
            if password:
                user.set_password(password)
            user.save()
        user.groups.add(group)
    return user, created

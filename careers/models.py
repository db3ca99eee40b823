from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member or an editor, identified by email address."""

    username = None
    email = models.EmailField("email address", unique=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self):
        return self.email


class MemberQuerySet(models.QuerySet):
    """Rows that belong to one member. Every read of member data goes through ``for_member``."""

    def for_member(self, user):
        return self.filter(user=user)


class CareerProfile(models.Model):
    """Where a member is now (Get Started step 2) and the metros they compare against (step 4).

    Only inputs are stored. The plan's figures are computed when it is shown, from the current data
    release, so a data refresh never leaves a stale number in a member's plan.
    """

    MAX_COMPARE_METROS = 3

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="career_profile")
    track = models.ForeignKey(
        "tracks.Track", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.ForeignKey(
        "tracks.Role", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField("job title", max_length=120, blank=True, help_text="When no rung fits.")
    metro = models.ForeignKey(
        "salaries.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"area_type": "metro"},
    )
    years_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    current_pay = models.PositiveIntegerField(
        null=True, blank=True, help_text="Annual, in dollars. Private: shown to nobody but the member."
    )
    compare_metros = models.ManyToManyField(
        "salaries.Area", blank=True, related_name="+", limit_choices_to={"area_type": "metro"}
    )
    follow_emails = models.BooleanField(
        "email me when a new data release changes the tracks I follow", default=False
    )
    where_saved_at = models.DateTimeField(null=True, blank=True)
    strengths_saved_at = models.DateTimeField(null=True, blank=True)
    plan_saved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(years_experience__lte=70), name="profile_years_experience_range"
            ),
            models.CheckConstraint(condition=models.Q(current_pay__lte=10_000_000), name="profile_pay_range"),
        ]

    def __str__(self):
        return f"Career profile of {self.user}"


class SkillRating(models.Model):
    """How a member rates one O*NET skill of theirs (Get Started step 3)."""

    class Scale(models.IntegerChoices):
        NOT_YET = 1, "Not a strength yet"
        SOME = 2, "Some ability"
        SOLID = 3, "Solid"
        STRONG = 4, "Strong"
        TOP = 5, "A top strength"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skill_ratings")
    skill = models.ForeignKey("salaries.Skill", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=Scale.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="unique_skill_rating"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="skill_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} rates {self.skill_id} {self.rating}"


class Position(models.Model):
    """One entry of a member's timeline. ``end_date`` empty = the member holds it now."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=120)
    employer = models.CharField(max_length=120, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    track = models.ForeignKey(
        "tracks.Track", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.ForeignKey(
        "tracks.Role", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="position_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%Y-%m})"


class FollowedTrack(models.Model):
    """A track the member follows, with its headline figures when they followed it (``baseline``,
    ``careers.follows.Figures`` as a dict) so /me/ and the digest can say what changed since."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followed_tracks")
    track = models.ForeignKey("tracks.Track", on_delete=models.CASCADE, related_name="+")
    followed_at = models.DateTimeField(auto_now_add=True)
    baseline = models.JSONField(default=dict, blank=True)
    notified_release = models.CharField(
        max_length=64, blank=True, help_text="The data release the last follow digest covered."
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["track__name"]
        constraints = [models.UniqueConstraint(fields=["user", "track"], name="unique_followed_track")]

    def __str__(self):
        return f"{self.user} follows {self.track_id}"


# --------------------------------------------------------------------------------------------------
# The task worker (careers.worker) and the email it sends


class TaskLease(models.Model):
    """How long the worker that claimed a task may keep it (django-tasks-db has no lease of its own).

    The worker renews it while the task runs; a RUNNING task whose lease ran out was abandoned (its
    worker died) and goes back to READY, so it runs again (``careers.worker``).
    """

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Task {self.task_id} leased to {self.worker_id} until {self.expires_at:%H:%M:%S}"


class SentEmailQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)


class SentEmail(models.Model):
    """An email by the id of the task that queued it (``careers.outbox.email_send_once``): ``sent_at``
    once the mail server accepted it, so a task that runs again (its worker died before recording the
    outcome) sends nothing; ``handed_off_until`` while a process of its own is handing it to the mail
    server, so a task that runs again meanwhile waits for that process instead of sending a copy."""

    key = models.CharField(max_length=64, primary_key=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    handed_off_until = models.DateTimeField(null=True, blank=True)

    objects = SentEmailQuerySet.as_manager()

    def __str__(self):
        if self.sent_at is None:
            return f"Email {self.key} not sent yet"
        return f"Email {self.key} sent {self.sent_at:%Y-%m-%d %H:%M}"

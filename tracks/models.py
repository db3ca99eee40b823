"""Editorial content. Figures never live here: they are computed from ``salaries`` at render time."""

import reversion
from django.db import models
from django.urls import reverse

from salaries.statistics.industries import clean_sector_title

# The narrative sections of a track, in page order.
SECTION_FIELDS = (
    "junior_work",
    "mid_work",
    "senior_work",
    "core_challenge",
    "who_thrives",
    "entry_points",
    "changing",
)


class TrackQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Track.Status.PUBLISHED)


# History: every save through admin (and every catalogue load that changes a track) records a revision
# of the track together with its parts, so an earlier version can be restored as a whole.
@reversion.register(follow=("occupations", "roles", "industries", "links"))
class Track(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, help_text="e.g. 'Operations' (the page says 'Careers in …')")
    lede = models.TextField(help_text="One paragraph under the page title. Markdown.")
    meta_description = models.CharField(max_length=300, help_text="Shown in search results.")

    junior_work = models.TextField("junior work", help_text="Markdown.")
    mid_work = models.TextField("mid-level work", help_text="Markdown.")
    senior_work = models.TextField("senior work", help_text="Markdown.")
    core_challenge = models.TextField("the core challenge", help_text="Markdown.")
    who_thrives = models.TextField("who thrives", help_text="Markdown.")
    entry_points = models.TextField("entry points", help_text="Markdown.")
    changing = models.TextField("how this track is changing", help_text="Markdown.")

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reviewed_by = models.CharField(max_length=120, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    credits = models.TextField("editorial credits", blank=True, help_text="Shown at the foot of the page.")
    composition_note = models.TextField(
        "composition note",
        blank=True,
        help_text=(
            "Plain text, one or two sentences in your own words, shown beside the track's headline figures "
            "(home table and page hero): which occupations stand in for this work or are shared with "
            "other tracks, so the numbers are not read as an exact headcount. Required when the track "
            "shares an occupation with another published track."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracks:detail", kwargs={"slug": self.slug})

    @property
    def title(self):
        return f"Careers in {self.name}"


@reversion.register()
class TrackOccupation(models.Model):
    """A detailed SOC occupation that is part of the track."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="occupations")
    occupation = models.ForeignKey(
        "salaries.Occupation",
        on_delete=models.PROTECT,
        related_name="track_memberships",
        limit_choices_to={"level": "detailed"},
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why this occupation belongs here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["track", "occupation"], name="unique_track_occupation")
        ]
        ordering = ["occupation__code"]

    def __str__(self):
        return f"{self.track} · {self.occupation_id}"


@reversion.register()
class Role(models.Model):
    """One rung of the track's ladder, with the part of an occupation's pay distribution it stands for."""

    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        MID = "mid", "Mid level"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead / manager"
        EXECUTIVE = "executive", "Executive"

    class PayBand(models.TextChoices):
        BOTTOM_QUARTER = "p10_p25", "10th to 25th percentile"
        LOWER_HALF = "p10_p50", "10th percentile to median"
        MIDDLE_HALF = "p25_p75", "middle 50% (25th to 75th percentile)"
        UPPER_HALF = "p50_p90", "median to 90th percentile"
        TOP_QUARTER = "p75_p90", "75th to 90th percentile"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=120)
    level = models.CharField(max_length=16, choices=Level.choices)
    order = models.PositiveSmallIntegerField(default=0)
    work = models.TextField("what the work is", help_text="Markdown.")
    move_up = models.TextField("what it takes to move up", blank=True, help_text="Markdown.")
    occupation = models.ForeignKey(
        "salaries.Occupation",
        on_delete=models.PROTECT,
        related_name="roles",
        limit_choices_to={"level": "detailed"},
    )
    pay_band = models.CharField(max_length=16, choices=PayBand.choices, default=PayBand.MIDDLE_HALF)

    class Meta:
        ordering = ["track", "order"]
        constraints = [models.UniqueConstraint(fields=["track", "order"], name="unique_role_order")]

    def __str__(self):
        return f"{self.title} ({self.track})"


@reversion.register()
class TrackIndustry(models.Model):
    """An editorial note on one industry sector that matters to the track."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="industries")
    industry = models.ForeignKey(
        "salaries.Industry",
        on_delete=models.PROTECT,
        related_name="track_notes",
        limit_choices_to={"level": "sector"},
    )
    note = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["track", "order"]
        verbose_name_plural = "track industries"
        constraints = [models.UniqueConstraint(fields=["track", "industry"], name="unique_track_industry")]

    def __str__(self):
        # Labelled by sector name (from a loaded relation; the code only if it is not loaded).
        cached = type(self).industry.is_cached(self)
        sector = clean_sector_title(self.industry.title) if cached else self.industry_id
        return f"{self.track} · {sector}"


@reversion.register()
class RelatedTrack(models.Model):
    class Kind(models.TextChoices):
        SKILLS_TRANSFER = "skills", "Skills transfer"
        TEAMS_COLLABORATE = "teams", "Teams collaborate"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="links")
    related = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="linked_from")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["track", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "related", "kind"], name="unique_related_track"),
            models.CheckConstraint(condition=~models.Q(track=models.F("related")), name="no_self_link"),
        ]

    def __str__(self):
        return f"{self.track} → {self.related} ({self.get_kind_display()})"

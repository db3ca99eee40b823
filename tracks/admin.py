"""Editors' admin for tracks: one change form with inlines for the track's parts, history and restore
(django-reversion). The preview of the full track page before anything is saved or published is added
by ``pages.admin`` (the page lives in ``pages``), which registers this admin extended with it."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count
from reversion.admin import VersionAdmin

from salaries.models import Occupation
from tracks import revisions, services
from tracks.forms import (
    OCCUPATION_DATALIST_ID,
    RelatedTrackInlineForm,
    RelatedTrackInlineFormSet,
    RoleInlineForm,
    SharedChoicesInlineFormSet,
    TrackAdminForm,
    TrackIndustryInlineForm,
    TrackOccupationInlineForm,
)
from tracks.models import RelatedTrack, Role, Track, TrackIndustry, TrackOccupation
from tracks.placeholders import placeholder_help_html


@admin.display(description="occupation title")
def occupation_title(obj):
    return obj.occupation.title if obj.occupation_id else ""


class TrackOccupationInline(admin.TabularInline):
    model = TrackOccupation
    form = TrackOccupationInlineForm
    formset = SharedChoicesInlineFormSet
    fields = ["occupation", occupation_title, "note"]
    readonly_fields = [occupation_title]
    extra = 0
    verbose_name = "occupation in this track"
    verbose_name_plural = "occupations in this track (detailed SOC codes)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("occupation")


class RoleInline(admin.StackedInline):
    model = Role
    form = RoleInlineForm
    formset = SharedChoicesInlineFormSet
    fields = [("order", "level", "title"), ("occupation", occupation_title, "pay_band"), "work", "move_up"]
    readonly_fields = [occupation_title]
    ordering = ["order"]
    extra = 0
    verbose_name_plural = "roles (the ladder, from entry level to executive)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("occupation")


class TrackIndustryInline(admin.TabularInline):
    model = TrackIndustry

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("industry")

    form = TrackIndustryInlineForm
    formset = SharedChoicesInlineFormSet
    fields = ["order", "industry", "note"]
    ordering = ["order"]
    extra = 0
    verbose_name = "industry note"
    verbose_name_plural = "industry notes (most important first)"


class RelatedTrackInline(admin.TabularInline):
    model = RelatedTrack
    fk_name = "track"
    form = RelatedTrackInlineForm
    formset = RelatedTrackInlineFormSet
    fields = ["kind", "related", "order", "note"]
    ordering = ["kind", "order"]
    extra = 0
    verbose_name = "related track"
    verbose_name_plural = "related tracks"


@admin.register(Track)
class TrackAdmin(VersionAdmin):
    form = TrackAdminForm
    inlines = [TrackOccupationInline, RoleInline, TrackIndustryInline, RelatedTrackInline]
    list_display = ["name", "slug", "status", "reviewed_on", "reviewed_by", "role_count", "updated_at"]
    list_filter = ["status", "reviewed_on"]
    search_fields = ["name", "slug", "lede", "roles__title", "occupations__occupation__code"]
    prepopulated_fields = {"slug": ["name"]}
    history_latest_first = True
    revision_form_template = "admin/tracks/track/revision_form.html"
    object_history_template = "admin/tracks/track/object_history.html"
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "lede", "meta_description", "composition_note"]}),
        (
            "Understanding this track",
            {
                "fields": [
                    "junior_work",
                    "mid_work",
                    "senior_work",
                    "core_challenge",
                    "who_thrives",
                    "entry_points",
                    "changing",
                ],
                "description": placeholder_help_html(),
            },
        ),
        ("Review and credits", {"fields": ["reviewed_by", "reviewed_on", "credits"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles", distinct=True))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The restore page, with what this version would change against the track as it is now."""
        from reversion.models import Version

        version = Version.objects.filter(pk=version_id, object_id=unquote(object_id)).first()
        track = self.get_object(request, unquote(object_id))
        if version is not None and track is not None and request.method == "GET":
            changes = revisions.differences(
                revisions.current_snapshot(track), revisions.version_snapshot(version)
            )
            extra_context = {**(extra_context or {}), "revision_differences": changes}
        return super().revision_view(request, object_id, version_id, extra_context)

    HISTORY_SUMMARIES = 60  # the latest versions summarised on the History page

    def history_view(self, request, object_id, extra_context=None):
        """History, with what each version changed against the one saved before it."""
        from reversion.models import Version

        response = super().history_view(request, object_id, extra_context)
        actions = getattr(response, "context_data", {}).get("action_list") or []
        if actions:
            versions = list(
                Version.objects.get_for_object_reference(Track, unquote(object_id))
                .select_related("revision")
                .order_by("-revision__date_created", "-pk")[: self.HISTORY_SUMMARIES + 1]
            )
            summaries = revisions.version_summaries(versions)
            if len(versions) > self.HISTORY_SUMMARIES:  # the oldest one read is only the baseline
                summaries.pop(versions[-1].pk, None)
            by_revision = {version.revision_id: summaries.get(version.pk) for version in versions}
            for action in actions:
                action["changes"] = by_revision.get(action["revision"].pk)
        return response

    def save_related(self, request, form, formsets, change):
        # After the inlines are saved: rebuild this track's public page (and bump the generation).
        super().save_related(request, form, formsets, change)
        services.track_saved(form.instance)

    def delete_model(self, request, obj):
        slug = obj.slug
        super().delete_model(request, obj)
        services.track_deleted(slug)

    def delete_queryset(self, request, queryset):
        slugs = list(queryset.values_list("slug", flat=True))
        super().delete_queryset(request, queryset)
        for slug in slugs:
            services.track_deleted(slug)

    @admin.display(description="roles", ordering="role_count")
    def role_count(self, obj):
        return obj.role_count

    def render_change_form(self, request, context, *args, **kwargs):
        # One shared <datalist> of detailed occupations for every SOC code input (see OccupationCodeInput).
        context["detailed_occupations"] = Occupation.objects.filter(
            level=Occupation.Level.DETAILED
        ).values_list("code", "title")
        context["occupation_datalist_id"] = OCCUPATION_DATALIST_ID
        return super().render_change_form(request, context, *args, **kwargs)

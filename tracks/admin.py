"""Editors' admin for tracks: one change form with inlines for the track's parts, history and restore
(django-reversion), and a preview of the full track page before anything is saved or published."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed
from django.urls import NoReverseMatch, path, reverse
from reversion.admin import VersionAdmin

from salaries.models import Occupation
from tracks import preview, revisions, services
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

    def view_on_site(self, obj):
        if obj.status != Track.Status.PUBLISHED:
            return self._preview_url(obj)
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:  # the public track page is not wired up
            return None

    def _preview_url(self, obj):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])

    # Preview -----------------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view(self.preview_view)
        return [
            path("preview/", view, name=f"{name}_preview_new"),
            path("<path:object_id>/preview/", view, name=f"{name}_preview"),
        ] + super().get_urls()

    def preview_view(self, request, object_id=None):
        """GET: the saved track (draft or not) as the public would see it once published.
        POST: the change form's current, unsaved content, validated; nothing is written."""
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("No track with that id.")
        if request.method == "GET" and obj is not None:
            if not self.has_view_or_change_permission(request, obj):
                raise PermissionDenied
            return preview.render_saved(request, obj)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"] if obj is None else ["GET", "POST"])
        allowed = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        return self._preview_posted(request, obj)

    def _preview_posted(self, request, obj):
        change = obj is not None
        form = self.get_form(request, obj, change=change)(request.POST, request.FILES, instance=obj)
        form_valid = form.is_valid()
        track = form.instance  # cleaned values applied in memory; never saved
        formsets, prefixes = [], {}
        for formset_class, inline in self.get_formsets_with_inlines(request, *([obj] if change else [])):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            formsets.append(formset_class(**self.get_formset_kwargs(request, track, inline, prefix)))
        if not (all_valid(formsets) and form_valid):
            opts = self.model._meta
            context = {**self.admin_site.each_context(request), "opts": opts, "original": obj}
            return preview.render_errors(request, form, formsets, context=context)
        keys = {model: key for key, model in preview.PART_MODELS.items()}
        parts = {keys[fs.model._meta.model_name]: preview.unsaved_rows(fs, track) for fs in formsets}
        return preview.render_unsaved(request, track=track, parts=parts)

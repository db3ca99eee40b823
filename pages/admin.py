"""The editors' track admin, with the preview of the public track page.

The track admin is the editorial app's (``tracks.admin.TrackAdmin``); previewing the page it edits
needs the page, which lives here. So this app registers the track admin again, extended with the
preview's URLs and views (the pattern Django documents for extending another app's admin, e.g.
``UserAdmin``): ``tracks`` never imports ``pages``, and the admin still shows one Track admin.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed
from django.urls import NoReverseMatch, path, reverse

from pages.track import preview
from tracks.admin import TrackAdmin
from tracks.models import Track


class TrackAdminWithPreview(TrackAdmin):
    """``TrackAdmin`` plus "Preview" (the change form's unsaved content) and "Preview saved version"."""

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


admin.site.unregister(Track)
admin.site.register(Track, TrackAdminWithPreview)

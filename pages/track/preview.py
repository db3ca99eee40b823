"""Preview of a track page for editors: a saved draft, or the change form's unsaved content.

The page itself (context and template) is the public track page's (``pages.track.build`` and
``pages/track/detail.html``); the preview renders the same template through
``pages/track/preview.html``, which adds a "Preview — not published" banner and ``noindex``.
Rendering happens inside a transaction that is always rolled back, so a preview can never write.
The admin's preview URLs and views are added to the track admin by ``pages.admin``.
"""

from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from pages.track.build import track_page_context
from tracks.models import Track

PREVIEW_TEMPLATE = "pages/track/preview.html"
ERRORS_TEMPLATE = "pages/track/preview_errors.html"


def saved_parts(track: Track) -> dict[str, list]:
    """A saved track's parts, in page order, with what the page needs joined in."""
    return {
        "occupations": list(track.occupations.select_related("occupation").order_by("occupation_id")),
        "roles": list(track.roles.select_related("occupation").order_by("order")),
        "industry_notes": list(track.industries.select_related("industry").order_by("order")),
        "links": list(track.links.select_related("related").order_by("kind", "order")),
    }


def unsaved_rows(formset, track: Track) -> list:
    """The rows a valid inline formset describes, as unsaved instances pointing at ``track``:
    existing rows with the edits applied, new rows that were filled in, minus rows marked for deletion."""
    deleted = {id(form) for form in formset.deleted_forms}
    rows = []
    for index, form in enumerate(formset.forms):
        if id(form) in deleted:
            continue
        if index >= formset.initial_form_count() and not form.has_changed():
            continue  # an empty extra row
        instance = form.instance
        setattr(instance, formset.fk.name, track)
        rows.append(instance)
    return rows


def _page_context(request, *, track, occupations, roles, industry_notes, links) -> dict:
    context = track_page_context(
        track=track,
        occupations=sorted(occupations, key=lambda o: o.occupation_id),
        roles=sorted(roles, key=lambda r: r.order),
        industry_notes=sorted(industry_notes, key=lambda i: i.order),
        links=sorted(links, key=lambda link: (link.kind, link.order)),
        metro_code=request.GET.get("metro") or None,
        preview=True,
    )
    context["preview"] = True
    return context


PART_MODELS = {
    "occupations": "trackoccupation",
    "roles": "role",
    "industry_notes": "trackindustry",
    "links": "relatedtrack",
}


def render_unsaved(
    request, *, track: Track, parts: dict[str, list], source: str = "form"
) -> TemplateResponse:
    """Render ``track`` with ``parts`` (keys as in ``saved_parts``). A part missing from ``parts`` (an
    inline the editor may not edit) is shown as saved."""
    missing = set(PART_MODELS) - set(parts)
    if missing:
        saved = saved_parts(track) if track.pk is not None else {}
        parts = {**parts, **{key: saved.get(key, []) for key in missing}}
    with transaction.atomic():
        context = _page_context(request, track=track, **parts)
        context["preview_source"] = source  # "form": unsaved editor content; "saved": the database
        response = TemplateResponse(request, PREVIEW_TEMPLATE, context)
        response.render()
        transaction.set_rollback(True)  # belt and braces: a preview never writes
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def render_saved(request, track: Track) -> TemplateResponse:
    return render_unsaved(request, track=track, parts=saved_parts(track), source="saved")


def form_errors(form, formsets) -> list[tuple[str, str]]:
    """(where, message) for every error in the change form and its inlines."""
    errors = []
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else "Track"
        errors.extend((str(label), message) for message in messages)
    for formset in formsets:
        title = str(formset.model._meta.verbose_name_plural).capitalize()
        errors.extend((title, message) for message in formset.non_form_errors())
        for index, row_errors in enumerate(formset.errors, start=1):
            for name, messages in row_errors.items():
                field = formset.forms[index - 1].fields.get(name)
                where = f"{title}, row {index}" + (f", {field.label}" if field else "")
                errors.extend((where, message) for message in messages)
    return errors


def render_errors(request, form, formsets, *, context: dict) -> TemplateResponse:
    context = {**context, "title": "Preview unavailable", "errors": form_errors(form, formsets)}
    response = TemplateResponse(request, ERRORS_TEMPLATE, context, status=400)
    add_never_cache_headers(response)
    return response

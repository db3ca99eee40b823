"""Admin forms for tracks: placeholder validation on every Markdown field, SOC codes typed against one
shared datalist, and inline formsets that run the sector/track choice queries once per formset."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms.models import BaseInlineFormSet

from tracks.markdown import unwrap_paragraphs
from tracks.models import SECTION_FIELDS, RelatedTrack, Role, Track, TrackIndustry, TrackOccupation
from tracks.placeholders import PLACEHOLDERS, find_placeholders, validate_placeholders

PLACEHOLDER_HINT = (
    "Markdown. Live figures as placeholders: "
    + ", ".join(f"[[{n}]]" for n in PLACEHOLDERS)
    + " (what each means: under “Understanding this track”)."
)


def normalise_newlines(value):
    """Browsers submit textareas with CRLF line ends; the database keeps LF. Without this every saved
    paragraph would look changed and the history would list fields nobody touched."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class NormalisedNewlinesMixin:
    """Every text field of the form compares and saves its value with LF line ends only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                to_python = field.to_python
                field.to_python = lambda value, to_python=to_python: to_python(normalise_newlines(value))


class PlaceholderValidationMixin(NormalisedNewlinesMixin):
    """Reject unknown ``[[placeholders]]`` in ``markdown_fields``; ``plain_fields`` may hold none at all.
    (Line ends are normalised too, see ``NormalisedNewlinesMixin``.)

    ``markdown_fields`` are shown with each paragraph on one line (``tracks.markdown.unwrap_paragraphs``),
    not with the hard wraps a stored text may carry; the same Markdown sent back unchanged keeps the
    stored text, so nobody's save records a change they did not make."""

    markdown_fields: tuple[str, ...] = ()
    plain_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.markdown_fields:
            if name in self.fields:
                self.fields[name].help_text = PLACEHOLDER_HINT
                if self.initial.get(name):
                    self.initial[name] = unwrap_paragraphs(self.initial[name])

    def clean(self):
        cleaned = super().clean()
        for name in self.markdown_fields:
            stored = getattr(self.instance, name, None) if self.instance.pk else None
            value = cleaned.get(name)
            if stored and value and value != stored and value == unwrap_paragraphs(stored):
                cleaned[name] = stored  # the stored text, shown unwrapped and sent back as it was shown
            try:
                validate_placeholders(cleaned.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        for name in self.plain_fields:
            if find_placeholders(cleaned.get(name) or ""):
                self.add_error(name, "Placeholders are only filled in Markdown text, not here.")
        return cleaned


class TrackAdminForm(PlaceholderValidationMixin, forms.ModelForm):
    markdown_fields = ("lede", *SECTION_FIELDS, "credits")
    plain_fields = ("name", "meta_description", "composition_note")

    class Meta:
        model = Track
        fields = [
            "name",
            "slug",
            "status",
            "lede",
            "meta_description",
            *SECTION_FIELDS,
            "reviewed_by",
            "reviewed_on",
            "credits",
            "composition_note",
        ]
        widgets = {
            "lede": AdminTextareaWidget(attrs={"rows": 4}),
            "meta_description": AdminTextareaWidget(attrs={"rows": 2}),
            "credits": AdminTextareaWidget(attrs={"rows": 3}),
            "composition_note": AdminTextareaWidget(attrs={"rows": 2}),
        }


OCCUPATION_DATALIST_ID = "detailed-occupations"


class OccupationCodeInput(forms.TextInput):
    """A SOC code typed (or picked from the page's one shared <datalist> of detailed occupations).

    A <select> of ~800 occupations on every inline row made the change page several megabytes and many
    seconds to render; the datalist is rendered once (admin/tracks/occupation_datalist.html) and the
    browser offers matches by code or title as the editor types. No JavaScript.
    """

    def __init__(self, attrs=None):
        defaults = {
            "list": OCCUPATION_DATALIST_ID,
            "size": 9,
            "autocomplete": "off",
            "placeholder": "11-1021",
        }
        super().__init__({**defaults, **(attrs or {})})


OCCUPATION_ERRORS = {"invalid_choice": "Enter the code of a detailed SOC occupation, like 11-1021."}


class TrackOccupationInlineForm(NormalisedNewlinesMixin, forms.ModelForm):
    class Meta:
        model = TrackOccupation
        fields = ["occupation", "note"]
        widgets = {"occupation": OccupationCodeInput}
        error_messages = {"occupation": OCCUPATION_ERRORS}


class RoleInlineForm(PlaceholderValidationMixin, forms.ModelForm):
    markdown_fields = ("work", "move_up")
    plain_fields = ("title",)

    class Meta:
        model = Role
        fields = ["order", "level", "title", "occupation", "pay_band", "work", "move_up"]
        widgets = {
            "occupation": OccupationCodeInput,
            "work": AdminTextareaWidget(attrs={"rows": 4}),
            "move_up": AdminTextareaWidget(attrs={"rows": 3}),
        }
        error_messages = {"occupation": OCCUPATION_ERRORS}


class TrackIndustryInlineForm(PlaceholderValidationMixin, forms.ModelForm):
    markdown_fields = ("note",)

    class Meta:
        model = TrackIndustry
        fields = ["order", "industry", "note"]
        widgets = {"note": AdminTextareaWidget(attrs={"rows": 3})}


class RelatedTrackInlineForm(PlaceholderValidationMixin, forms.ModelForm):
    plain_fields = ("note",)

    class Meta:
        model = RelatedTrack
        fields = ["kind", "related", "order", "note"]


class SharedChoicesInlineFormSet(BaseInlineFormSet):
    """Evaluate each foreign-key select's choices once for all rows (and the empty template row).

    Without this every row of the industry notes and related tracks inlines runs its own choice query.
    Each row's instance also gets the parent track attached, so its ``__str__`` (shown by the admin
    above the row) does not load the track again.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        setattr(form.instance, self.fk.name, self.instance)
        return form

    shared_choice_fields = ("industry", "related")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        cache = self.__dict__.setdefault("_shared_choices", {})
        for name in self.shared_choice_fields:
            field = form.fields.get(name)
            if field is None or not hasattr(field, "queryset") or not hasattr(field.widget, "choices"):
                continue
            if name not in cache:
                cache[name] = list(field.choices)
            field.choices = cache[name]


class RelatedTrackInlineFormSet(SharedChoicesInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            related = getattr(form, "cleaned_data", {}).get("related")
            if related is not None and self.instance.pk is not None and related.pk == self.instance.pk:
                form.add_error("related", "A track cannot link to itself.")

"""Forms for Get Started and the career record (account forms are django-allauth's).

Forms only parse and validate. Choices come in from the view (built by ``careers.selectors`` in a fixed
number of queries), so rendering or cleaning a form never queries the database field by field.
Every message says what is wrong and how to put it right; none reveals whether an email has an account.
"""

import datetime
import re

from django import forms

from careers.models import CareerProfile, Position, SkillRating

TITLE_MAX_LENGTH = 120
MAX_PAY = 10_000_000
MAX_YEARS = 70
EARLIEST_YEAR = 1940


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


# --------------------------------------------------------------------------------------------------
# Get Started


class DollarField(forms.IntegerField):
    """A whole-dollar amount; accepts "$85,000" as well as "85000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("$", "").strip()
        return super().to_python(value)


class MetroField(forms.CharField):
    """A metro area typed or picked from a ``<datalist>`` of every metro we have figures for.

    ``options`` maps each metro's name to the ``Area``; matching ignores case and extra spaces, and the
    CBSA code is accepted too.
    """

    def __init__(self, *, options=None, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "metro-options", "autocomplete": "off", "spellcheck": "false"})
        self.set_options(options or {})

    def set_options(self, options):
        self._lookup = {}
        for name, area in options.items():
            self._lookup[_squash(name)] = area
            self._lookup[_squash(area.code)] = area

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        area = self._lookup.get(_squash(value))
        if area is None:
            raise forms.ValidationError(
                "We have no figures for “%(value)s”. Start typing a city and pick a metro area from the "
                "list, for example “Columbus, OH”.",
                code="unknown_metro",
                params={"value": value[:80]},
            )
        return area


def role_choices(ladders, *, empty_label):
    """Grouped <select> choices: one <optgroup> per track, its rungs in ladder order."""
    choices = [("", empty_label)]
    for track, roles in ladders:
        choices.append(
            (track.name, [(str(role.pk), f"{role.title} ({role.get_level_display()})") for role in roles])
        )
    return choices


class _TrackAndRoleMixin:
    """``track`` and ``role`` fields whose choices come from ``selectors.ladder_catalogue``."""

    def setup_track_and_role(self, catalogue, *, empty_track, empty_role):
        self._tracks = {track.slug: track for track in catalogue.tracks}
        self._roles = {str(role.pk): role for _, roles in catalogue.ladders for role in roles}
        self.fields["track"].choices = [("", empty_track)] + [(t.slug, t.name) for t in catalogue.tracks]
        self.fields["role"].choices = role_choices(catalogue.ladders, empty_label=empty_role)

    def clean_track(self):
        slug = self.cleaned_data.get("track")
        return self._tracks.get(slug) if slug else None

    def clean_role(self):
        pk = self.cleaned_data.get("role")
        return self._roles.get(pk) if pk else None

    def check_role_is_on_track(self, cleaned):
        track, role = cleaned.get("track"), cleaned.get("role")
        if role is not None and track is not None and role.track_id != track.pk:
            self.add_error(
                "role",
                f"“{role.title}” is a rung on the {role.track.name} ladder, not {track.name}. Choose a rung "
                f"on the {track.name} ladder, or leave it empty and type your title.",
            )


class WhereForm(_TrackAndRoleMixin, forms.Form):
    """Get Started step 2: where you are now."""

    track = forms.ChoiceField(
        label="Track",
        error_messages={
            "invalid_choice": "Choose one of the tracks in the list.",
            "required": "Choose a track.",
        },
    )
    role = forms.ChoiceField(
        label="Your role on the ladder",
        required=False,
        help_text="The rung closest to what you do now. If none fits, leave this and type your title below.",
        error_messages={"invalid_choice": "Choose one of the roles in the list."},
    )
    title = forms.CharField(
        label="Or your job title",
        max_length=TITLE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    metro = MetroField(
        label="Metro area where you work",
        help_text="Start typing a city; the list shows the metro areas BLS publishes figures for.",
        error_messages={"required": "Type the metro area where you work."},
    )
    years_experience = forms.IntegerField(
        label="Years of experience",
        min_value=0,
        max_value=MAX_YEARS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Say how many years you have worked (0 is fine)."},
    )
    current_pay = DollarField(
        label="Your current annual pay (optional)",
        required=False,
        min_value=0,
        max_value=MAX_PAY,
        help_text="Private: only you ever see it. We use it to show where it sits in your metro's pay range.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, catalogue, metro_options, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_track_and_role(
            catalogue, empty_track="Choose a track", empty_role="None of these: I'll type my title"
        )
        self.fields["metro"].set_options(metro_options)

    def clean(self):
        cleaned = super().clean()
        self.check_role_is_on_track(cleaned)
        if "role" in cleaned and "title" in cleaned and not cleaned["role"] and not cleaned["title"].strip():
            self.add_error("title", "Choose your rung on the ladder above, or type your job title here.")
        return cleaned

    @classmethod
    def initial_for(cls, profile: CareerProfile | None, *, track_slug: str | None = None) -> dict:
        initial = {}
        if profile is not None:
            initial = {
                "track": profile.track.slug if profile.track else "",
                "role": str(profile.role_id or ""),
                "title": profile.title,
                "metro": profile.metro.name if profile.metro else "",
                "years_experience": profile.years_experience,
                "current_pay": profile.current_pay,
            }
        if track_slug:
            initial["track"] = track_slug
            if profile is not None and profile.track and profile.track.slug != track_slug:
                initial["role"] = ""
        return initial


class StrengthsForm(forms.Form):
    """Get Started step 3: one five-point rating per skill, each in its own fieldset."""

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = {}
        for skill in skills:
            name = "skill_" + re.sub(r"\W", "_", skill.element_id)
            self.skills[name] = skill
            self.fields[name] = forms.TypedChoiceField(
                label=skill.name,
                help_text=skill.description,
                choices=SkillRating.Scale.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Rate {skill.name}: pick a point on the scale.",
                    "invalid_choice": "Pick one of the five points on the scale.",
                },
            )

    @classmethod
    def initial_for(cls, skills, ratings: dict[str, int]) -> dict:
        return {
            "skill_" + re.sub(r"\W", "_", skill.element_id): ratings[skill.element_id]
            for skill in skills
            if skill.element_id in ratings
        }

    def ratings(self) -> dict:
        """{Skill: rating} for the cleaned form."""
        return {skill: self.cleaned_data[name] for name, skill in self.skills.items()}


class CompareMetrosForm(forms.Form):
    """Get Started step 4: up to three metros to compare buying power with."""

    def __init__(self, *args, metro_options, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, CareerProfile.MAX_COMPARE_METROS + 1):
            self.fields[f"metro_{number}"] = MetroField(
                label=f"Metro {number}", required=False, options=metro_options
            )

    @classmethod
    def initial_for(cls, metros) -> dict:
        return {f"metro_{number}": area.name for number, area in enumerate(metros, start=1)}

    def metros(self) -> list:
        picked = []
        for number in range(1, CareerProfile.MAX_COMPARE_METROS + 1):
            area = self.cleaned_data.get(f"metro_{number}")
            if area is not None and area not in picked:
                picked.append(area)
        return picked


# --------------------------------------------------------------------------------------------------
# The career record


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PositionForm(_TrackAndRoleMixin, forms.Form):
    title = forms.CharField(label="Job title", max_length=TITLE_MAX_LENGTH)
    employer = forms.CharField(label="Employer (optional)", max_length=TITLE_MAX_LENGTH, required=False)
    start_date = forms.DateField(
        label="Started", widget=DateInput, help_text="Year, month and day (YYYY-MM-DD)."
    )
    end_date = forms.DateField(
        label="Ended (leave empty if you still hold it)",
        required=False,
        widget=DateInput,
        help_text="Year, month and day (YYYY-MM-DD).",
    )
    track = forms.ChoiceField(
        label="Track (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a track in the list."},
    )
    role = forms.ChoiceField(
        label="Role on the ladder (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the roles in the list."},
    )

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_track_and_role(catalogue, empty_track="None", empty_role="None")

    def _check_year(self, field):
        value = self.cleaned_data.get(field)
        if value is not None and value.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a date from {EARLIEST_YEAR} onwards.", code="too_early")
        if value is not None and value > datetime.date.today() + datetime.timedelta(days=366):
            raise forms.ValidationError("Enter a date no more than a year from today.", code="too_late")
        return value

    def clean_start_date(self):
        return self._check_year("start_date")

    def clean_end_date(self):
        return self._check_year("end_date")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", "The end date is before the start date. Check the order of the two dates."
            )
        self.check_role_is_on_track(cleaned)
        if cleaned.get("role") is not None and cleaned.get("track") is None:
            cleaned["track"] = cleaned["role"].track
        return cleaned

    @classmethod
    def initial_for(cls, position: Position) -> dict:
        return {
            "title": position.title,
            "employer": position.employer,
            "start_date": position.start_date,
            "end_date": position.end_date,
            "track": position.track.slug if position.track else "",
            "role": str(position.role_id or ""),
        }

    def position_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "employer", "start_date", "end_date", "track", "role")
        }


class FollowTrackForm(forms.Form):
    track = forms.ChoiceField(
        label="Follow a track", error_messages={"invalid_choice": "Choose a track in the list."}
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self._tracks = {track.slug: track for track in tracks}
        self.fields["track"].choices = [("", "Choose a track")] + [(t.slug, t.name) for t in tracks]

    def clean_track(self):
        return self._tracks[self.cleaned_data["track"]]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand this deletes my account and everything in my career record, for good.",
        error_messages={"required": "Tick the box to confirm you want everything deleted."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That isn't your password. Nothing has been deleted.", code="wrong_password"
            )
        return password

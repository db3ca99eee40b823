"""Forms for Get Started and the career record (account forms are django-allauth's).

Forms only parse and validate. Choices come in from the view (built by ``careers.selectors`` in a fixed
number of queries), so rendering or cleaning a form never queries the database field by field.
Every message says what is wrong and how to put it right; none reveals whether an email has an account.
"""

import datetime
import re

from django import forms

from careers.models import CareerProfile, Position, SkillRating
from salaries.places import match_metros, metro_search_terms, picker_tables

TITLE_MAX_LENGTH = 120
MAX_PAY = 10_000_000
MAX_YEARS = 70
EARLIEST_YEAR = 1940


# --------------------------------------------------------------------------------------------------
# Get Started


class DollarField(forms.IntegerField):
    """A whole-dollar amount; accepts "$85,000" as well as "85000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("$", "").strip()
        return super().to_python(value)


class MetroSelect(forms.Select):
    """A ``<select data-combobox>`` of metros with the matcher's tables (``salaries.places.picker_tables``)
    and each option's states' names in ``data-search``, so ``static/js/combobox.js`` finds
    "Raleigh-Cary, NC" from "Raleigh", "Cary" or "North Carolina" (and "nyc") as the server does."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "data-combobox": "",
                "data-combobox-free-text": "",
                **picker_tables(),
                **(attrs or {}),
            }
        )
        self.search_terms: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        terms = self.search_terms.get(str(value))
        if terms:
            option["attrs"]["data-search"] = terms
        return option

    def optgroups(self, name, value, attrs=None):
        """Text the member typed that matched no single metro is shown again as typed (selected), so
        they can see it beside the error and pick from its matches."""
        groups = super().optgroups(name, value, attrs)
        known = {str(choice) for choice, _ in self.choices}
        typed = [v for v in value if v and v not in known]
        if typed:
            option = self.create_option(name, typed[0], typed[0], True, len(groups))
            option["attrs"]["data-combobox-typed"] = ""
            groups.append((None, [option], len(groups)))
        return groups


class MetroField(forms.Field):
    """A metro area: picked from the list (its CBSA code), or typed.

    Typed text is matched like the picker matches it (``salaries.places.match_metros``): the exact BLS
    name, or any part of it, a principal city, a state's name or an alias ("nyc"). One match is taken;
    several ask the member to choose, naming them; none says so.
    """

    widget = MetroSelect
    MAX_LISTED = 8

    def __init__(self, *, options=None, empty_label="Choose a metro area", **kwargs):
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.set_options(options or {})

    def set_options(self, options):
        """``options`` is {name: Area}, as ``careers.selectors.metro_options`` returns it."""
        self._areas = {area.code: area for area in options.values()}
        self._names = {area.code: area.name for area in options.values()}
        self.widget.choices = [("", self.empty_label)] + [(area.code, area.name) for area in options.values()]
        self.widget.search_terms = {code: metro_search_terms(name) for code, name in self._names.items()}

    def to_python(self, value):
        return value.strip()[:255] if isinstance(value, str) else ""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value in self._areas:
            return self._areas[value]
        codes = match_metros(value, self._names)
        if len(codes) == 1:
            return self._areas[codes[0]]
        if codes:
            listed = "; ".join(self._names[code] for code in codes[: self.MAX_LISTED])
            more = len(codes) - self.MAX_LISTED
            raise forms.ValidationError(
                "“%(value)s” matches %(count)s metro areas: %(listed)s%(more)s. Choose one from the list.",
                code="ambiguous_metro",
                params={
                    "value": value[:80],
                    "count": len(codes),
                    "listed": listed,
                    "more": f" and {more} more" if more > 0 else "",
                },
            )
        raise forms.ValidationError(
            "We have no figures for “%(value)s”: no metro area's name, principal city or state matches it. "
            "Type a city or state and pick a metro area from the list, for example “Columbus, OH”.",
            code="unknown_metro",
            params={"value": value[:80]},
        )


ANOTHER_TRACK = "Another track: "


class RungSelect(forms.Select):
    """The role picker: each option says which track's ladder it is on (``data-track``), so
    ``static/js/get_started.js`` can show only the chosen track's rungs."""

    track_of: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        slug = self.track_of.get(str(value))
        if slug:
            option["attrs"]["data-track"] = slug
        return option


def role_choices(ladders, *, empty_label, first=None):
    """Grouped <select> choices: one <optgroup> per track, its rungs in ladder order.

    With ``first`` (the chosen track), that track's rungs come first under its name and every other
    track's group is labelled "Another track: …".
    """
    choices = [("", empty_label)]
    ordered = sorted(ladders, key=lambda item: item[0].pk != first.pk) if first is not None else ladders
    for track, roles in ordered:
        label = track.name if first is None or track.pk == first.pk else ANOTHER_TRACK + track.name
        rungs = [(str(role.pk), f"{role.title} ({role.get_level_display()})") for role in roles]
        choices.append((label, rungs))
    return choices


class _TrackAndRoleMixin:
    """``track`` and ``role`` fields whose choices come from ``selectors.ladder_catalogue``."""

    def setup_track_and_role(self, catalogue, *, empty_track, empty_role):
        self._tracks = {track.slug: track for track in catalogue.tracks}
        self._roles = {str(role.pk): role for _, roles in catalogue.ladders for role in roles}
        self.fields["track"].choices = [("", empty_track)] + [(t.slug, t.name) for t in catalogue.tracks]
        # The chosen track (as submitted, else as first shown) lists its rungs first.
        chosen = self._tracks.get(str(self["track"].value() or ""))
        role = self.fields["role"]
        role.choices = role_choices(catalogue.ladders, empty_label=empty_role, first=chosen)
        role.widget.track_of = {pk: r.track.slug for pk, r in self._roles.items()}
        role.widget.attrs["data-rungs-for"] = self["track"].auto_id or ""

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
        widget=RungSelect,
        help_text=(
            "The rung closest to what you do now, on the ladder of the track above (on another track? "
            "choose that track first). If none fits, leave this and type your title below."
        ),
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
        help_text="Type any part of its name, a principal city or the state, and pick it from the list.",
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
                "metro": profile.metro.code if profile.metro else "",
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
        return {f"metro_{number}": area.code for number, area in enumerate(metros, start=1)}

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
        widget=RungSelect,
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


class FollowEmailsForm(forms.Form):
    follow_emails = forms.BooleanField(
        label="Email me when a new data release changes the tracks I follow",
        required=False,
        help_text="At most one email per data release. Every email has a one-click unsubscribe link.",
    )


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

"""Helpers for the editorial tests (admin, loader, preview): reference rows and a complete track.

Reference rows are created with get_or_create, so the helpers work on an empty test database and on one
where the workforce fixtures are already loaded.
"""

import datetime
from pathlib import Path

from salaries.models import Industry, Occupation
from tracks import services
from tracks.models import RelatedTrack, Role, Track, TrackIndustry, TrackOccupation

TEST_CATALOGUE = Path(__file__).parent / "fixtures" / "catalogue"

OCCUPATIONS = {
    "11-1011": "Chief Executives",
    "11-1021": "General and Operations Managers",
    "13-1082": "Project Management Specialists",
    "13-1111": "Management Analysts",
    "43-1011": "First-Line Supervisors of Office and Administrative Support Workers",
}
SECTORS = {
    "31--34": "Sectors 31, 32, and 33 - Manufacturing",
    "54--55": "Sector 54 - Professional, Scientific, and Technical Services",
    "62--63": "Sector 62 - Health Care and Social Assistance",
}


def reference_data():
    for code, title in OCCUPATIONS.items():
        Occupation.objects.get_or_create(code=code, defaults={"title": title, "level": "detailed"})
    Occupation.objects.get_or_create(
        code="11-0000", defaults={"title": "Management Occupations", "level": "major"}
    )
    for code, title in SECTORS.items():
        Industry.objects.get_or_create(code=code, defaults={"title": title, "level": "sector"})


SECTION_TEXT = {
    "junior_work": "Juniors keep the schedule honest.",
    "mid_work": "Mid-level people own a process.",
    "senior_work": "Seniors decide what to stop doing.",
    "core_challenge": "Everything is urgent.",
    "who_thrives": "People who close loops.",
    "entry_points": "Coordinator roles.",
    "changing": "Routine work is automated.",
}


def make_track(slug="gamma", *, status=Track.Status.DRAFT, name="Gamma Work", links_to=()):
    """A saved track with two occupations, two roles, one industry note and links to ``links_to``."""
    reference_data()
    track = Track.objects.create(
        slug=slug,
        name=name,
        status=status,
        lede="Gamma work pays [[median_pay]] at the middle.",
        meta_description="Gamma work in brief.",
        **SECTION_TEXT,
    )
    TrackOccupation.objects.create(track=track, occupation_id="11-1021", note="Core.")
    TrackOccupation.objects.create(track=track, occupation_id="43-1011", note="Entry.")
    Role.objects.create(
        track=track, order=1, title="Coordinator", level="entry", occupation_id="43-1011", work="Books."
    )
    Role.objects.create(
        track=track, order=2, title="Director", level="executive", occupation_id="11-1021", work="Runs it."
    )
    TrackIndustry.objects.create(track=track, industry_id="31--34", note="Factories.", order=1)
    for n, other in enumerate(links_to, start=1):
        RelatedTrack.objects.create(track=track, related=other, kind="skills", note="Shared skills.", order=n)
    if status == Track.Status.PUBLISHED:
        services.track_saved(track)  # as publishing in the admin does: its page is built
    return track


def form_data(response):
    """The POST data a browser would send back for the change form (or revision form) in ``response``:
    every field of the main form and of each inline form, with the management forms."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for form in formset.initial_forms:
            add(form)
    return data

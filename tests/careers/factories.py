"""Plain factory functions for the careers tests.

``make_member``, ``make_track`` and ``make_position`` work on an empty test database (a track's
occupations are created when missing). ``metro``, ``make_profile`` and ``rate`` reuse real areas and
skills, so a test using them is marked ``federal`` (tests/conftest.py then loads the real data once per
session). Tracks are made here with slugs the real catalogue never uses (``gs-…``), so the tests work
with or without the catalogue loaded.
"""

from allauth.account.models import EmailAddress
from django.utils import timezone

from careers.models import CareerProfile, Position, SkillRating, User
from salaries.models import Area, Occupation
from tracks.models import Role, Track, TrackOccupation

PASSWORD = "Lantern-quarry-47"

NARRATIVE = {
    "lede": "A test track.",
    "meta_description": "A test track.",
    "junior_work": "Juniors.",
    "mid_work": "Mid-level.",
    "senior_work": "Seniors.",
    "core_challenge": "The challenge.",
    "who_thrives": "Who thrives.",
    "entry_points": "Ways in.",
    "changing": "Changes.",
}

# (title, level, SOC code, pay band): a small ladder over real occupations.
OPS_LADDER = [
    ("Shift Supervisor", "entry", "41-1011", "p10_p50"),
    ("Operations Manager", "mid", "11-1021", "p25_p75"),
    ("Director of Operations", "lead", "11-1021", "p75_p90"),
]
# O*NET 29.3 has no skill ratings for 15-1252 Software Developers, so this ladder uses occupations it rates.
SOFTWARE_LADDER = [
    ("Junior Programmer", "entry", "15-1251", "p10_p25"),
    ("Test Engineer", "mid", "15-1253", "p25_p75"),
]
CARE_LADDER = [
    ("Registered Nurse", "entry", "29-1141", "p10_p50"),
    ("Nurse Manager", "lead", "11-9111", "p50_p90"),
]

AUSTIN = "12420"  # Austin-Round Rock-San Marcos, TX
SAN_JOSE = "41940"  # San Jose-Sunnyvale-Santa Clara, CA
BIRMINGHAM = "13820"  # Birmingham, AL


def make_member(email="ana@example.org", *, password=PASSWORD, verified=True) -> User:
    user = User.objects.create_user(email=email, password=password)
    if verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    # allauth's record of the address (what sign-in checks under mandatory verification).
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def make_track(slug="gs-operations", name="GS Operations", *, ladder=OPS_LADDER, status="published") -> Track:
    track = Track.objects.create(slug=slug, name=name, status=status, **NARRATIVE)
    for code in sorted({code for _, _, code, _ in ladder}):
        Occupation.objects.get_or_create(code=code, defaults={"title": code, "level": "detailed"})
        TrackOccupation.objects.create(track=track, occupation_id=code)
    for order, (title, level, code, band) in enumerate(ladder, start=1):
        Role.objects.create(
            track=track,
            title=title,
            level=level,
            order=order,
            occupation_id=code,
            pay_band=band,
            work="Work.",
        )
    return track


# Metros the member tests use, so they run without the federal data (the real rows win when it is loaded).
KNOWN_METROS = {AUSTIN: ("Austin-Round Rock-San Marcos, TX", "TX")}


def metro(code=AUSTIN) -> Area:
    if code not in KNOWN_METROS:
        return Area.objects.get(code=code)
    name, state = KNOWN_METROS[code]
    area, _ = Area.objects.get_or_create(
        code=code, defaults={"name": name, "area_type": Area.AreaType.METRO, "state": state}
    )
    return area


def make_profile(
    user, track, *, role_order=1, metro_code=AUSTIN, pay=None, years=5, compare=()
) -> CareerProfile:
    now = timezone.now()
    profile = CareerProfile.objects.create(
        user=user,
        track=track,
        role=track.roles.get(order=role_order) if role_order else None,
        title="" if role_order else "Operations lead",
        metro=metro(metro_code),
        years_experience=years,
        current_pay=pay,
        where_saved_at=now,
    )
    if compare:
        profile.compare_metros.set(Area.objects.filter(code__in=compare))
        profile.plan_saved_at = now
        profile.save()
    return profile


def rate(user, ratings: dict[str, int]) -> None:
    for element_id, value in ratings.items():
        SkillRating.objects.create(user=user, skill_id=element_id, rating=value)


def make_position(user, title="Shift Supervisor", **fields) -> Position:
    fields.setdefault("start_date", "2019-03-01")
    return Position.objects.create(user=user, title=title, **fields)

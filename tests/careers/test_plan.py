"""The pure parts of careers.plan: the step-3 skill shortlist rule (no database)."""

from careers.plan import SkillProfiles, shortlist
from salaries.models import Skill

SKILLS = {
    code: Skill(element_id=code, name=name)
    for code, name in [
        ("a", "Accounting"),
        ("b", "Building"),
        ("c", "Caring"),
        ("d", "Drafting"),
        ("e", "Explaining"),
    ]
}


def _profiles(by_track):
    return SkillProfiles(skills=SKILLS, by_track=by_track)


def test_every_track_is_represented_by_one_of_its_signature_skills():
    profiles = _profiles(
        {
            1: {"a": 4.5, "b": 2.0, "c": 2.0, "d": 3.0, "e": 1.0},
            2: {"a": 2.0, "b": 4.5, "c": 2.0, "d": 3.0, "e": 4.9},
            3: {"a": 2.0, "b": 2.0, "c": 4.5, "d": 3.0, "e": 1.0},
        }
    )
    # Signatures (above the cross-track mean): track 1 {a}, track 2 {e, b}, track 3 {c}. "d" is the same
    # everywhere and sets no track apart. "e" varies most, so it represents track 2 and "b" is not needed.
    picked = [skill.element_id for skill in shortlist(profiles, size=3)]
    assert picked == ["a", "c", "e"]


def test_shortlist_is_alphabetical_and_limited():
    profiles = _profiles(
        {
            1: {"a": 5.0, "b": 1.0, "c": 1.0, "d": 3.0, "e": 2.0},
            2: {"a": 1.0, "b": 5.0, "c": 1.0, "d": 3.0, "e": 2.0},
        }
    )
    # Both signatures first, then the rest by variance (all zero here), then name.
    picked = shortlist(profiles, size=4)
    assert [skill.name for skill in picked] == ["Accounting", "Building", "Caring", "Drafting"]


def test_one_track_uses_its_most_important_skills_and_none_gives_none():
    single = _profiles({1: {"a": 2.0, "b": 4.0, "c": 3.0, "d": 1.0, "e": 3.0}})
    assert [skill.element_id for skill in shortlist(single, size=3)] == ["b", "c", "e"]
    assert shortlist(_profiles({}), size=3) == []

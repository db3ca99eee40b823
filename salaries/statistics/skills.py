"""Skills: a track's skill profile and how alike two profiles are (Get Started's best fits).

Rules
-----
Skill profiles
    Skill profile = employment-weighted mean O*NET importance per skill (1-5), highest first. Similarity
    of two profiles = cosine similarity of importance minus 1 (the scale's "not important" floor), 0..1.
    Shared top skills = skills ranked by the lower of the two profiles' importances.
"""

from __future__ import annotations

import math

SKILL_SCALE_FLOOR = 1.0  # O*NET importance "1 = not important"


def skill_profile(
    importance_by_occupation: dict[str, dict[str, float]],
    employment_by_occupation: dict[str, int],
) -> list[tuple[str, float]]:
    """Employment-weighted mean importance per skill, highest first (ties by skill name).

    Occupations without published employment are left out; a skill's mean uses the occupations that
    rate it.
    """
    totals: dict[str, float] = {}
    weights: dict[str, float] = {}
    for occupation, skills in sorted(importance_by_occupation.items()):
        weight = employment_by_occupation.get(occupation)
        if not weight:
            continue
        for skill, importance in skills.items():
            if importance is None:
                continue
            totals[skill] = totals.get(skill, 0.0) + float(weight) * float(importance)
            weights[skill] = weights.get(skill, 0.0) + float(weight)
    profile = [(skill, totals[skill] / weights[skill]) for skill in totals]
    return sorted(profile, key=lambda item: (-item[1], item[0]))


def profile_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two skill profiles measured from the scale floor; 0..1."""
    skills = sorted(set(a) | set(b))
    va = [max(float(a.get(s, SKILL_SCALE_FLOOR)) - SKILL_SCALE_FLOOR, 0.0) for s in skills]
    vb = [max(float(b.get(s, SKILL_SCALE_FLOOR)) - SKILL_SCALE_FLOOR, 0.0) for s in skills]
    norm = math.sqrt(sum(x * x for x in va)) * math.sqrt(sum(y * y for y in vb))
    if not norm:
        return 0.0
    return min(1.0, sum(x * y for x, y in zip(va, vb, strict=True)) / norm)


def shared_top_skills(a: dict[str, float], b: dict[str, float], n: int = 3) -> list[str]:
    """The ``n`` skills both profiles rate highest: ranked by the lower of the two importances."""
    common = sorted(set(a) & set(b), key=lambda s: (-min(a[s], b[s]), s))
    return common[:n]

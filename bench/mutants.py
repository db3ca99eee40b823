"""Kill rates per area from the last mutmut run (``make mutants`` prints this after ``mutmut run``).

Reads mutmut's own record of each mutant (``mutants/<file>.meta``) for the three areas mutated by the
[tool.mutmut] section of pyproject.toml, and prints per area: mutants, killed, survived, not reached by
the fast tests ("no tests"), timeouts, and the kill rate over the non-equivalent mutants the tests reach.
Mutants judged equivalent (no test can tell them from the original) are listed in ``EQUIVALENT`` with
the reason; the script says when one of those names no longer exists (the function changed: judge
again).

    python bench/mutants.py              # the table
    python bench/mutants.py --survivors  # and the names of the surviving mutants (mutmut show NAME)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = {
    "statistics": "salaries/statistics/",
    "search": "pages/search/",
    "plan": "careers/plan.py",
}
KILLED = {1, 3}  # a test failed (3: pytest's internal error, which mutmut also counts as a kill)
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {36, -24, 24, 152, 255}

# Mutants no test can kill: the mutated code behaves exactly as the original for every input the
# function can receive. Names are mutmut's (``mutmut show NAME`` prints the diff).
_TRACK_LABEL = "the group's label is only a dict key: any label other than the occupations' works alike"
_NO_KNOT_AT_TOP = (
    "the cautious curves the top-code test reads have no knot at or above the top code (a published value "
    "there counts as top-coded), so G from the left and G at the top code are the same"
)
_RANK_TIES = (
    "sorting the (rank, tier, score, number) tuples whole: ranks tie only for titles of one string, whose "
    "groups enter the results in entry order, which is the number order the tuples fall back to"
)
_SAME_LENGTH = "zip's strict flag: both vectors are built from the same list of skills, of one length"
EQUIVALENT: dict[str, str] = {
    "pages.search.index.xǁRankingǁemployment__mutmut_3": (
        '`if code or True`: occupations.get("") is None for the code-less track titles, so still 0'
    ),
    "pages.search.index.xǁSearchIndexǁ_fuzzy__mutmut_10": (
        "drops processor=None, which is rapidfuzz 3's default for process.extract"
    ),
    "pages.search.index.x_variants__mutmut_11": (
        "lstrip for rstrip before cutting the closing parenthesis: normalise() drops the parenthesis and "
        "the spaces either way"
    ),
    "pages.search.index.xǁRankingǁsearch__mutmut_11": _TRACK_LABEL,
    "pages.search.index.xǁRankingǁsearch__mutmut_12": _TRACK_LABEL,
    "pages.search.index.xǁRankingǁsearch__mutmut_16": _TRACK_LABEL,
    "pages.search.index.xǁRankingǁsearch__mutmut_17": _TRACK_LABEL,
    "pages.search.index.xǁRankingǁ_result__mutmut_5": '`if code or True`: occupations.get("") is None',
    "pages.search.index.xǁRankingǁsearch__mutmut_44": _RANK_TIES,
    "pages.search.index.xǁRankingǁsearch__mutmut_46": _RANK_TIES,
    "salaries.statistics.mixture.x__mixture__mutmut_6": "left=None is falsy like left=False; "
    + _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.x__mixture__mutmut_8": "left omitted is left=False; " + _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.x__envelope_levels__mutmut_9": "x <= top for x < top: " + _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.x__envelope_levels__mutmut_11": (
        "with no knot below the top code every cautious curve is empty, value() returns its flat level 0 "
        "without reading x, and 0 reaches no level above 0 just as None does"
    ),
    "salaries.statistics.mixture.x__envelope_levels__mutmut_23": _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.x__envelope_levels__mutmut_27": _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.x__envelope_levels__mutmut_28": _NO_KNOT_AT_TOP,
    "salaries.statistics.mixture.xǁ_Cdfǁvalue__mutmut_1": "the default of left: every caller passes left",
    "salaries.statistics.skills.x_profile_similarity__mutmut_50": _SAME_LENGTH,
    "salaries.statistics.skills.x_profile_similarity__mutmut_53": _SAME_LENGTH,
    "salaries.statistics.skills.x_profile_similarity__mutmut_54": _SAME_LENGTH,
    "careers.plan.x_rung_for_title__mutmut_6": "< for <=: equal word sets still fit by the other clause",
    "careers.plan.x_rung_for_title__mutmut_9": "< for <=: equal word sets still fit by the other clause",
    "careers.plan.x__fits__mutmut_50": "n omitted: shared_top_skills' default n is 3, as SHARED_SKILLS",
}


def area_of(mutant: str) -> str | None:
    path = mutant.rpartition(".x")[0].replace(".", "/")
    for area, prefix in AREAS.items():
        if (path + ".py").startswith(prefix) or path.startswith(prefix.rstrip("/")):
            return area
    return None


def results() -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def main(argv: list[str]) -> int:
    codes = results()
    if not codes:
        print("no mutmut results in mutants/: run `make mutants` (or `mutmut run`) first")
        return 1
    rows, survivors = [], []
    for area in AREAS:
        mine = {name: code for name, code in codes.items() if area_of(name) == area}
        killed = sum(code in KILLED for code in mine.values())
        survived = [name for name, code in mine.items() if code in SURVIVED]
        equivalent = [name for name in survived if name in EQUIVALENT]
        no_tests = sum(code in NO_TESTS for code in mine.values())
        timeout = sum(code in TIMEOUT for code in mine.values())
        other = len(mine) - killed - len(survived) - no_tests - timeout
        reached = killed + timeout + len(survived) - len(equivalent)
        rate = f"{100 * (killed + timeout) / reached:.1f}%" if reached else "-"
        rows.append((area, len(mine), killed, timeout, len(survived), len(equivalent), no_tests, other, rate))
        survivors += [name for name in survived if name not in EQUIVALENT]
    header = (
        "area",
        "mutants",
        "killed",
        "timeout",
        "survived",
        "equivalent",
        "no tests",
        "other",
        "kill rate",
    )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        "kill rate = (killed + timeout) / (killed + timeout + survived - equivalent); "
        '"no tests": mutants in code the fast tests never call (database reads; see bench/README.md)'
    )
    stale = sorted(set(EQUIVALENT) - set(codes))
    if stale:
        print(f"judged equivalent but no longer found (the code changed; judge again): {', '.join(stale)}")
    if "--survivors" in argv:
        print("\n".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The short forms and everyday names people type for an occupation ("RN", "CSR", "uber driver"), kept
as data in ``aliases.csv`` (columns ``alias``, ``soc_code``, ``note``) and loaded into the search index
when it is built (``pages.search.build``: kind "alias", ranked with the exact titles, ahead of them).

To add one: a line in the CSV with the 2018 SOC code of the occupation people mean by it; the tests
check that every line names an occupation BLS publishes and that each alias finds it first.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

ALIASES_FILE = Path(__file__).with_name("aliases.csv")
SOC_CODE = re.compile(r"^\d\d-\d{4}$")


class BadAlias(ValueError):
    """A line of the aliases file that cannot be used (empty alias, malformed code, an alias twice)."""


def parse_aliases(lines) -> list[tuple[str, str]]:
    """(alias, SOC code) pairs from the CSV's lines, in file order (pure)."""
    pairs, seen = [], {}
    for number, row in enumerate(csv.DictReader(lines), start=2):
        alias = " ".join((row.get("alias") or "").split())
        code = (row.get("soc_code") or "").strip()
        if not alias or not SOC_CODE.match(code):
            raise BadAlias(f"line {number}: {row!r}")
        key = alias.casefold()
        if key in seen:
            raise BadAlias(f"line {number}: {alias!r} is already on line {seen[key]}")
        seen[key] = number
        pairs.append((alias, code))
    return pairs


@cache
def load_aliases() -> tuple[tuple[str, str], ...]:
    with open(ALIASES_FILE, encoding="utf-8", newline="") as source:
        return tuple(parse_aliases(source))

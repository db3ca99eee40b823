"""Place names around BLS area names (pure, no database).

BLS names a metropolitan area after its principal cities and the postal codes of the states it spans
("Raleigh-Cary, NC", "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD"). People look for a metro by a city
or by a state's name, so ``metro_search_terms`` gives the full names of those states, for pickers that
match what people type (``data-search`` of ``static/js/combobox.js``, and the server-side matching).

``match_metros`` is the one metro matcher: the track page's picker, the members' picker and the
``/metros/`` filter resolve typed text with it, and ``picker_tables`` gives a picker the data
``static/js/combobox.js`` applies the same rule with in the browser. Common names people use for a
metro ("nyc", "dc", "bay area") are data: ``salaries/data/metro_aliases.csv`` (alias, CBSA code).
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
}  # fmt: skip


def metro_states(name: str) -> list[str]:
    """Postal codes after the last comma of a BLS area name: "A-B, PA-NJ" -> ["PA", "NJ"]."""
    if "," not in name:
        return []
    tail = name.rsplit(",", 1)[1]
    return [code for code in re.findall(r"[A-Z]{2}", tail) if code in STATE_NAMES]


def metro_search_terms(name: str) -> str:
    """Extra words a metro can be found by: the full names of its states ("North Carolina")."""
    return " ".join(STATE_NAMES[code] for code in metro_states(name))


def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed (as ``combobox.js`` does)."""
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


ALIASES_FILE = Path(__file__).resolve().parent / "data" / "metro_aliases.csv"


@cache
def metro_aliases() -> dict[str, tuple[str, ...]]:
    """{normalised alias: CBSA codes, in the file's order}, from ``salaries/data/metro_aliases.csv``."""
    aliases: dict[str, list[str]] = {}
    with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases.setdefault(normalise(row["alias"]), []).append(row["cbsa"].strip())
    return {alias: tuple(codes) for alias, codes in aliases.items()}


def aliases_of(code: str) -> list[str]:
    """The aliases that name the metro ``code`` ("nyc", "new york city", …)."""
    return [alias for alias, codes in metro_aliases().items() if code in codes]


# Full state names, normalised, longest first: "west virginia" is found before "virginia".
_STATE_PHRASES = sorted(((normalise(n), c) for c, n in STATE_NAMES.items()), key=lambda p: -len(p[0]))
_POSTAL = {code.lower(): code for code in STATE_NAMES}


def states_named(wanted: str) -> tuple[list[str], str]:
    """The states a normalised query names, and what is left of it.

    A state is named by its full name as whole words ("north carolina", "raleigh north carolina"), or by
    its postal code when that is all the query is ("nc"). "carolina" alone names no state (it is then
    an ordinary word, matching both Carolinas).
    """
    rest = f" {wanted} "
    found = []
    for phrase, code in _STATE_PHRASES:
        if f" {phrase} " in rest:
            found.append(code)
            rest = rest.replace(f" {phrase} ", " ")
    if not found and wanted in _POSTAL:
        return [_POSTAL[wanted]], ""
    return found, " ".join(rest.split())


@dataclass(frozen=True)
class _Metro:
    code: str
    name: str
    text: str  # the normalised name
    name_words: tuple[str, ...]
    words: tuple[str, ...]  # name, state names and aliases
    cities: tuple[str, ...]  # principal cities, normalised
    states: tuple[str, ...]

    @classmethod
    def of(cls, code: str, name: str) -> "_Metro":
        text = normalise(name)
        cities = tuple(normalise(city) for city in name.rsplit(",", 1)[0].split("-") if city.strip())
        extra = normalise(metro_search_terms(name) + " " + " ".join(aliases_of(code)))
        return cls(code, name, text, tuple(text.split()), tuple((text + " " + extra).split()), cities,
                   tuple(metro_states(name)))  # fmt: skip


def _all_prefix(tokens, words) -> bool:
    return all(any(word.startswith(token) for word in words) for token in tokens)


def _rank(metro: _Metro, wanted: str, tokens: list[str], states: list[str], rest: list[str]):
    """The rank of a metro for a query (lower first), or None when it does not match.

    0  a principal city starts with the whole query ("springfield"; with a state named, a city of
       that state: "new york");
    1  a state the query names is the metro's first state ("north carolina": Raleigh-Cary, NC);
    2  the metro spans a state the query names (Charlotte-Concord-Gastonia, NC-SC for "south carolina");
    3  every word of the query starts a word of its name, its states' names or its aliases.
    A query naming a state matches only that state's metros, and metros whose own name has its words
    ("washington": the Washington, DC metro after Washington state's): never a neighbour's metros.
    """
    city = any(c.startswith(wanted) for c in metro.cities)
    if states:
        in_state = [s for s in metro.states if s in states]
        if in_state and _all_prefix(rest, metro.name_words):
            return 0 if city else (1 if metro.states[0] in states else 2)
        return 3 if _all_prefix(tokens, metro.name_words) else None
    if _all_prefix(tokens, metro.words):
        return 0 if city else 3
    return None


CBSA_CODE_RE = re.compile(r"^[0-9]{5}$")


def is_typed_place(value: str) -> bool:
    """A place's name typed in a picker (at least two letters or digits, some of them letters), not a
    CBSA code: a malformed code or a stray character stays "no figures for that metro area"."""
    text = normalise(value).replace(" ", "")
    return len(text) >= 2 and not text.isdigit() and not CBSA_CODE_RE.match(value)


def match_metros(query: str, names: dict[str, str]) -> list[str]:
    """Codes of the metros that match ``query``, best first (the one metro matcher).

    ``names`` is {code: BLS name}. An exact name (or code) is the only match. An alias ("nyc", "bay
    area") lists its metros first. Otherwise a metro matches when every word typed starts a word of its
    name (principal cities and state codes), of its states' names or of its aliases; a query that names a
    state ("north carolina", "nc") lists that state's metros, those it comes first in before those that
    only reach into it. Ties go in name order. "Raleigh" finds only Raleigh-Cary, NC; "Springfield"
    finds every Springfield.
    """
    wanted = normalise(query)
    if not wanted:
        return []
    exact = [code for code, name in names.items() if normalise(name) == wanted or code == query.strip()]
    if exact:
        return exact[:1]
    aliased = [code for code in metro_aliases().get(wanted, ()) if code in names]
    tokens = wanted.split()
    states, rest = states_named(wanted)
    ranked = []
    for code, name in names.items():
        if code in aliased:
            continue
        rank = _rank(_metro(code, name), wanted, tokens, states, rest.split())
        if rank is not None:
            ranked.append((rank, normalise(name), code))
    return aliased + [code for _, _, code in sorted(ranked)]


@cache
def _metro(code: str, name: str) -> _Metro:
    return _Metro.of(code, name)


def picker_tables() -> dict[str, str]:
    """What a metro picker (or a filterable list) carries for ``static/js/combobox.js`` to apply
    ``match_metros``'s rule in the browser: every state's name and postal code
    (``data-combobox-states``, "Alabama=AL|…") and the aliases (``data-combobox-aliases``,
    "nyc=35620|bay area=41860 41940|…"). A metro's states are read from its BLS name, as here."""
    return {
        "data-combobox-states": "|".join(f"{name}={code}" for code, name in STATE_NAMES.items()),
        "data-combobox-aliases": "|".join(
            f"{alias}={' '.join(codes)}" for alias, codes in metro_aliases().items()
        ),
    }

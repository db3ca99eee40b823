"""Place names around BLS area names (pure, no database).

BLS names a metropolitan area after its principal cities and the postal codes of the states it spans
("Raleigh-Cary, NC", "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD"). People look for a metro by a city
or by a state's name, so ``metro_search_terms`` gives the full names of those states, for pickers that
match what people type (``data-search`` of ``static/js/combobox.js``, and the server-side matching).
"""

import re
import unicodedata

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


def match_metros(query: str, names: dict[str, str]) -> list[str]:
    """Codes of the metros whose name or state names contain every word of ``query``.

    ``names`` is {code: BLS name}. An exact name (or code) is the only match; otherwise every metro with
    all the words somewhere in its name or its states' names, in name order. "Raleigh" finds only
    Raleigh-Cary, NC; "Springfield" finds five.
    """
    wanted = normalise(query)
    if not wanted:
        return []
    exact = [code for code, name in names.items() if normalise(name) == wanted or code == query.strip()]
    if exact:
        return exact[:1]
    tokens = wanted.split()
    found = []
    for code, name in sorted(names.items(), key=lambda item: item[1]):
        haystack = normalise(name) + " " + normalise(metro_search_terms(name))
        if all(token in haystack for token in tokens):
            found.append(code)
    return found

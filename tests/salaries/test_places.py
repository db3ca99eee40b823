"""The one metro matcher (salaries.places.match_metros) on every metro in the fixtures: aliases, states,
principal cities, no match."""

import csv
import gzip

import pytest
from django.conf import settings

from salaries.places import match_metros, metro_aliases, picker_tables, states_named


@pytest.fixture(scope="module")
def names():
    path = settings.FIXTURES_DIR / "workforce" / "oews-may-2025" / "areas.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle) if row["area_type"] == "metro"}


def named(codes, names):
    return [names[code] for code in codes]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("nyc", ["New York-Newark-Jersey City, NY-NJ"]),
        ("NYC", ["New York-Newark-Jersey City, NY-NJ"]),
        ("new york city", ["New York-Newark-Jersey City, NY-NJ"]),
        ("dc", ["Washington-Arlington-Alexandria, DC-VA-MD-WV"]),
        ("D.C.", ["Washington-Arlington-Alexandria, DC-VA-MD-WV"]),
        ("bay area", ["San Francisco-Oakland-Fremont, CA", "San Jose-Sunnyvale-Santa Clara, CA"]),
        ("philly", ["Philadelphia-Camden-Wilmington, PA-NJ-DE-MD"]),
        ("raleigh", ["Raleigh-Cary, NC"]),
        ("raleigh north carolina", ["Raleigh-Cary, NC"]),
        ("new york", ["New York-Newark-Jersey City, NY-NJ"]),  # the city before the state's other metros
    ],
)
def test_aliases_cities_and_names_come_first(names, typed, first):
    assert named(match_metros(typed, names), names)[: len(first)] == first


STATES = [("north carolina", "NC"), ("North Carolina", "NC"), ("nc", "NC"), ("south carolina", "SC"),
          ("virginia", "VA"), ("west virginia", "WV"), ("washington", "WA")]  # fmt: skip


@pytest.mark.parametrize(("typed", "state"), STATES)
def test_a_state_lists_its_own_metros_first_and_no_neighbour_s(names, typed, state):
    found = named(match_metros(typed, names), names)
    assert found
    in_state = [name for name in found if state in name.rsplit(",", 1)[1]]
    first_state = [name for name in found if name.rsplit(",", 1)[1].strip().startswith(state)]
    # Every metro whose first state it is comes before any that only reaches into it.
    assert found[: len(first_state)] == first_state
    # No metro of another state, except (for "washington") one named after the word itself.
    others = [name for name in found if name not in in_state]
    assert all(typed.split()[0] in name.lower() for name in others)


def test_north_carolina_is_not_south_carolina(names):
    found = named(match_metros("north carolina", names), names)
    assert "Raleigh-Cary, NC" in found and "Charlotte-Concord-Gastonia, NC-SC" in found
    assert not any(name.endswith(", SC") for name in found)  # Charleston-North Charleston, SC was listed
    assert found.index("Raleigh-Cary, NC") < found.index("Virginia Beach-Chesapeake-Norfolk, VA-NC")


def test_a_word_that_names_no_state_still_matches_state_names(names):
    found = named(match_metros("carolina", names), names)
    assert "Raleigh-Cary, NC" in found and "Columbia, SC" in found


def test_no_match_is_an_empty_list(names):
    assert match_metros("atlantis", names) == []
    assert match_metros("   ", names) == []


def test_states_named():
    assert states_named("raleigh north carolina") == (["NC"], "raleigh")
    assert states_named("west virginia") == (["WV"], "")
    assert states_named("nc") == (["NC"], "")
    assert states_named("carolina") == ([], "carolina")


def test_every_alias_names_a_metro_of_the_fixtures(names):
    aliases = metro_aliases()
    assert {"nyc", "dc", "bay area"} <= set(aliases)
    for alias, codes in aliases.items():
        assert alias == alias.strip().lower() and codes
        assert all(code in names for code in codes), alias


def test_picker_tables_carry_the_states_and_the_aliases():
    tables = picker_tables()
    assert "North Carolina=NC" in tables["data-combobox-states"].split("|")
    assert "bay area=41860 41940" in tables["data-combobox-aliases"].split("|")

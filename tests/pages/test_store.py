"""pages.store: the JSON codec of the track pages' classes, the schema digest and the digests that decide
what a rebuild writes (no database here; tests/pages/test_snapshots.py writes real rows)."""

import dataclasses
import datetime
import json

import pytest
from django.utils.safestring import SafeData, mark_safe

from pages.store import JsonCodec, digest_of, schema_digest
from salaries.statistics.wages import Quantile


@dataclasses.dataclass
class Card:
    title: str
    html: str
    band: Quantile | None = None


@dataclasses.dataclass
class Page:
    cards: list[Card]
    sections: dict
    codes: set[str]


CODEC = JsonCodec(Page, Card, Quantile)


def through_json(value):
    return CODEC.decode(json.loads(json.dumps(CODEC.encode(value))))


def test_a_page_comes_back_exactly_safe_strings_and_classes_included():
    page = Page(
        cards=[Card("Pay", mark_safe("<b>$1</b>"), Quantile(50_000.5)), Card("Jobs", "<i>plain</i>")],
        sections={
            "narrative": [{"html": mark_safe("<p>a</p>"), "low": Quantile(None, top_coded=True)}],
            "pair": ("a", 1),
            "by_year": {2024: 1.5, 2025: None},
            "when": datetime.date(2025, 5, 1),
            "nested": {"codes": {"b", "a"}, "n": 3, "x": 2.0, "ok": True},
        },
        codes={"35620", "12060"},
    )
    back = through_json(page)
    assert back == page
    assert isinstance(back.cards[0].html, SafeData)  # printed as HTML by the templates
    assert not isinstance(back.cards[1].html, SafeData)  # still escaped
    assert isinstance(back.sections["narrative"][0]["html"], SafeData)
    assert isinstance(back.sections["pair"], tuple) and isinstance(back.codes, set)
    assert isinstance(back.sections["nested"]["x"], float) and isinstance(back.sections["nested"]["n"], int)


def test_a_set_gives_the_same_digest_whatever_its_order():
    # A set's order of iteration changes from process to process (string hashing): it is stored sorted.
    assert CODEC.encode({"codes": {"35620", "12060", "31080"}}) == {
        "codes": {"§": "set", "v": ["12060", "31080", "35620"]}
    }
    assert digest_of({"a": 1, "b": 2}) == digest_of({"b": 2, "a": 1}) != digest_of({"a": 1, "b": 3})


def test_only_the_codec_s_own_classes_are_built_or_stored():
    with pytest.raises(KeyError):
        CODEC.decode({"§": "Popen", "v": {"args": ["true"]}})

    @dataclasses.dataclass
    class Stranger:
        x: int

    with pytest.raises(TypeError):
        CODEC.encode(Stranger(1))
    with pytest.raises(TypeError):
        CODEC.encode(object())


def test_the_schema_digest_follows_the_classes_fields():
    def card_class(*fields):
        return dataclasses.make_dataclass("Card", fields)

    base = schema_digest(card_class(("title", str), ("html", str)))
    assert schema_digest(card_class(("title", str), ("html", str))) == base
    assert schema_digest(card_class(("title", str), ("html", str), ("note", str))) != base  # a field added
    assert schema_digest(card_class(("title", str), ("body", str))) != base  # renamed
    assert schema_digest(card_class(("title", str), ("html", int))) != base  # retyped
    # A class named in a field's annotation counts too.
    assert schema_digest(Page) != schema_digest(dataclasses.make_dataclass("Page", [("cards", list[str])]))

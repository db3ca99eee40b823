"""The track comparison's markup, split once per process and shape (pages/compare/render.py): what it
returns is byte for byte what the template renders, for every shape, with values that need escaping;
a shape's markup is reused, never another shape's."""

import pytest
from django.shortcuts import render
from django.test import RequestFactory
from django.utils.safestring import SafeString

from pages.compare import render as markup
from pages.compare.render import render_markup, shape_of

TEMPLATE = "pages/compare/tracks.html"


def context(n_tracks=2, *, metro=True, metro_code="35620", shared=True, none_distinct=False):
    tracks = [
        {"slug": f"t-{i}", "ladder": SafeString(f"<div><h3>T{i} &amp; co</h3></div>")}
        for i in range(n_tracks)
    ]
    return {
        "tracks": tracks,
        "asked": [t["slug"] for t in tracks],
        "pickers": [
            {"n": str(n), "options": SafeString(f'<option value="t-{n}">T{n}</option>')} for n in (1, 2, 3)
        ],
        "metro_options": SafeString('<option value="35620" selected>New York &amp; co</option>'),
        # Plain strings: escaped by the template (and by render_markup) as they are printed.
        "metro": {
            "name": 'New York <"NY"> & NJ',
            "oews_vintage": "May 2025",
            "rpp": "112.6",
            "rpp_year": "2024",
            "url": "/metros/35620/",
        }
        if metro
        else None,
        "metro_code": metro_code,
        "names": SafeString(" and ".join(f"T{i} &amp; co" for i in range(n_tracks))),
        "first": {
            "facts_head": SafeString('<th scope="col">U.S. jobs</th>'),
            "sources": SafeString("BLS OEWS, May 2025"),
            "quantiles_head": SafeString('<th scope="col">10th</th>'),
            "skills_source": SafeString("O*NET 29.3"),
        },
        "headline_rows": SafeString("<tr><th>T0</th></tr>" * n_tracks),
        "pay_rows": SafeString("<tr><th>T0</th><td>$1</td></tr>" * n_tracks),
        "metro_rows": SafeString("<tr><th>T0</th><td>1</td></tr>" * n_tracks) if metro else "",
        "figure_script": SafeString(
            '<script id="chart-data-compare-pay" type="application/json">{}</script>'
        ),
        "skills": {
            "shared": SafeString("Speaking, Writing") if shared else SafeString(""),
            "distinct": [
                {
                    "name": SafeString(f"T{i} &amp; co"),
                    "skills": SafeString("none" if none_distinct else "Math"),
                }
                for i in range(n_tracks)
            ],
        },
        "canonical_url": "http://testserver/compare/",
    }


@pytest.fixture
def request_():
    request = RequestFactory().get("/compare/")
    request.public_page = True
    return request


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    markup._markup.clear()
    yield
    markup._markup.clear()


SHAPES = [
    {},
    {"n_tracks": 1},
    {"n_tracks": 3},
    {"metro": False},
    {"metro": False, "metro_code": ""},
    {"metro": False, "metro_code": "99999"},
    {"shared": False},
    {"n_tracks": 3, "shared": False, "none_distinct": True, "metro": False, "metro_code": ""},
]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_split_markup_gives_what_the_template_renders(request_, shape):
    expected = render(request_, TEMPLATE, context(**shape)).content
    first = render_markup(request_, TEMPLATE, context(**shape))
    again = render_markup(request_, TEMPLATE, context(**shape))  # from the stored markup this time
    assert first.content == expected == again.content
    assert first["Content-Type"] == "text/html; charset=utf-8"
    assert b"New York &lt;&quot;NY&quot;&gt; &amp; NJ" in expected or not shape.get("metro", True)


def test_every_shape_in_a_row_keeps_its_own_markup(request_):
    """One process serving every shape in turn, each twice: each answer is its own shape's (the
    markup of a shape met before is reused, another shape's never)."""
    for shape in SHAPES * 2:
        assert render_markup(request_, TEMPLATE, context(**shape)).content == (
            render(request_, TEMPLATE, context(**shape)).content
        )
    assert len(markup._markup) == len({shape_of(context(**shape)) for shape in SHAPES}) == 7


def test_a_shape_is_split_once(request_, monkeypatch):
    calls = []
    split = markup._pieces
    monkeypatch.setattr(markup, "_pieces", lambda *args: calls.append(args) or split(*args))
    for name in ("A", "B & C", "<D>"):
        values = context()
        values["metro"]["name"] = name
        assert name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in (
            render_markup(request_, TEMPLATE, values).content.decode()
        )
    assert len(calls) == 1


def test_with_debug_on_the_template_is_rendered_every_time(request_, settings, monkeypatch):
    settings.DEBUG = True
    calls = []
    split = markup._pieces
    monkeypatch.setattr(markup, "_pieces", lambda *args: calls.append(args) or split(*args))
    render_markup(request_, TEMPLATE, context())
    render_markup(request_, TEMPLATE, context())
    assert len(calls) == 2 and not markup._markup


def test_shapes_tell_apart_what_the_tags_see():
    assert shape_of({"a": "x", "b": ["y", ""]}) == (("a", True), ("b", ("list", True, False)))
    assert shape_of(context()) != shape_of(context(n_tracks=3)) != shape_of(context(shared=False))
    assert shape_of(context()) == shape_of(context(none_distinct=True))  # a value, not a shape
    with pytest.raises(TypeError):
        shape_of({"n": 1})  # the template would format a number itself: not taken

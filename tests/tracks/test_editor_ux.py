"""Editors (issue 22, item 6): the two previews named and styled apart; History shows what each
version changed; narrative textareas show paragraphs as paragraphs (stored hard wraps unwrapped on
display, meaning unchanged, the stored text kept when sent back unchanged)."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from tests.tracks.editorial import form_data, make_track
from tracks.editors import make_editor
from tracks.markdown import render_markdown, unwrap_paragraphs
from tracks.models import Track

pytestmark = pytest.mark.django_db

WRAPPED = """Operations managers keep the
work moving. They
plan.

- a first item that wraps
  onto the next line
- second

## A heading
Text after the heading
goes on.

    indented code one
    indented code two

A hard break<two spaces>
stays.

```
fenced
stays
```
1. one
2. two
> a quote
> goes on
""".replace("<two spaces>", "  ")


def url(name, *args):
    return reverse(f"admin:tracks_track_{name}", args=args)


@pytest.fixture
def editor_client(client):
    user, _ = make_editor(email="editor@example.com", password="a long enough password")
    client.force_login(user)
    return client


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_unwrapping_joins_the_lines_of_a_paragraph_and_keeps_every_block():
    text = unwrap_paragraphs(WRAPPED)
    assert "Operations managers keep the work moving. They plan.\n\n" in text
    assert "- a first item that wraps onto the next line\n- second" in text
    assert "## A heading\nText after the heading goes on." in text
    assert "    indented code one\n    indented code two" in text
    assert "A hard break  \nstays." in text
    assert "```\nfenced\nstays\n```" in text
    assert "> a quote\n> goes on" in text
    assert unwrap_paragraphs(text) == text
    assert unwrap_paragraphs("") == "" and unwrap_paragraphs(None) == ""


@pytest.mark.parametrize(
    "text", [WRAPPED, "One\ntwo\nthree", "a *b\nc* d", "[link\ntext](https://example.org)"]
)
def test_unwrapping_does_not_change_what_the_markdown_says(text):
    assert squeeze(render_markdown(unwrap_paragraphs(text))) == squeeze(render_markdown(text))


def test_the_change_form_shows_stored_hard_wraps_as_paragraphs_and_keeps_them_if_untouched(editor_client):
    track = make_track("gamma")
    stored = "Patient people\nwho like\norder.\n\nAnd a second\nparagraph."
    Track.objects.filter(pk=track.pk).update(who_thrives=stored)
    page = editor_client.get(url("change", track.pk))
    html = page.content.decode()
    assert "Patient people who like order.\n\nAnd a second paragraph.</textarea>" in html

    data = form_data(page)
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    data["junior_work"] = "A new junior paragraph."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302
    track.refresh_from_db()
    assert track.who_thrives == stored  # unchanged in meaning: the stored text is kept
    assert Version.objects.get_for_object(track).first().revision.get_comment() == "Changed Junior work."


def test_the_two_previews_are_named_and_styled_apart(editor_client):
    track = make_track("gamma")
    html = editor_client.get(url("change", track.pk)).content.decode()
    assert 'class="preview-unsaved" value="Preview unsaved changes"' in html
    assert re.search(r'<a class="preview-saved" href="[^"]+"[^>]*>Preview saved version</a>', html)
    assert 'value="Preview"' not in html
    assert "css/admin-tracks.css" in html


def test_history_shows_what_each_version_changed(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "First version of the junior text."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302
    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "Second version of the junior text."
    data["industries-0-note"] = "Factories and plants."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302

    history = editor_client.get(url("history", track.pk))
    latest, first = history.context["action_list"]
    assert {c["label"]: c["kind"] for c in latest["changes"]} == {
        "Junior work": "changed",
        "Industry note: Manufacturing": "changed",
    }
    junior = next(c for c in latest["changes"] if c["label"] == "Junior work")
    assert (junior["before"], junior["after"]) == (
        "First version of the junior text.",
        "Second version of the junior text.",
    )
    assert first["changes"][0]["kind"] == "first"
    html = history.content.decode()
    assert "What this version changed" in html
    assert (
        "<del>First version of the junior text.</del> → <ins>Second version of the junior text.</ins>" in html
    )

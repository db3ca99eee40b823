"""``fold_after_first`` (pages.templatetags.page_layout): splits sanitised HTML after its opening so a
long text can fold, and never breaks an element in two or lets unescaped text through."""

import re

from django.utils.safestring import mark_safe

from pages.templatetags.page_layout import TEASER_CHARS, fold_after_first

SENTENCE = "People in operations run the places where a business happens: the store, one shift at a time."


def test_a_short_single_paragraph_is_not_split():
    assert fold_after_first(mark_safe("<p>Short and sweet.</p>")) == ("<p>Short and sweet.</p>", "")


def test_several_paragraphs_split_after_the_first():
    html = mark_safe("<p>One.</p>\n<p>Two.</p>\n<ul><li>Three</li></ul>")
    assert fold_after_first(html) == ("<p>One.</p>", "<p>Two.</p>\n<ul><li>Three</li></ul>")


def test_a_long_paragraph_splits_after_a_sentence_into_two_paragraphs():
    text = " ".join([SENTENCE] * 6)
    assert len(text) > TEASER_CHARS
    head, tail = fold_after_first(mark_safe(f"<p>{text}</p>\n<p>Next.</p>"))
    assert head == f"<p>{SENTENCE}</p>"
    assert tail == "<p>" + " ".join([SENTENCE] * 5) + "</p>\n<p>Next.</p>"


def test_a_split_never_falls_inside_a_link():
    linked = 'Read <a href="/x">the guide. It helps</a> a great deal when you start out on the floor.'
    text = linked + " " + " ".join([SENTENCE] * 5)
    head, tail = fold_after_first(mark_safe(f"<p>{text}</p>"))
    assert head.count("<a ") == head.count("</a>")
    assert tail.count("<a ") == tail.count("</a>")
    assert head.startswith(f"<p>{linked}") and head.endswith("</p>")
    assert re.sub(r"<[^>]+>", " ", head + tail).split() == re.sub(r"<[^>]+>", " ", text).split()


def test_plain_text_is_escaped_not_trusted():
    assert fold_after_first("<script>alert(1)</script>") == ("&lt;script&gt;alert(1)&lt;/script&gt;", "")

from django.template import Context, Template
from django.utils.safestring import SafeString

from tracks.markdown import render_markdown


def test_renders_markdown_to_html():
    html = render_markdown("Juniors keep the **schedule** honest.\n\n- one\n- two")
    assert isinstance(html, SafeString)
    assert html == (
        "<p>Juniors keep the <strong>schedule</strong> honest.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_fills_placeholders_before_rendering():
    html = render_markdown("Half earn more than [[median_pay]].", {"median_pay": "$52,340"})
    assert html == "<p>Half earn more than $52,340.</p>"


def test_missing_values_read_not_available():
    assert render_markdown("Openings: [[annual_openings]].") == "<p>Openings: not available.</p>"


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown(
        'Hi <script>alert("x")</script><img src=x onerror="alert(1)"> <b onclick="x()">b</b>'
    )
    assert "script" not in html
    assert "alert" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "<img" not in html
    assert "<b>b</b>" in html


def test_javascript_links_lose_their_href_and_good_links_get_rel():
    html = render_markdown("[bad](javascript:alert(1)) and [good](https://www.bls.gov/oes/)")
    assert "javascript" not in html
    assert '<a href="https://www.bls.gov/oes/" rel="noopener noreferrer">good</a>' in html


def test_raw_html_attributes_are_stripped():
    html = render_markdown('<p style="color:red" class="x">styled</p>')
    assert html == "<p>styled</p>"


def test_placeholder_values_cannot_inject_html():
    html = render_markdown("Pay: [[median_pay]]", {"median_pay": "<script>x()</script>$1"})
    assert "<script" not in html
    assert "$1" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert render_markdown("   \n") == ""


def test_template_filter_renders_and_escapes_nothing_twice():
    template = Template("{% load tracks_markdown %}{{ text|markdown:values }}|{{ text|markdown }}")
    out = template.render(Context({"text": "A *b* [[us_jobs]] & c", "values": {"us_jobs": "1,000"}}))
    assert out == "<p>A <em>b</em> 1,000 &amp; c</p>|<p>A <em>b</em> not available &amp; c</p>"

"""The track page's layout (issue 10) in its HTML: every chart's numbers sit in a native "Show the
numbers" disclosure (in the HTML, so the page is complete without JavaScript), the roles appear once,
the section nav links every section, the metro picker is a select marked for the combobox script, and
the stored body's fingerprint covers every template the body includes.
"""

import re
from html import unescape

import pytest
from django.template.loader import get_template

from pages.track.build import NARRATIVE_SECTIONS
from pages.track.render import BODY_TEMPLATES, PAGE_TEMPLATE
from tests.caches import clear_caches
from tests.track_page import CHART_KEYS
from tracks.models import Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

NAV_TARGETS = [
    "understanding",
    "over-time",
    "pay-by-location",
    "changing",
    "roles",
    "industries",
    "skills",
    "related",
    "about-the-data",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def page_html(client, slug: str, **params) -> str:
    response = client.get(f"/tracks/{slug}/", params)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, key: str) -> str:
    start = html.index(f'<figure class="chart-card" id="chart-{key}"')
    return html[start : html.index("</figure>", start)]


def test_every_chart_table_is_in_a_show_the_numbers_disclosure_with_every_row(client):
    html = page_html(client, "operations")
    for key in CHART_KEYS:
        figure = card(html, key)
        details = re.search(
            r'<details class="disclosure chart-numbers">\s*<summary>Show the numbers.*?</summary>'
            r"(.*?)</details>",
            figure,
            re.S,
        )
        assert details, key
        assert "open" not in figure[: figure.index("chart-numbers")].rsplit("<details", 1)[-1], key
        inside = details.group(1)
        assert '<table class="chart-table">' in inside, key
        # The table is not a stub: one row per CSV row.
        csv = client.get(f"/tracks/operations/data/{key}.csv").content.decode().strip().splitlines()
        assert inside.count("<tr>") - 1 == len(csv) - 1, key
        # Only the disclosure holds the table: it appears once in the card.
        assert figure.count("<table") == 1, key


def test_the_roles_appear_once_as_one_ladder(client):
    html = page_html(client, "operations")
    roles = html[html.index('id="roles"') : html.index('id="industries"')]
    track = Track.objects.get(slug="operations")
    for role in track.roles.all():
        # one rung heading per role; the ladder chart's table is folded with the chart
        assert roles.count(f"<h3>{role.title} ") == 1, role.title
    assert roles.count('<ol class="ladder">') == 1
    ladder_card = card(html, "ladder")
    assert '<details class="disclosure chart-fold">' in ladder_card
    assert ladder_card.index("chart-fold") < ladder_card.index('data-chart="chart-data-ladder"')
    # each rung keeps its work, its way up and its training in the HTML, folded
    for rung in re.findall(r'<li class="rung">(.*?)</li>', roles, re.S):
        assert '<details class="disclosure disclosure--quiet rung-more">' in rung
        assert "Training:" in rung


def test_the_section_nav_links_every_section_and_the_page_loads_its_script(client):
    html = page_html(client, "nursing")
    nav = html[html.index('<nav class="section-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-label="On this page"' in nav
    assert re.findall(r'href="#([a-z-]+)"', nav) == NAV_TARGETS
    for target in NAV_TARGETS:
        assert f'id="{target}"' in html
    assert 'class="back-to-top" href="#top"' in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any(src.endswith("js/section-nav.js") for src in scripts), scripts
    assert any(src.endswith("js/combobox.js") for src in scripts), scripts


def test_the_metro_picker_is_a_select_the_combobox_script_enhances(client):
    html = page_html(client, "operations")
    form = html[html.index('<form class="metro-picker"') :]
    form = form[: form.index("</form>")]
    select = re.search(r"<select [^>]*>", form).group(0)
    assert 'id="metro-select"' in select and 'name="metro"' in select and "data-combobox" in select
    assert '<button type="submit">Show</button>' in form  # the no-JavaScript way still works
    assert ">Raleigh-Cary, NC</option>" in unescape(form)


def test_the_narrative_folds_after_its_opening_but_keeps_every_word(client):
    track = Track.objects.get(slug="operations")
    html = unescape(page_html(client, "operations"))
    understanding = html[html.index('id="understanding"') : html.index('id="over-time"')]
    words = re.sub(r"<[^>]+>", " ", understanding)
    words = re.sub(r"\s+", " ", words)
    for field, _heading in NARRATIVE_SECTIONS:
        text = getattr(track, field) or ""
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip())[:3]:
            plain = re.sub(r"\s+", " ", re.sub(r"[*_`\[\]]", "", sentence)).strip()
            if plain and "[[" not in sentence and "](" not in sentence:
                assert plain in words, plain
    assert understanding.count("<details") >= 3


def included_templates(name: str, seen: set[str]) -> set[str]:
    source = get_template(name).template.source
    for include in re.findall(r'{%\s*include\s+"([^"]+)"', source):
        if include not in seen:
            seen.add(include)
            included_templates(include, seen)
    return seen


def test_the_stored_body_fingerprint_covers_every_template_it_includes():
    source = get_template(PAGE_TEMPLATE).template.source
    body = source[source.index("{% partialdef page-body") : source.index("{% endpartialdef %}{% endif %}")]
    includes = set()
    for include in re.findall(r'{%\s*include\s+"([^"]+)"', body):
        includes.add(include)
        included_templates(include, includes)
    assert includes, "the body includes no template?"
    assert includes <= set(BODY_TEMPLATES), includes - set(BODY_TEMPLATES)

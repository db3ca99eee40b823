"""The track page's layout in a real browser (issue 10): every published track is at most 12 screens tall
on a 390×844 phone with every section present; on a desktop the sections sit in a sidebar beside the
page and prose lines stay within 75 characters; the section nav stays at the top of a phone's screen
and marks the section being read; the metro combobox works from the keyboard (and the plain select
works without JavaScript); axe finds nothing serious or critical at either size, with every disclosure
open too. Screenshots of /tracks/operations/ on a phone and a desktop go to test-artifacts/screenshots/.
"""

import time

import pytest

from tests.browser.conftest import assert_clean, save_screenshot
from tests.caches import clear_caches
from tests.track_page import SECTION_IDS
from tracks.models import Track

axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

PHONE_SCREEN = 844
BUDGET_SCREENS = 12
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
RALEIGH = "39580"  # Raleigh-Cary, NC


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def document_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def wait_until_current(page, target: str, timeout: float = 8.0) -> None:
    """Poll from Python (a string predicate would need eval, which the CSP forbids)."""
    link = page.locator(f".section-nav a[href='#{target}']")
    deadline = time.monotonic() + timeout
    while link.get_attribute("aria-current") != "true":
        assert time.monotonic() < deadline, f"{target} was never marked current"
        page.wait_for_timeout(100)


def serious_violations(page) -> list[str]:
    results = axe_api.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def open_every_disclosure(page) -> int:
    return page.evaluate(
        "() => { const all = document.querySelectorAll('details:not([open])');"
        " all.forEach(d => { d.open = true; }); return all.length; }"
    )


@pytest.mark.slow
def test_every_published_track_fits_twelve_phone_screens_with_every_section(live_server, browser_page):
    slugs = list(Track.objects.published().order_by("slug").values_list("slug", flat=True))
    assert len(slugs) >= 20
    page = browser_page(phone=True)
    heights = {}
    for slug in slugs:
        page.goto(f"{live_server.url}/tracks/{slug}/", wait_until="load")
        page.wait_for_timeout(200)
        for section in SECTION_IDS:
            assert page.locator(f"#{section}").count() == 1, (slug, section)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, slug
        heights[slug] = document_height(page)
    over = {
        slug: f"{px / PHONE_SCREEN:.2f} screens" for slug, px in heights.items() if px > 12 * PHONE_SCREEN
    }
    assert over == {}, f"over {BUDGET_SCREENS} screens at 390x844: {over}"
    assert_clean(page)


def test_desktop_has_a_section_sidebar_and_prose_within_75_characters(live_server, browser_page):
    page = browser_page(**DESKTOP)
    page.goto(f"{live_server.url}/tracks/operations/")
    nav = page.locator(".section-nav").bounding_box()
    content = page.locator(".track-sections").bounding_box()
    assert nav["x"] + nav["width"] <= content["x"], (nav, content)  # a sidebar beside the sections
    assert content["width"] >= 800, content  # the page uses the width
    # The longest line any prose paragraph can hold, in characters of its own font (the width of "0").
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.track-page .prose p, .track-page .lede p, .lead-sentence')]
          .filter(p => p.offsetWidth > 0)
          .map(p => {
            const probe = document.createElement('span');
            probe.textContent = '0'.repeat(100);
            probe.style.visibility = 'hidden';
            probe.style.position = 'absolute';
            probe.style.whiteSpace = 'nowrap';
            p.appendChild(probe);
            const chars = p.clientWidth / (probe.offsetWidth / 100);
            probe.remove();
            return chars;
          })"""
    )
    assert widths and max(widths) <= 75, max(widths)
    page.locator(".section-nav a[href='#roles']").click()
    wait_until_current(page, "roles")
    assert page.locator(".section-nav").bounding_box()["y"] >= 0  # the sidebar stays in view
    save_screenshot(page, "track-operations-desktop-1366", full_page=False)
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "track-operations-desktop-1366-full")
    assert_clean(page)


def click_until_url_ends_with(page, link, ending: str, attempts: int = 3) -> None:
    """Click ``link`` until the URL ends with ``ending``. On a starved CPU the nav row can still be
    scrolling the previous section's link into view when the click lands, so the click may miss once."""
    for _ in range(attempts):
        link.click()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if page.url.endswith(ending):
                return
            page.wait_for_timeout(50)
    assert page.url.endswith(ending), page.url


def test_the_phone_section_nav_sticks_and_marks_the_current_section(live_server, browser_page):
    page = browser_page(phone=True, reduced_motion="reduce")  # jumps, not smooth scrolls: no waiting
    page.goto(f"{live_server.url}/tracks/operations/")
    save_screenshot(page, "track-operations-phone-390", full_page=False)
    save_screenshot(page, "track-operations-phone-390-full")
    for target in ("roles", "skills", "about-the-data"):
        link = page.locator(f".section-nav a[href='#{target}']")
        click_until_url_ends_with(page, link, f"#{target}")
        wait_until_current(page, target)
        page.wait_for_timeout(300)  # the smooth scroll settles
        nav = page.locator(".section-nav").bounding_box()
        assert abs(nav["y"]) <= 1, nav  # stuck to the top of the screen
        assert page.locator(".section-nav a[aria-current]").count() == 1
        # the marked link is scrolled into the row's view
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (target, box)
        heading = page.locator(f"#{target} h2").first.bounding_box()
        assert heading["y"] >= nav["height"] - 1, (target, heading)  # not hidden under the nav
    back = page.locator(".back-to-top.is-floating")
    assert back.is_visible()
    back.click()
    deadline = time.monotonic() + 8
    while page.evaluate("window.scrollY") > 100:  # a smooth scroll takes a moment
        assert time.monotonic() < deadline, "back to top did not go back to the top"
        page.wait_for_timeout(100)
    assert_clean(page)


def test_the_metro_combobox_by_keyboard(live_server, browser_page):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/tracks/operations/")
    field = page.get_by_role("combobox", name="See this track in one metro area")
    field.focus()
    page.keyboard.type("Raleigh")
    listbox = page.get_by_role("listbox", name="Metro areas")
    assert listbox.is_visible()
    first = listbox.get_by_role("option").first
    assert first.inner_text() == "Raleigh-Cary, NC"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert field.input_value() == "Raleigh-Cary, NC"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"metro={RALEIGH}" in page.url
    assert "Raleigh-Cary, NC" in page.locator("#metro-panel h3").inner_text()
    assert (
        page.get_by_role("combobox", name="See this track in one metro area").input_value()
        == "Raleigh-Cary, NC"
    )
    assert_clean(page)


def test_without_javascript_the_metro_picker_is_the_select_and_button(live_server, browser_page):
    page = browser_page(phone=True, java_script_enabled=False)
    page.goto(f"{live_server.url}/tracks/operations/")
    page.select_option("#metro-select", RALEIGH)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "Raleigh-Cary, NC" in page.locator("#metro-panel h3").inner_text()
    # every chart's numbers are there to open
    page.locator("#chart-metro-pay summary").click()
    assert page.locator("#chart-metro-pay table").is_visible()


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_the_track_page_has_no_serious_accessibility_violations(live_server, browser_page, phone):
    page = browser_page(phone=True) if phone else browser_page(**DESKTOP)
    page.goto(f"{live_server.url}/tracks/operations/", timeout=180_000)
    assert serious_violations(page) == []
    assert open_every_disclosure(page) > 10
    assert serious_violations(page) == [], "with every disclosure open"
    page.goto(f"{live_server.url}/tracks/operations/?metro={RALEIGH}", timeout=180_000)
    assert serious_violations(page) == []

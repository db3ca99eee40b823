"""The home page in a real browser, on a phone (390×844) and a desktop (1366×900): at most 12 screens
tall on the phone, no sideways scroll, every track a card that links to its page, the chart of all
tracks drawn with one numbered label per track and no chart text overlapping other chart text, and the
job-title search box taking the reader to the search page. Screenshots: home-phone.png, home-desktop.png.
"""

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_accessibility import assert_accessible
from tracks.models import Track

PHONE_SCREENS = 12
CHART = '[data-chart="chart-data-tracks-overview"]'

# Every non-empty SVG text element of the chart: its text and its box on the page.
TEXT_BOXES = """(selector) => Array.from(document.querySelectorAll(selector + ' svg text'))
  .filter((t) => t.textContent.trim() !== '')
  .map((t) => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            if (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            ):
                found.append((a["text"], b["text"]))
    return found


def drawn_chart_text(page) -> list[dict]:
    page.locator(CHART).scroll_into_view_if_needed()
    page.wait_for_selector(f'{CHART}[data-drawn="true"]')  # a string predicate needs eval: the CSP forbids it
    return page.evaluate(TEXT_BOXES, CHART)


def annotation_texts(page) -> list[str]:
    return page.evaluate(
        f"Array.from(document.querySelectorAll('{CHART} .annotation-text-g text')).map((t) => t.textContent)"
    )


@pytest.fixture
def published():
    return {t.get_absolute_url(): t.name for t in Track.objects.published()}


def test_home_on_a_phone_is_short_with_cards_and_a_legible_chart(live_server, browser_page, published):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= PHONE_SCREENS * 844, f"home is {height}px tall ({height / 844:.1f} screens)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 391

    # Every published track is a card whose link opens its page; the card shows the three figures.
    cards = page.locator(".tracks-table tbody tr")
    assert cards.count() == len(published)
    links = {a.get_attribute("href"): a.inner_text() for a in page.locator(".home-track-name").all()}
    assert links == published
    first = cards.first.bounding_box()
    assert first["width"] > 300  # a card across the screen, not a squeezed table row
    labels = cards.first.evaluate(
        "(row) => Array.from(row.querySelectorAll('td'))"
        ".map((td) => getComputedStyle(td, '::before').content)"
    )
    assert labels == ['"Median pay"', '"U.S. jobs"', '"Growth"']  # each figure labelled on the card

    boxes = drawn_chart_text(page)
    assert overlapping(boxes) == []
    assert sorted(annotation_texts(page), key=int) == [str(n) for n in range(1, len(published) + 1)]
    assert_accessible(page, "/ on a phone, chart drawn")  # axe: no serious or critical violation
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "home-phone")

    # A card is a link as a whole: a tap on its figures opens the track.
    page.goto(f"{live_server.url}/?sort=-pay")
    top = page.locator(".tracks-table tbody tr").first
    name = top.locator(".home-track-name").inner_text()
    top.scroll_into_view_if_needed()
    figures = top.locator("td").first.bounding_box()  # a tap on the pay figure, not on the name
    page.mouse.click(figures["x"] + figures["width"] / 2, figures["y"] + figures["height"] / 2)
    page.wait_for_url("**/tracks/*/")
    assert page.locator("h1").inner_text() == f"Careers in {name}"


def test_home_on_a_desktop_draws_the_chart_without_overlaps(live_server, browser_page, published):
    page = browser_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    boxes = drawn_chart_text(page)
    assert overlapping(boxes) == []
    assert len(annotation_texts(page)) == len(published)
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "home-desktop")


@pytest.mark.parametrize("width", [360, 768])
def test_chart_text_never_overlaps_at_other_widths(live_server, browser_page, width):
    page = browser_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    assert overlapping(drawn_chart_text(page)) == []


def test_the_job_title_search_box_on_home_finds_titles(live_server, browser_page, page_snapshots):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/")
    box = page.locator("#home-title-search")
    assert box.bounding_box()["y"] < 844  # up top, on the first screen
    box.fill("nurse")
    box.press("Enter")
    page.wait_for_url("**/search/?q=nurse")
    assert page.locator(".search-result").count() >= 1

"""A track page in a real browser, on a desktop and on a phone: every chart is drawn by the one static
script from the vendored Plotly bundle, the metro picker switches metro, a CSV downloads, nothing is
logged to the console and no request leaves localhost. The page is complete and readable on a phone:
no sideways scrolling, legends clear of the bars, and a finger swipe over a chart scrolls the page.
"""

import csv
import io
import time

import pytest

from tests.browser.conftest import assert_clean, save_screenshot
from tests.caches import clear_caches
from tests.track_page import CHART_KEYS

TRACK = "software-engineering"
METRO = "41940"  # San Jose-Sunnyvale-Santa Clara, CA


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def wait_for_charts(page) -> None:
    """Scroll each chart into view (charts draw as they near the viewport) and wait until it is drawn."""
    for key in CHART_KEYS:
        chart = page.locator(f'[data-chart="chart-data-{key}"]')
        details = chart.locator("xpath=ancestor::details[not(@open)]")
        if details.count():  # a chart folded in a closed disclosure draws once opened
            details.first.locator(":scope > summary").click()  # not a nested "Show the numbers"
        chart.scroll_into_view_if_needed()
        page.wait_for_selector(f'[data-chart="chart-data-{key}"][data-drawn="true"]')
        assert chart.locator("svg.main-svg").count() >= 1, f"{key}: no SVG drawn"
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 150, (key, box)


def scripts_are_local_and_static(page) -> None:
    sources = page.eval_on_selector_all("script[src]", "nodes => nodes.map(n => n.getAttribute('src'))")
    assert any("vendor/plotly/plotly-basic-4.1.1.min" in src for src in sources), sources
    assert any("js/charts" in src for src in sources), sources
    inline = page.eval_on_selector_all(
        "script:not([src])", "nodes => nodes.map(n => n.type).filter(t => !/json/.test(t))"
    )
    assert inline == [], inline
    assert page.evaluate("typeof window.Plotly") == "object"


def legend_clear_of_bars(page, key: str) -> None:
    """The legend sits below every bar, never over one."""
    chart = page.locator(f'[data-chart="chart-data-{key}"]')
    legend = chart.locator("g.legend").bounding_box()
    bars = chart.locator("g.barlayer").first.bounding_box()
    assert legend is not None and bars is not None
    assert legend["y"] >= bars["y"] + bars["height"] - 1, (legend, bars)


def wait_until_scrolled_past(page, y: float, timeout: float = 5.0) -> None:
    """Poll from Python (a string predicate would need eval, which the CSP rightly forbids)."""
    deadline = time.monotonic() + timeout
    while page.evaluate("window.scrollY") <= y:
        assert time.monotonic() < deadline, f"the page did not scroll past {y}px"
        page.wait_for_timeout(100)


def swipe_up(page, x: float, y: float, distance: float = 300, steps: int = 10) -> None:
    """A finger dragged up the screen from (x, y), as raw touch events."""
    session = page.context.new_cdp_session(page)
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        point = {"x": x, "y": y - distance * step / steps}
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the screen"


def switch_metro(page, code: str, name: str) -> None:
    # The picker is a combobox (static/js/combobox.js): type part of the name and pick the option.
    field = page.get_by_role("combobox", name="See this track in one metro area")
    field.fill(name.split("-")[0])
    page.get_by_role("option", name=name, exact=True).click()
    assert page.locator("select[name=metro]").input_value() == code
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert f"metro={code}" in page.url
    panel = page.locator("#metro-panel")
    assert panel.is_visible()
    assert name in panel.locator("h3").inner_text()
    assert page.locator("select[name=metro]").input_value() == code
    assert field.input_value() == name


def download_csv(page, key: str) -> list[list[str]]:
    link = page.locator(f"#chart-{key} a.csv-link")
    link.scroll_into_view_if_needed()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{TRACK}-{key}.csv"
    with open(download.path(), encoding="utf-8") as handle:
        return list(csv.reader(io.StringIO(handle.read())))


def test_track_page_on_a_desktop(live_server, browser_page):
    page = browser_page()
    page.goto(f"{live_server.url}/tracks/{TRACK}/")
    assert page.title().startswith("Careers in Software Engineering")
    wait_for_charts(page)
    scripts_are_local_and_static(page)
    legend_clear_of_bars(page, "metro-pay")
    # Hover adds nothing: hover labels are off, every value is printed or in the table beside it.
    page.locator('[data-chart="chart-data-metro-pay"]').hover()
    assert page.locator(".hoverlayer .hovertext").count() == 0
    table_rows = page.locator("#chart-metro-pay tbody tr").count()
    save_screenshot(page, "track-page-desktop")
    # A mouse wheel over a chart scrolls the page; it does not zoom the chart.
    chart = page.locator('[data-chart="chart-data-pay-trend"]')
    chart.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    chart.hover()
    page.mouse.wheel(0, 400)
    wait_until_scrolled_past(page, before + 100)

    switch_metro(page, METRO, "San Jose-Sunnyvale-Santa Clara, CA")
    wait_for_charts(page)
    save_screenshot(page, "track-page-desktop-metro")

    rows = download_csv(page, "metro-pay")
    assert rows[0][:3] == ["area_code", "area_name", "employment"] and rows[0][-1] == "source"
    assert len(rows) - 1 == table_rows
    assert_clean(page)


def test_track_page_on_a_phone(live_server, browser_page):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/tracks/{TRACK}/")
    wait_for_charts(page)
    no_sideways_scroll(page)
    legend_clear_of_bars(page, "metro-pay")
    save_screenshot(page, "track-page-phone")

    # A finger swipe that starts on a chart scrolls the page: no drag-zoom traps it.
    for key in ("pay-trend", "metro-pay", "ladder"):
        chart = page.locator(f'[data-chart="chart-data-{key}"]')
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        before = page.evaluate("window.scrollY")
        swipe_up(page, box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 600))
        wait_until_scrolled_past(page, before + 100)

    switch_metro(page, METRO, "San Jose-Sunnyvale-Santa Clara, CA")
    wait_for_charts(page)
    no_sideways_scroll(page)
    save_screenshot(page, "track-page-phone-metro")

    rows = download_csv(page, "industries")
    assert rows[0][0] == "naics_code" and len(rows) > 1
    assert_clean(page)

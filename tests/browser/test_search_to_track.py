"""From the home page's job-title search box to an occupation page to a track, on a phone: the search
form (name="q", submitting to /search/) finds the title, the first result opens its occupation page,
whose charts draw from the static script, and a track that includes it opens. No console errors and no
request off localhost (the shared browser fixtures check both)."""

from tests.browser.conftest import save_screenshot


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide"


def test_home_search_to_occupation_to_track_on_a_phone(live_server, browser_page, page_snapshots):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/")
    box = page.locator('form[action="/search/"] input[name="q"]').first
    box.fill("registred nurse")  # a typo on purpose
    box.press("Enter")
    page.wait_for_url("**/search/?q=registred+nurse")
    first = page.locator(".search-result .result-title a").first
    assert first.get_attribute("href") == "/occupations/29-1141/"
    no_sideways_scroll(page)
    save_screenshot(page, "search-phone")

    first.click()
    page.wait_for_url("**/occupations/29-1141/")
    assert page.locator("h1").inner_text() == "Registered Nurses"
    chart = page.locator('[data-chart="chart-data-metro-pay"]')
    chart.scroll_into_view_if_needed()
    page.wait_for_selector('[data-chart="chart-data-metro-pay"][data-drawn="true"]')  # drawn once in view
    assert chart.locator("svg.main-svg").count() >= 1
    no_sideways_scroll(page)
    save_screenshot(page, "occupation-phone")

    page.locator("#tracks a", has_text="Careers in Nursing").click()
    page.wait_for_url("**/tracks/nursing/")
    assert page.locator("h1").inner_text() == "Careers in Nursing"

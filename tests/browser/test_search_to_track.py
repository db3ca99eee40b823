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


def test_search_results_answer_with_pay_in_the_reader_s_metro_on_a_phone(
    live_server, browser_page, page_snapshots
):
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/search/?q=lawyer")
    first = page.locator(".search-result").first
    assert first.locator(".result-title a").inner_text() == "Lawyers"
    assert "Median pay: $" in first.locator(".result-figures").inner_text()
    assert "Projected growth:" in first.locator(".result-figures").inner_text()
    field = page.get_by_role("combobox", name="Show pay in one metro area")
    field.focus()
    page.keyboard.type("Raleigh")
    page.get_by_role("listbox", name="Metro areas").get_by_role("option").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "q=lawyer" in page.url and "metro=39580" in page.url
    figures = page.locator(".search-result .result-figures").first.inner_text()
    assert figures.startswith("Median pay in Raleigh-Cary, NC: ") and "U.S. $" in figures
    no_sideways_scroll(page)
    save_screenshot(page, "search-metro-phone")

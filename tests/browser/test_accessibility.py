"""Accessibility in a real browser: axe-core finds no serious or critical violations on the home page,
a track page, the methodology page and every Get Started step, and the whole Get Started flow works
from the keyboard alone.

axe-core ships inside the axe-playwright-python package (no network). The pages come from the shared
fixtures in conftest.py (Debian's Chromium, no request off localhost, no console errors).
"""

import re

import pytest
from django.core import mail

from tests.caches import clear_caches

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

PASSWORD = "Copper-meadow-83"
BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = axe_api.Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page, where: str):
    problems = serious_violations(page)
    assert problems == [], f"{where}: " + "; ".join(problems)


def tab_to(page, locator, *, limit: int = 120):
    """Press Tab until ``locator`` has the keyboard focus, as a keyboard-only visitor would."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => element === document.activeElement", target):
            return
    raise AssertionError(f"could not reach {locator} with the Tab key")


def type_into(page, locator, text: str):
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_public_pages_have_no_serious_violations(live_server, browser_page):
    page = browser_page()
    for path in ("/", "/tracks/operations/", "/tracks/operations/?metro=35620", "/methodology/"):
        page.goto(live_server.url + path, timeout=180_000)
        assert_accessible(page, path)
    phone = browser_page(phone=True)
    phone.goto(live_server.url + "/tracks/nursing/", timeout=180_000)
    assert_accessible(phone, "/tracks/nursing/ on a phone")


def test_get_started_by_keyboard_alone_with_every_step_accessible(live_server, browser_page):
    page = browser_page()
    clear_caches()  # rate-limit counters from earlier tests
    expect = playwright_api.expect

    page.goto(live_server.url + "/get-started/?track=nursing")
    assert_accessible(page, "Get Started: account")
    type_into(page, page.get_by_label("Email address"), "keys@example.org")
    type_into(page, page.get_by_label(re.compile(r"^Password:?$")), PASSWORD)
    type_into(page, page.get_by_label("Password again"), PASSWORD)
    tab_to(page, page.get_by_role("button", name="Create account"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page, "Get Started: check your email")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page, "Get Started: confirm email")
    tab_to(page, page.get_by_role("button", name="Confirm and continue"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/get-started/where/\?track=nursing$"))
    assert_accessible(page, "Get Started: where you are now")
    expect(page.get_by_label("Track")).to_have_value("nursing")
    type_into(page, page.get_by_label("Or your job title"), "Charge nurse")
    type_into(page, page.get_by_label("Metro area where you work"), "Columbus, OH")
    type_into(page, page.get_by_label("Years of experience"), "4")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/get-started/strengths/$"))
    assert_accessible(page, "Get Started: your strengths")
    groups = page.locator("form.ratings fieldset")
    for index in range(groups.count()):
        first_choice = groups.nth(index).locator("input[type=radio]").first
        tab_to(page, first_choice)
        page.keyboard.press("Space")  # picks 1
        page.keyboard.press("ArrowRight")  # arrows move the choice within the group: 2
        page.keyboard.press("ArrowRight")  # 3
    tab_to(page, page.get_by_role("button", name="Save and continue"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/get-started/next-move/$"))
    assert_accessible(page, "Get Started: your next move")
    type_into(page, page.get_by_label("Metro 1"), "Denver-Aurora-Centennial, CO")
    tab_to(page, page.get_by_role("button", name="Save my plan"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("#plan")).to_contain_text("Columbus, OH")
    assert_accessible(page, "Career record")

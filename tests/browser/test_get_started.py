"""A real Chromium goes from a track page's Get Started button to a saved plan on /me/.

Uses the shared Playwright fixtures in tests/browser/conftest.py (Debian's /usr/bin/chromium, a phone
viewport, every console error, failed response or off-localhost request fails the test). The
verification email is read from Django's test outbox (the live server runs in this process).
"""

import re

from django.core import mail

from tests.browser.conftest import assert_clean, playwright_api
from tests.caches import clear_caches

PASSWORD = "Lantern-quarry-47"


def test_from_the_get_started_button_to_a_saved_plan(live_server, browser_page):
    clear_caches()  # rate-limit counters from earlier tests
    page = browser_page(phone=True)
    expect = playwright_api.expect

    # The track page's call to action carries the track along.
    # Generous timeout: the track page is computed uncached on its first view (the track-page tests
    # hold its own speed budget); this test is about the journey after the button.
    page.goto(f"{live_server.url}/tracks/operations/", timeout=180_000)
    page.locator("main").get_by_role("link", name="Get Started").first.click()
    expect(page).to_have_url(re.compile(r"/get-started/\?track=operations$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Map your path in Operations")

    # Step 1: the account.
    page.get_by_label("Email address").fill("maya@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm and continue").click()

    # Step 2: where you are now; the track is already chosen.
    expect(page).to_have_url(re.compile(r"/get-started/where/\?track=operations$"))
    expect(page.get_by_label("Track")).to_have_value("operations")
    page.get_by_label("Your role on the ladder").select_option(label="Operations Manager (Mid level)")
    # The combobox the deferred script makes of the metro <select> (by its role, so the test waits for
    # the script: the <select> it replaces is hidden, and a fill aimed at it waited on it in vain).
    page.get_by_role("combobox", name="Metro area where you work").fill("Austin-Round Rock-San Marcos, TX")
    page.get_by_label("Years of experience").fill("6")
    page.get_by_label("Your current annual pay (optional)").fill("$88,000")
    page.get_by_label("Your current annual pay (optional)").press("Enter")  # submit from the keyboard

    # Step 3: rate each skill; each scale is its own fieldset.
    expect(page).to_have_url(re.compile(r"/get-started/strengths/$"))
    groups = page.locator("form.ratings fieldset")
    expect(groups).to_have_count(12)
    for index in range(12):
        groups.nth(index).get_by_label("Solid" if index % 2 else "A top strength").check()
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: the next move, then pick a metro to compare.
    expect(page).to_have_url(re.compile(r"/get-started/next-move/$"))
    expect(page.get_by_role("heading", name="The next rung")).to_be_visible()
    expect(page.locator("main")).to_contain_text("the next rung on the Operations ladder is")
    expect(page.get_by_role("heading", name="Tracks that fit your strengths")).to_be_visible()
    expect(page.locator("ol.fits li")).to_have_count(3)
    page.get_by_role("combobox", name="Metro 1").fill("San Jose-Sunnyvale-Santa Clara, CA")
    page.get_by_role("button", name="Save my plan").click()

    # The saved plan on the record.
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".messages")).to_contain_text("Your plan is saved to your career record.")
    plan = page.locator("#plan")
    expect(plan).to_contain_text("Operations Manager, Operations, Austin-Round Rock-San Marcos, TX")
    expect(plan).to_contain_text("The same buying power elsewhere")
    expect(plan.get_by_role("rowheader", name="San Jose-Sunnyvale-Santa Clara, CA")).to_be_visible()
    expect(plan).to_contain_text("Your pay of $88,000 a year is")
    expect(page.locator("#tracks")).to_contain_text("Operations")

    assert_clean(page)  # no script errors, CSP violations, failed requests or requests off localhost

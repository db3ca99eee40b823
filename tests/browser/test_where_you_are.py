"""Get Started step 2 on a phone, in a real Chromium: "Raleigh" typed into the metro combobox, the
chosen track's rungs only, and the plan following a new current position on the timeline. Also the
same step with JavaScript off (the plain select), and the combobox from the keyboard.

The member is signed in by handing the browser a session made with Django's test client, so these
tests don't depend on the account pages.
"""

import re

from django.test import Client

from careers.models import CareerProfile
from tests.browser.conftest import assert_clean, playwright_api, save_screenshot
from tests.careers.factories import make_member
from tracks.models import Track

RALEIGH_NAME = "Raleigh-Cary, NC"


def signed_in_page(browser_page, live_server, email, **options):
    user = make_member(email)
    client = Client()
    client.force_login(user)
    page = browser_page(**options)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return user, page


def test_on_a_phone_raleigh_typed_rungs_first_and_the_plan_follows_a_new_position(live_server, browser_page):
    expect = playwright_api.expect
    user, page = signed_in_page(browser_page, live_server, "rn@example.org", phone=True)
    nursing = Track.objects.get(slug="nursing")
    roles = list(nursing.roles.order_by("order"))
    rungs = [r.title for r in roles]
    staff_rn = next(
        f"{r.title} ({r.get_level_display()})" for r in roles if r.title == "Staff Registered Nurse"
    )
    next_up = rungs[rungs.index("Staff Registered Nurse") + 1]

    page.goto(f"{live_server.url}/get-started/where/?track=nursing")
    expect(page.get_by_label("Track")).to_have_value("nursing")

    # Only the Nursing ladder's rungs are offered (plus "None of these").
    role = page.get_by_label("Your role on the ladder")
    options = role.locator("option")
    expect(options).to_have_count(len(rungs) + 1)
    labels = [text.rsplit(" (", 1)[0] for text in options.all_inner_texts()[1:]]
    assert labels == rungs
    expect(role.locator("optgroup")).to_have_attribute("label", "Nursing")
    role.select_option(label=staff_rn)

    # Choosing another track brings its rungs instead.
    page.get_by_label("Track").select_option("operations")
    ops_rungs = Track.objects.get(slug="operations").roles.count()
    expect(options).to_have_count(ops_rungs + 1)
    expect(role).to_have_value("")
    page.get_by_label("Track").select_option("nursing")
    expect(options).to_have_count(len(rungs) + 1)
    role.select_option(label=staff_rn)

    # The metro: "Raleigh" typed, the one match tapped.
    metro = page.get_by_role("combobox", name="Metro area where you work")
    metro.tap()
    metro.press_sequentially("Raleigh")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(metro).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(1)
    save_screenshot(page, "where-you-are-raleigh-phone")
    listbox.get_by_role("option", name=RALEIGH_NAME).tap()
    expect(metro).to_have_value(RALEIGH_NAME)
    expect(metro).to_have_attribute("aria-expanded", "false")

    page.get_by_label("Years of experience").fill("6")
    page.get_by_role("button", name="Save and continue").tap()
    expect(page).to_have_url(re.compile(r"/get-started/strengths/$"))
    profile = CareerProfile.objects.get(user=user)
    assert (profile.role.title, profile.metro.name) == ("Staff Registered Nurse", RALEIGH_NAME)

    page.goto(f"{live_server.url}/get-started/next-move/")
    expect(page.locator("main")).to_contain_text(
        f"From Staff Registered Nurse, the next rung on the Nursing ladder is {next_up}"
    )

    # A new current position on the timeline: "Charge Nurse", on the Nursing track, no rung picked.
    page.goto(f"{live_server.url}/me/positions/add/")
    page.get_by_label("Job title").fill("Charge Nurse")
    page.get_by_label("Started").fill("2024-05-01")
    page.get_by_label("Track (optional)").select_option("nursing")
    page.get_by_role("button", name="Save").tap()
    expect(page).to_have_url(re.compile(r"/me/#timeline$"))
    charge = next(title for title in rungs if title.startswith("Charge Nurse"))
    after = rungs[rungs.index(charge) + 1]
    expect(page.locator("#plan")).to_contain_text(
        f"From {charge}, the next rung on the Nursing ladder is {after}"
    )
    save_screenshot(page, "record-plan-follows-position-phone")
    assert_clean(page)


def test_the_combobox_from_the_keyboard(live_server, browser_page):
    expect = playwright_api.expect
    user, page = signed_in_page(browser_page, live_server, "keys14@example.org")
    page.goto(f"{live_server.url}/get-started/where/?track=operations")
    metro = page.get_by_role("combobox", name="Metro area where you work")
    metro.focus()
    page.keyboard.type("carolina")  # a state's name finds its metros
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    assert "Raleigh-Cary, NC" in texts and "Charleston-North Charleston, SC" in texts
    assert all(re.search(r", .*\b[NS]C\b", text) for text in texts), texts
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(metro).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    chosen = second.inner_text()
    page.keyboard.press("Enter")  # picks; doesn't submit
    expect(metro).to_have_value(chosen)
    expect(page).to_have_url(re.compile(r"/get-started/where/\?track=operations$"))
    page.keyboard.press("Escape")  # the list is closed: Escape clears
    expect(metro).to_have_value("")
    page.keyboard.type("Springfield")  # ambiguous and left as typed: the server asks which one
    page.get_by_label("Your role on the ladder").select_option(index=1)
    page.get_by_label("Years of experience").fill("3")
    page.get_by_label("Years of experience").press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("“Springfield” matches")
    # The answer is a new page: wait for its script to enhance the select before using the combobox.
    expect(page.locator("input.combobox-input")).to_be_visible()
    metro = page.get_by_role("combobox", name="Metro area where you work")
    expect(metro).to_have_value("Springfield")  # as typed, with its matches a click away
    metro.click()
    springfields = page.get_by_role("listbox").get_by_role("option")
    expect(springfields.first).to_be_visible()
    assert len(springfields.all_inner_texts()) >= 4
    assert all("Springfield" in text for text in springfields.all_inner_texts())
    assert not CareerProfile.objects.filter(user=user, metro__isnull=False).exists()
    assert_clean(page)


def test_without_javascript_the_select_still_works(live_server, browser_page):
    expect = playwright_api.expect
    user, page = signed_in_page(
        browser_page, live_server, "nojs@example.org", phone=True, java_script_enabled=False
    )
    page.goto(f"{live_server.url}/get-started/where/?track=nursing")
    expect(page.locator("input.combobox-input")).to_have_count(0)  # the plain select, not enhanced
    page.get_by_label("Metro area where you work").select_option(label=RALEIGH_NAME)
    # Without the script every ladder is listed, the chosen track's first.
    expect(page.get_by_label("Your role on the ladder").locator("optgroup").first).to_have_attribute(
        "label", "Nursing"
    )
    page.get_by_label("Your role on the ladder").select_option(index=1)
    page.get_by_label("Years of experience").fill("2")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/get-started/strengths/$"))
    profile = CareerProfile.objects.get(user=user)
    assert (profile.metro.name, profile.role.track.slug) == (RALEIGH_NAME, "nursing")
    assert_clean(page)

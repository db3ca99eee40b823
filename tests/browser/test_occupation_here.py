"""An occupation page on a 390-pixel phone (issue 22, item 2): the metro picker finds "Raleigh", the
metro's figures show without sideways scrolling, and they come before the O*NET descriptions."""

import tempfile
from pathlib import Path

SHOTS = Path(tempfile.gettempdir()) / "occupation-here-screenshots"
WIDTH = 390


def test_a_nurse_finds_the_pay_in_raleigh_on_a_phone(live_server, browser_page, page_snapshots):
    page = browser_page(phone=True, viewport={"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/occupations/29-1141/")
    field = page.get_by_role("combobox", name="See this occupation in one metro area")
    field.fill("Raleigh")
    field.press("Enter")
    page.wait_for_url("**metro=39580**")
    panel = page.locator("#metro-panel")
    assert panel.is_visible()
    assert "Registered Nurses in Raleigh-Cary, NC" in panel.inner_text()
    for cell in panel.locator("table tbody td").all() + panel.locator(".fact").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] >= -0.5 and box["x"] + box["width"] <= WIDTH + 0.5, (
            cell.inner_text()
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    table = panel.locator(".table-wrap")  # the percentile table fits: no sideways scrolling inside it
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), table.evaluate("e => e.scrollWidth")
    figures = panel.bounding_box()["y"]
    assert figures < page.locator("#the-work").bounding_box()["y"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "occupation-raleigh-390.png"), full_page=False)
    panel.screenshot(path=str(SHOTS / "occupation-raleigh-panel-390.png"))


def test_typed_text_that_matches_nothing_keeps_it_on_a_phone(live_server, browser_page, page_snapshots):
    page = browser_page(phone=True, viewport={"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/occupations/29-1141/")
    field = page.get_by_role("combobox", name="See this occupation in one metro area")
    field.fill("zzzz")
    status = page.locator(".combobox-nomatch")
    assert status.is_visible() and "No metro area matches “zzzz”" in status.inner_text()
    assert field.input_value() == "zzzz"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#getting-in").screenshot(path=str(SHOTS / "occupation-getting-in-390.png"))

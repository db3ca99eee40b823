"""Phones at 360 and 390 CSS pixels (issue 22, items 3 and 4): the header keeps Get Started and My record
in reach, compare's headline figures and a metro's track table show every column without sideways
scrolling, compare's chart labels are neither clipped nor on top of each other, "Back to top" covers
no content, skill chips show their unit; and the one metro picker in the browser agrees with the server's
matcher. Screenshots go to a temporary directory (looked at, never committed)."""

import tempfile
from pathlib import Path

import pytest

from salaries.places import match_metros

WIDTHS = [360, 390]
SHOTS = Path(tempfile.gettempdir()) / "ux-phones-screenshots"


def phone(browser_page, width):
    return browser_page(phone=True, viewport={"width": width, "height": 800})


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def inside(box, width):
    return box is not None and box["x"] >= -0.5 and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_keeps_get_started_and_my_record_in_reach(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/")
    for name in ("Get Started", "My record", "Search", "Occupations", "Metros", "Methodology"):
        link = page.locator(".site-nav").get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert inside(box, width) and box["y"] < 120, (name, box)
    for row in page.locator(".site-nav ul").all():
        assert row.evaluate("e => e.scrollWidth <= e.clientWidth")
    no_sideways_scroll(page, width)
    shot(page, f"header-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_headline_figures_show_every_column(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/compare/?tracks=operations,nursing")
    cells = page.locator("#headline .stack-table tbody td")
    assert cells.count() >= 8
    for cell in cells.all():
        assert inside(cell.bounding_box(), width), cell.inner_text()
        assert cell.evaluate("e => getComputedStyle(e, '::before').content").strip('"')  # labelled
    no_sideways_scroll(page, width)
    page.locator("#headline").scroll_into_view_if_needed()
    shot(page, f"compare-headline-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_metro_s_track_table_shows_every_column(live_server, browser_page, page_snapshots, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/metros/39580/")
    rows = page.locator("table.metro-tracks tbody tr")
    assert rows.count() > 5
    for cell in rows.first.locator("td").all() + rows.last.locator("td").all():
        assert inside(cell.bounding_box(), width), cell.inner_text()
    assert "Rank at U.S. prices" in rows.first.locator("td").last.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    no_sideways_scroll(page, width)
    rows.first.scroll_into_view_if_needed()
    shot(page, f"metro-tracks-{width}")


def overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_s_chart_labels_are_whole_and_apart(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/compare/?tracks=operations,nursing,software-engineering")
    chart = page.locator("#pay .chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_selector("#pay .chart .textpoint text", state="attached", timeout=20_000)
    svg = chart.locator("svg.main-svg").first.bounding_box()
    labels = [text for text in chart.locator(".textpoint text").all() if text.text_content().strip()]
    assert {label.text_content() for label in labels} >= {"10th", "median", "90th"}
    boxes = [label.bounding_box() for label in labels]
    for label, box in zip(labels, boxes, strict=True):
        name = label.text_content()
        assert box["x"] >= svg["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"], name
        assert box["y"] >= svg["y"] and box["y"] + box["height"] <= svg["y"] + svg["height"], (
            label.text_content()
        )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlap(a, b), (a, b)
    # Nothing clips them: the traces draw their text outside the plot's clip path.
    assert chart.evaluate("e => e.data.every(t => t.cliponaxis === false)")
    shot(page, f"compare-chart-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_back_to_top_covers_no_content_and_chips_show_units(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/tracks/operations/")
    notes = page.locator('.chip-list[aria-label^="Skills"] .chip-note').all()
    assert notes and all(note.inner_text().endswith(" pts") for note in notes)
    assert "importance scale" in page.locator(".chip-legend").inner_text()
    for y in (2500, 6000, 9000):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(400)
        back = page.locator(".back-to-top.is-floating")
        assert back.is_visible()
        box, nav = back.bounding_box(), page.locator(".section-nav").bounding_box()
        assert inside(box, width)
        # It sits in the sticky section nav, which covers nothing of the section below it.
        assert box["y"] >= nav["y"] - 0.5 and box["y"] + box["height"] <= nav["y"] + nav["height"] + 0.5
    shot(page, f"back-to-top-{width}")
    no_sideways_scroll(page, width)


QUERIES = ["nyc", "dc", "bay area", "north carolina", "nc", "raleigh", "springfield", "new york",
           "washington", "carolina", "st louis", "char", "virginia"]  # fmt: skip


def test_the_metros_filter_box_agrees_with_the_server_s_matcher(live_server, browser_page, page_snapshots):
    page = phone(browser_page, 390)
    page.goto(f"{live_server.url}/metros/")
    items = page.locator("#metro-list li")
    names = dict(
        zip(
            items.evaluate_all("els => els.map(e => e.dataset.code)"),
            items.evaluate_all("els => els.map(e => e.dataset.name)"),
            strict=True,
        )
    )
    field = page.get_by_label("Find a metro area")
    for query in QUERIES:
        field.fill(query)
        shown = page.locator("#metro-list li:not([hidden])").evaluate_all(
            "els => els.map(e => e.dataset.code)"
        )
        assert shown == match_metros(query, names), query
    field.fill("north carolina")
    shown = page.locator("#metro-list li:not([hidden])").evaluate_all("els => els.map(e => e.dataset.name)")
    assert shown and all(", NC" in name or "-NC" in name for name in shown)
    field.fill("Atlantis")
    assert "No metro area matches “Atlantis”" in page.locator("#metro-filter-status").inner_text()
    assert field.input_value() == "Atlantis"
    shot(page, "metros-filter-390")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_track_picker_finds_aliases_and_says_when_nothing_matches(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/tracks/operations/")
    field = page.get_by_role("combobox", name="See this track in one metro area")
    field.fill("north carolina")
    options = page.get_by_role("listbox", name="Metro areas").get_by_role("option").all_inner_texts()
    assert options and all("NC" in option.rsplit(",", 1)[1] for option in options), options
    field.fill("zzzz")
    status = page.locator(".combobox-nomatch")
    assert status.is_visible() and "No metro area matches “zzzz”" in status.inner_text()
    assert field.input_value() == "zzzz"
    shot(page, f"track-picker-nomatch-{width}")
    field.fill("nyc")
    field.press("Enter")
    page.wait_for_url("**metro=35620**")
    assert page.locator("#metro-panel").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_moves_page_fits_a_phone_and_draws_its_chart(live_server, browser_page, width):
    page = phone(browser_page, width)
    page.goto(f"{live_server.url}/occupations/29-1141/moves/?metro=35620")
    assert "registered nurses can go next" in page.locator("h1").inner_text()
    assert page.locator(".moves-list .move").count() >= 10
    for line in page.locator(".move-line").all()[:10]:
        assert inside(line.bounding_box(), width), line.inner_text()
    page.locator(".move-more summary").first.click()
    for box in page.locator(".move-figures dd").all()[:6]:
        assert inside(box.bounding_box(), width), box.inner_text()
    chart = page.locator('[data-chart="chart-data-moves"]')
    chart.scroll_into_view_if_needed()
    page.wait_for_selector('[data-chart="chart-data-moves"][data-drawn="true"]')
    assert chart.locator("svg.main-svg").count() >= 1
    assert inside(chart.bounding_box(), width)
    no_sideways_scroll(page, width)
    shot(page, f"moves-{width}")
    # the occupation pages' phone budget: at most 12 screens of 844 px
    assert page.evaluate("document.documentElement.scrollHeight") <= 12 * 844

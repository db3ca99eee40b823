"""Charts on track pages in a real browser, at 360, 390, 768 and 1366 px wide (issue 10):

- Plotly is not requested before the reader scrolls (the page's first bytes stay small);
- each chart is drawn once scrolled into view, in a box whose height does not change when it is drawn
  (nothing below it shifts);
- no text of any chart overlaps another text of that chart (the bounding box of every SVG text
  element: ticks, value labels, annotations, legend);
- nothing is logged to the console, not even a warning (Plotly's "MathJax is not loaded" included).

One page per width walks two tracks, so the whole module stays cheap.
"""

import pytest

from tests.browser.conftest import assert_clean
from tests.caches import clear_caches

TRACKS = ["operations", "healthcare"]
WIDTHS = {
    360: {"phone": True, "viewport": {"width": 360, "height": 780}},
    390: {"phone": True},  # 390 x 844
    768: {"viewport": {"width": 768, "height": 1024}},
    1366: {"viewport": {"width": 1366, "height": 768}},
}
ROOT_MARGIN_PX = 300  # charts.js starts loading Plotly when a chart comes this close

# Every visible, non-empty <text> of the chart's SVG layers, and each pair whose boxes overlap by more
# than a pixel each way.
OVERLAPS = """
container => {
  const boxes = [];
  for (const node of container.querySelectorAll("svg text")) {
    const text = node.textContent.trim();
    if (!text) continue;
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0") continue;
    const r = node.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    boxes.push({text, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i], b = boxes[j];
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > 1 && dy > 1) {
        overlaps.push(`"${a.text}" overlaps "${b.text}" (${dx.toFixed(1)} x ${dy.toFixed(1)} px)`);
      }
    }
  }
  return {count: boxes.length, overlaps};
}
"""
# Chart boxes that are rendered (a chart folded inside a closed <details> is drawn once opened).
BOXES = """
() => Array.from(document.querySelectorAll("[data-chart]"))
  .filter(node => node.getClientRects().length > 0 && !node.closest("details:not([open])"))
  .map(node => ({id: node.dataset.chart, top: node.getBoundingClientRect().top + scrollY,
                 height: node.getBoundingClientRect().height}))
"""


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def plotly_requests(page, since: int) -> list[str]:
    return [url for url in page.requests[since:] if "plotly" in url]


def check_track(page, base: str, slug: str, width: int) -> list[str]:
    """Open one track page and walk its charts; return every problem found (empty when all is well)."""
    problems = []
    since = len(page.requests)  # this page's requests only (the browser page walks several tracks)
    page.goto(f"{base}/tracks/{slug}/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # give the observer its first callback
    boxes = page.evaluate(BOXES)
    assert boxes, f"{slug}: no chart on the page"
    near = [b["id"] for b in boxes if b["top"] < page.viewport_size["height"] + ROOT_MARGIN_PX]
    if WIDTHS[width].get("phone"):  # on a phone the first screen is text: its first bytes stay small
        assert near == [], f"{slug} at {width}px: a chart is in the first screen"
    if near:  # a chart in (or just below) the first screen: Plotly loads at once, for that chart only
        page.wait_for_selector(f'[data-chart="{near[0]}"][data-drawn="true"]')
        early = [
            b["id"]
            for b in boxes
            if b["id"] not in near and page.locator(f'[data-chart="{b["id"]}"][data-drawn]').count()
        ]
        assert early == [], f"{slug} at {width}px: drawn before being scrolled near: {early}"
    else:
        assert plotly_requests(page, since) == [], f"{slug} at {width}px: Plotly requested before scrolling"
        assert page.evaluate("typeof window.Plotly") == "undefined"
        assert page.locator("[data-chart][data-drawn]").count() == 0

    for box in boxes:
        chart = page.locator(f'[data-chart="{box["id"]}"]')
        chart.scroll_into_view_if_needed()
        page.wait_for_selector(f'[data-chart="{box["id"]}"][data-drawn="true"]')
        assert chart.locator("svg.main-svg").count() >= 1, box["id"]
        height = chart.bounding_box()["height"]
        if abs(height - box["height"]) > 0.5:
            problems.append(
                f"{slug} {box['id']} at {width}px: box {box['height']}px before drawing, {height}px after"
            )
        found = chart.evaluate(OVERLAPS)
        assert found["count"] > 0, f"{slug} {box['id']}: no SVG text found"
        problems += [f"{slug} {box['id']} at {width}px: {o}" for o in found["overlaps"]]
    folded = page.eval_on_selector_all(
        "details:not([open]) [data-chart]", "nodes => nodes.map(n => n.dataset.chart)"
    )
    for chart_id in folded:  # a folded chart (the ladder on a phone) is drawn once opened
        chart = page.locator(f'[data-chart="{chart_id}"]')
        chart.locator("xpath=ancestor::details[not(@open)]").first.locator(":scope > summary").click()
        chart.scroll_into_view_if_needed()
        page.wait_for_selector(f'[data-chart="{chart_id}"][data-drawn="true"]')
        found = chart.evaluate(OVERLAPS)
        assert found["count"] > 0, f"{slug} {chart_id}: no SVG text found in a folded chart"
        problems += [f"{slug} {chart_id} (folded) at {width}px: {o}" for o in found["overlaps"]]
    assert len(plotly_requests(page, since)) == 1, plotly_requests(page, since)  # once, for every chart
    return problems


@pytest.mark.parametrize("width", list(WIDTHS))
def test_charts_load_late_keep_their_boxes_and_no_text_overlaps(live_server, browser_page, width):
    page = browser_page(**WIDTHS[width])
    warnings = []
    page.on("console", lambda m: m.type in {"warning", "error"} and warnings.append(f"{m.type}: {m.text}"))
    problems = []
    for slug in TRACKS:
        problems += check_track(page, live_server.url, slug, width)
    assert problems == [], "\n".join(problems)
    assert warnings == [], warnings
    assert_clean(page)

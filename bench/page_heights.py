"""Height of every published track page on a phone, in screens of 390×844 (the issue's budget: 12).

    .venv/bin/python bench/page_heights.py http://127.0.0.1:8000 [--width 390] [--slug operations ...]

Against a running server (``make serve`` or gunicorn). The published tracks come from the server's own
/sitemap.xml (every /tracks/<slug>/ it lists) unless ``--slug`` names some. Each page is loaded in
Debian's Chromium (Playwright, a phone context: touch, device scale 2), every request off the server's
origin is blocked, and the document's height is read once the page has loaded and settled (charts
drawn, if they are drawn). Prints one line per track and the min/max in screens; exits 1 if any page is
over the budget.
"""

import argparse
import re
import sys
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
BUDGET_SCREENS = 12


def published_slugs(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/sitemap.xml", timeout=60) as response:
        xml = response.read().decode()
    return sorted(set(re.findall(r"/tracks/([a-z0-9-]+)/</loc>", xml)))


def document_height(page) -> int:
    return page.evaluate(
        "Math.max(document.documentElement.scrollHeight, document.body.scrollHeight, "
        "document.documentElement.offsetHeight)"
    )


def measure(base: str, slugs: list[str], width: int, height: int) -> dict[str, int]:
    origin = urlsplit(base).netloc
    heights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).netloc == origin or route.request.url.startswith("data:")
                else route.abort()
            ),
        )
        page = context.new_page()
        for slug in slugs:
            page.goto(f"{base}/tracks/{slug}/", wait_until="load", timeout=120_000)
            page.wait_for_timeout(300)
            heights[slug] = document_height(page)
        browser.close()
    return heights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--slug", action="append", help="measure only these tracks")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    slugs = args.slug or published_slugs(base)
    if not slugs:
        print("no published tracks found in the sitemap", file=sys.stderr)
        return 2
    heights = measure(base, slugs, args.width, args.height)
    budget = BUDGET_SCREENS * args.height
    for slug, px in sorted(heights.items(), key=lambda item: -item[1]):
        flag = "" if px <= budget else "  OVER BUDGET"
        print(f"{slug:32} {px:7,d} px  {px / args.height:5.2f} screens{flag}")
    values = list(heights.values())
    print(
        f"{len(values)} tracks at {args.width}x{args.height}: min {min(values) / args.height:.2f}, "
        f"max {max(values) / args.height:.2f} screens (budget {BUDGET_SCREENS}, {budget:,} px)"
    )
    return 0 if max(values) <= budget else 1


if __name__ == "__main__":
    sys.exit(main())

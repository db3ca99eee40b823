"""Real-browser fixtures: Debian's Chromium driven by Playwright for Python, against pytest-django's
live server. Reuse them in any tests/browser/ module:

    def test_something(live_server, browser_page):
        page = browser_page()                      # desktop, 1280x900; browser_page(phone=True) for a phone
        page.goto(live_server.url + "/")
        ...
        save_screenshot(page, "home-desktop")      # -> test-artifacts/screenshots/home-desktop.png

Every page made by ``browser_page`` records console errors, uncaught page errors, failed responses
(status >= 400) and every request URL, and blocks any request that would leave localhost. When the test
ends the fixture fails it if any of those happened (``page.problems`` lists them; call
``assert_clean(page)`` to check earlier). Nothing is ever downloaded from the network: Playwright's own
browsers are not used (never run ``playwright install``).
"""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {  # a mid-size phone: 390 CSS pixels wide, touch, high-density screen
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
_saved: list[Path] = []


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.federal)  # real pages of the real catalogue and data
            if shutil.which(CHROMIUM) is None:
                item.add_marker(pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM}"))


def pytest_terminal_summary(terminalreporter):
    if _saved:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(_saved)} screenshot(s) saved in {SCREENSHOT_DIR}")


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS or f"[{parts.hostname}]" in LOCAL_HOSTS


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (Playwright's sync API allows one driver per thread at a
    time, so the driver is stopped at the end of each module)."""
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def assert_clean(page) -> None:
    """No console error, page error, failed response or request that left localhost so far."""
    assert page.problems == [], "\n".join(page.problems)
    outside = [url for url in page.requests if not is_local(url)]
    assert outside == [], f"requests left localhost: {outside}"


@pytest.fixture
def browser_page(chromium):
    """A factory of recording pages: ``browser_page()`` (desktop) or ``browser_page(phone=True)``."""
    contexts = []
    pages = []

    def make(*, phone: bool = False, **options):
        context = chromium.new_context(accept_downloads=True, **{**(PHONE if phone else DESKTOP), **options})
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.requests = []

        def route(request_route):
            if is_local(request_route.request.url):
                request_route.continue_()
            else:
                request_route.abort()

        context.route("**/*", route)
        page.on("request", lambda request: page.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and page.problems.append(f"console error: {message.text} at {message.location}")
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and page.problems.append(f"HTTP {response.status} for {response.url}")
            ),
        )
        pages.append(page)
        return page

    yield make
    try:
        for page in pages:
            assert_clean(page)
    finally:
        for context in contexts:
            context.close()


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG under test-artifacts/screenshots/ and print where it went."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    _saved.append(path)
    print(f"screenshot: {path}")
    return path


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")`` saves test-artifacts/screenshots/name.png."""
    return save_screenshot

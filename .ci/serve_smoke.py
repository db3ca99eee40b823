"""Smoke run of `make serve` as a newcomer types it: start the site, request one page of every kind, sign
up and see the task worker print the confirmation email, then stop everything.

Usage (from the project folder):  python3 .ci/serve_smoke.py [--port 8765] [--start-timeout 900]
Exits non-zero, with the server's log, when a page answers an error or the email never comes.
Standard library only: it runs before the project's virtualenv exists.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "smoke-newcomer@example.org"
PASSWORD = "Lantern-quarry-47-smoke"


class Site:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")


def first(pattern: str, text: str, what: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise AssertionError(f"no {what} found")
    return html.unescape(found.group(1))


def wait_until_up(site: Site, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"make serve exited with {server.returncode} before answering")
        try:
            if site.get("/ping")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(2)
    raise AssertionError(f"the site did not answer within {timeout:.0f} s")


def pages_of_every_kind(site: Site) -> list[tuple[str, int]]:
    """(path, status) for one page of every kind, following links the way a reader would."""
    seen = []

    def visit(path: str) -> str:
        status, body = site.get(path)
        seen.append((path, status))
        return body

    home = visit("/")
    track = first(r'href="(/tracks/[a-z0-9-]+/)"', home, "track link on the home page")
    track_page = visit(track)
    visit(first(r'href="([^"]+\.csv)"', track_page, "CSV link on a track page"))
    metro_code = first(r'<option value="(\d{5})"', track_page, "metro option on a track page")
    visit(f"{track}?metro={metro_code}")
    visit("/tracks.csv")
    results = visit("/search/?q=registered+nurse")
    occupation = first(r'href="(/occupations/\d\d-\d{4}/)"', results, "occupation in the search results")
    visit("/occupations/")
    occupation_page = visit(occupation)
    visit(first(r'href="([^"]+\.csv)"', occupation_page, "CSV link on an occupation page"))
    metros = visit("/metros/")
    metro = first(r'href="(/metros/\d{5}/)"', metros, "metro link")
    visit(metro)
    visit(metro + "data/tracks.csv")
    visit("/states/NC/")
    slugs = re.findall(r'href="/tracks/([a-z0-9-]+)/"', home)
    visit(f"/compare/?tracks={slugs[0]},{slugs[1]}")
    for path in ("/methodology/", "/sitemap.xml", "/robots.txt", "/healthz", "/get-started/"):
        visit(path)
    visit("/accounts/login/")
    visit("/admin/login/")
    return seen


def sign_up(site: Site) -> int:
    site.get("/accounts/signup/")
    status, _ = site.post(
        "/accounts/signup/",
        {
            "csrfmiddlewaretoken": site.csrf_token(),
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return status


def wait_for_email(log: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if f"To: {EMAIL}" in text and "/accounts/confirm-email/" in text:
            return True
        time.sleep(1)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--start-timeout", type=float, default=900)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    log = Path(tempfile.mkstemp(prefix="make-serve-", suffix=".log")[1])
    started = time.monotonic()
    with log.open("w") as out:
        server = subprocess.Popen(
            ["make", "serve", f"PORT={args.port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    site = Site(f"http://127.0.0.1:{args.port}")
    problems = []
    try:
        wait_until_up(site, server, args.start_timeout)
        print(f"make serve answered after {time.monotonic() - started:.0f} s")
        for path, status in pages_of_every_kind(site):
            print(f"  {status} {path}")
            if status != 200:
                problems.append(f"{status} {path}")
        status = sign_up(site)
        print(f"  {status} sign-up")
        if status not in (200, 302):
            problems.append(f"sign-up answered {status}")
        elif not wait_for_email(log, 60):
            problems.append("the task worker printed no confirmation email within 60 s")
        else:
            print("  the task worker printed the confirmation email")
    except AssertionError as error:
        problems.append(str(error))
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    if problems:
        print("make serve smoke run failed:\n  " + "\n  ".join(problems))
        print("--- the end of make serve's output ---")
        print(log.read_text(errors="replace")[-6000:])
        return 1
    print(f"make serve smoke run passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

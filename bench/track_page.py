"""Time a track page, cold and cached, against the minimal Django view on the same server.

    .venv/bin/python bench/track_page.py [--requests 200] [--database-url URL]

Starts one gunicorn worker (production settings: DEBUG off, cached templates, WhiteNoise) on a free
loopback port against an already loaded database (default: ``DATABASE_URL``, else the project's
``db.sqlite3`` as ``make serve`` leaves it), then measures, one request at a time:

- ``/ping``: the smallest Django view (no database, no template), the baseline;
- cold track pages: the first request for each published track after the server starts (nothing
  cached: every query and every figure is computed);
- cold metro views: the first request for a few ``?metro=`` views;
- cached track pages: the same page requested again and again.

It prints median and 90th-percentile latency and the ratio of each to ``/ping``. Nothing leaves the
machine; the server is stopped at the end.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
METROS = ["35620", "41940", "16980", "12060", "19100"]  # New York, San Jose, Chicago, Atlanta, Dallas


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> float:
    """Seconds for one full GET (connect, response, body); fails on anything but 200."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return time.perf_counter() - start


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not come up at {url}")


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "median_ms": statistics.median(ordered) * 1000,
        "p90_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] * 1000,
    }


def published_slugs(env: dict) -> list[str]:
    code = (
        "import django, json; django.setup(); from tracks.models import Track; "
        "print(json.dumps(list(Track.objects.published().order_by('slug').values_list('slug', flat=True))))"
    )
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="requests for /ping and for the cached page"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    )
    parser.add_argument("--track", default="operations", help="the track whose cached page is timed")
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careers.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": args.database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",  # one process: one cache, timings not shared with other workers
        "GUNICORN_ACCESS_LOG": os.devnull,
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    env.pop("REDIS_URL", None)  # local-memory cache inside the one worker
    slugs = published_slugs(env)
    if not slugs:
        raise SystemExit("No published tracks in that database: run `make serve` (or load the data) first.")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "careers.wsgi"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/ping")
        for _ in range(20):  # warm up the connection path and Python's caches
            fetch(f"{base}/ping")
        ping = [fetch(f"{base}/ping") for _ in range(args.requests)]
        cold = [fetch(f"{base}/tracks/{slug}/") for slug in slugs]
        cold_metro = [fetch(f"{base}/tracks/{args.track}/?metro={code}") for code in METROS]
        cached = [fetch(f"{base}/tracks/{args.track}/") for _ in range(args.requests)]
        cached_metro = [fetch(f"{base}/tracks/{args.track}/?metro={METROS[0]}") for _ in range(args.requests)]
        ping_after = [fetch(f"{base}/ping") for _ in range(args.requests)]
    finally:
        server.terminate()
        server.wait(timeout=30)

    baseline = summary(ping + ping_after)
    rows = [
        ("/ping (minimal Django view)", baseline),
        (f"track page, cold ({len(slugs)} tracks, first request each)", summary(cold)),
        (f"metro view, cold ({len(METROS)} metros of {args.track})", summary(cold_metro)),
        (f"track page, cached (/tracks/{args.track}/)", summary(cached)),
        (f"metro view, cached (?metro={METROS[0]})", summary(cached_metro)),
    ]
    print(f"\nOne gunicorn worker, DEBUG off, database {args.database_url.split('@')[-1]}")
    print(f"{'':58} {'n':>5} {'median':>10} {'p90':>10} {'x ping':>8}")
    for label, stats in rows:
        ratio = stats["median_ms"] / baseline["median_ms"]
        median, p90 = stats["median_ms"], stats["p90_ms"]
        print(f"{label:58} {stats['n']:>5} {median:>8.1f}ms {p90:>8.1f}ms {ratio:>7.1f}x")


if __name__ == "__main__":
    main()

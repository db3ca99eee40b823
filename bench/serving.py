"""Serving throughput: pages served from snapshots and the full-response cache, against ``/ping``.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python bench/serving.py \
        [--duration 10] [--connections 32]

One gunicorn (the project's ``gunicorn.conf.py``: its worker count, DEBUG off) on PostgreSQL and Redis,
an already loaded and built database (``load_workforce_data``, ``load_tracks``), and ``wrk`` on
loopback, all in one run:

1. cold track pages: the cache is emptied, then the first request for each published track, one at a
   time (loopback time to the last byte, an upper bound on the server's time);
2. ``/ping``, the smallest Django view: the baseline;
3. a cached track page (the same URL again and again);
4. a cache-busting mix of metro views: 4 tracks x 120 metros, each wrk thread walking the list from
   its own starting point (every URL is a lookup into stored panels, rendered once, then cached);
5. distinct comparisons: ``/compare/?tracks=a&tracks=b`` for every ordered pair of published tracks,
   walked the same way (each URL a cache miss the first time: the tracks' compare snapshots and the
   stored menus read, the page rendered);
6. the same comparisons in one metro each (``&metro=<CBSA>``, one metro page's snapshot read too);
7. a static file (WhiteNoise);
8. ``/ping`` again (the baseline is the mean of both runs).

Every wrk run sends ``Accept-Encoding: br, gzip`` as browsers do. It prints requests per second,
p50 and p99 latency and the ratio of requests per second to ``/ping``. The server is stopped at the
end; nothing leaves the machine.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import free_port, production_env, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MIX_TRACKS = 4
MIX_METROS = 120
MAX_COMPARISONS = 40_000
STATIC_PATH = "/static/css/site.css"
ACCEPT_ENCODING = "br, gzip"


def fetch(url: str) -> float:
    """Seconds for one full GET (connect, response, body); fails on anything but 200."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return time.perf_counter() - start


def django(env: dict, code: str) -> str:
    out = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup()\n{code}"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def catalogue(env: dict) -> dict:
    """Published slugs, and for the first MIX_TRACKS tracks their first MIX_METROS stored metro codes."""
    code = (
        "import json\n"
        "from pages.models import Snapshot\n"
        "from tracks.models import Track\n"
        "published = set(Track.objects.published().values_list('slug', flat=True))\n"
        "codes = {}\n"
        "rows = Snapshot.objects.filter(kind='track_metro').order_by('key')\n"
        "for key in rows.values_list('key', flat=True):\n"
        "    slug, code = key.split('/')\n"
        "    if slug in published:\n"
        "        codes.setdefault(slug, []).append(code)\n"
        "print(json.dumps(dict(sorted(codes.items()))))"
    )
    return json.loads(django(env, code))


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_TOTAL = re.compile(r"(\d+) requests in")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, duration: int, connections: int, script: str | None = None) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
    ]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx or 3xx responses" in out:
        raise SystemExit(f"wrk saw errors for {url}:\n{out}")
    # wrk --latency prints the 50/75/90/99% lines of the "Latency Distribution" block.
    percentiles = {p: float(v) * UNIT_MS[u] for p, v, u in WRK_PERCENTILE.findall(out)}
    return {
        "rps": float(WRK_LINE.search(out).group(1)),
        "requests": int(WRK_TOTAL.search(out).group(1)),
        "p50_ms": percentiles.get("50"),
        "p99_ms": percentiles.get("99"),
    }


def mix_script(paths: list[str], directory: Path, name: str = "metro_mix") -> str:
    """A wrk Lua script: each wrk thread cycles through ``paths`` from its own starting point."""
    body = ",\n".join(json.dumps(p) for p in paths)
    script = directory / f"{name}.lua"
    script.write_text(
        f"local paths = {{\n{body}\n}}\n"
        "local counter = 0\n"
        "setup = function(thread) counter = counter + 1; thread:set('offset', counter * 997) end\n"
        "local i = nil\n"
        "request = function()\n"
        "  if i == nil then i = (offset or 0) % #paths end\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n",
        encoding="utf-8",
    )
    return str(script)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--track", default="operations", help="the track whose cached page is timed")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres") or not args.redis_url.startswith("redis"):
        raise SystemExit(
            "Set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis): this measures production serving."
        )
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk).")

    port = free_port()
    env = production_env(port, args.database_url, REDIS_URL=args.redis_url, GUNICORN_MAX_REQUESTS="0")
    built = catalogue(env)
    if args.track not in built:
        raise SystemExit(
            f"No snapshot for {args.track!r}: load the data and run `manage.py build_snapshots`."
        )
    mix_tracks = [args.track, *[slug for slug in built if slug != args.track]][:MIX_TRACKS]
    mix = [f"/tracks/{slug}/?metro={code}" for slug in mix_tracks for code in built[slug][:MIX_METROS]]
    # Every ordered pair of tracks, then ordered triples: more URLs than a run can ask for, so each
    # request is a comparison not asked before (wrk's request count is printed beside the URL count).
    slugs = sorted(built)
    pairs = [(a, b) for a in slugs for b in slugs if a != b]
    triples = [(a, b, c) for a, b in pairs for c in slugs if c not in (a, b)]
    comparisons = [
        "/compare/?" + "&".join(f"tracks={slug}" for slug in picked) for picked in [*pairs, *triples]
    ][:MAX_COMPARISONS]
    metros = built[args.track][:MIX_METROS]
    in_metros = [f"{path}&metro={metros[i % len(metros)]}" for i, path in enumerate(comparisons)]
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )
    # cold: no page, no generation (the pages alias is its own cache when REDIS_PAGES_URL is set)
    django(env, "from django.core.cache import caches; caches['default'].clear(); caches['pages'].clear()")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "careers.wsgi"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    workers = django(env, "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])")
    try:
        wait_until_up(f"{base}/ping")
        for _ in range(50):
            fetch(f"{base}/ping")
        cold = [fetch(f"{base}/tracks/{slug}/") for slug in built]
        run = {"duration": args.duration, "connections": args.connections}
        with tempfile.TemporaryDirectory() as tmp:
            results = [
                ("/ping", wrk(f"{base}/ping", **run)),
                (f"cached track page /tracks/{args.track}/", wrk(f"{base}/tracks/{args.track}/", **run)),
                (
                    f"metro mix ({len(mix_tracks)} tracks x {MIX_METROS} metros = {len(mix)} URLs)",
                    wrk(base, script=mix_script(mix, Path(tmp)), **run),
                ),
                (
                    f"distinct comparisons ({len(comparisons)} URLs: pairs, triples)",
                    wrk(base, script=mix_script(comparisons, Path(tmp), "compare_mix"), **run),
                ),
                (
                    f"distinct comparisons in a metro ({len(in_metros)} URLs)",
                    wrk(base, script=mix_script(in_metros, Path(tmp), "compare_metro_mix"), **run),
                ),
                (f"static file {STATIC_PATH}", wrk(f"{base}{STATIC_PATH}", **run)),
                ("/ping (again)", wrk(f"{base}/ping", **run)),
            ]
    finally:
        server.terminate()
        server.wait(timeout=30)

    ping_rps = (results[0][1]["rps"] + results[-1][1]["rps"]) / 2
    print(
        f"\ngunicorn ({workers} sync workers, gunicorn.conf.py), DEBUG off, PostgreSQL + Redis; "
        f"wrk {args.connections} connections, {args.duration} s per run, Accept-Encoding: {ACCEPT_ENCODING}"
    )
    print(f"{'':58} {'req/s':>9} {'p50':>9} {'p99':>9} {'x /ping':>8} {'requests':>9}")
    for label, stats in results:
        print(
            f"{label:58} {stats['rps']:>9.0f} {stats['p50_ms']:>7.2f}ms {stats['p99_ms']:>7.2f}ms "
            f"{stats['rps'] / ping_rps:>7.2f}x {stats['requests']:>9}"
        )
    ordered = sorted(cold)
    print(
        f"\ncold track page (cache emptied, first request of each of {len(cold)} tracks, one at a time): "
        f"median {statistics.median(ordered) * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()

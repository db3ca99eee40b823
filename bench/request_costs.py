"""What one request costs inside Django, with no HTTP server or client around it.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python bench/request_costs.py \
        [--requests 2000] [--profile]

It uses production settings (DEBUG off) on an already loaded and built database (as for ``serving.py``)
and calls Django's WSGI handler in this process. The page cache is emptied, and each kind of request is
timed over ``--requests`` calls:

- ``/ping``;
- a stored track page;
- new comparisons (every one a page-cache miss: ``/compare/?tracks=a&tracks=b`` and triples);
- the same comparisons again (all stored).

It prints the mean milliseconds per request for each. ``serving.py`` measures the whole stack under
load; this one shows where a change moved a request's own cost. ``--profile`` then prints cProfile's
top functions over the new comparisons.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import ROOT, production_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url.startswith("redis"):
        raise SystemExit(
            "Set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis): this measures production settings."
        )
    os.environ.update(production_env(0, database_url, REDIS_URL=redis_url))
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command

    from tracks.models import Track

    call_command("collectstatic", interactive=False, verbosity=0)
    app = WSGIHandler()

    def get(path: str) -> None:
        path_info, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_ENCODING": "br, gzip",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        body = app(environ, lambda status, headers, *rest: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{path} answered {statuses[0]}")

    slugs = sorted(Track.objects.published().values_list("slug", flat=True))
    if len(slugs) < 3:
        raise SystemExit("Load the data first (load_workforce_data, load_tracks, build_snapshots).")
    pairs = [(a, b) for a in slugs for b in slugs if a != b]
    triples = [(a, b, c) for a, b in pairs for c in slugs if c not in (a, b)]
    comparisons = ["/compare/?" + "&".join(f"tracks={s}" for s in picked) for picked in [*pairs, *triples]]
    if len(comparisons) < args.requests + 300:
        raise SystemExit(f"Only {len(comparisons)} comparisons: ask for fewer --requests.")
    track = f"/tracks/{slugs[0]}/"

    caches["pages"].clear()
    for _ in range(200):  # warm: connections, imports, the markup of each shape
        get("/ping")
        get(track)
    for path in comparisons[-300:]:
        get(path)

    def timed(label: str, paths: list[str]) -> None:
        started = time.perf_counter()
        for path in paths:
            get(path)
        print(f"{label:<44} {(time.perf_counter() - started) / len(paths) * 1000:7.3f} ms")

    n = args.requests
    print(f"one process, production settings, PostgreSQL + Redis, {n} requests each, mean per request:")
    timed("/ping", ["/ping"] * n)
    timed(f"stored track page {track}", [track] * n)
    timed("new comparisons (each a page-cache miss)", comparisons[:n])
    timed("the same comparisons again (stored)", comparisons[:n])
    if args.profile:
        caches["pages"].clear()
        profile = cProfile.Profile()
        profile.enable()
        for path in comparisons[:n]:
            get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()

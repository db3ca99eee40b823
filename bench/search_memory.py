"""Resident memory per gunicorn worker, and each worker's first search, with the job-title search index.

    DATABASE_URL=postgres://... .venv/bin/python bench/search_memory.py [--workers 5] [--scales 1,10]
        [--modes shared,cold,process] [--searches 20]

Needs the snapshots built (``manage.py build_snapshots``). For each scale (1: the stored index; 10:
ten times the titles, every title again with the suffixes " 2" to " 10") the script stores that index
(as a rebuild does; the original row is stored again at the end) and, for each mode, starts gunicorn
(``gunicorn.conf.py``, production settings, ``--workers`` workers, a free loopback port):

- ``shared``: the index file is written when the index is stored (a rebuild), in a fresh
  ``SEARCH_INDEX_DIR``; every worker maps that one file (the design since December 2026);
- ``cold``: the same, but the file is missing when the server starts: gunicorn's master writes it
  from the stored row before it forks the workers (``when_ready``), so the cost shows in the time the
  server takes to come up;
- ``process``: ``SEARCH_INDEX_DIR`` empty: each worker reads the row into its own memory (the design
  before).

Distinct queries are sent from as many threads as workers until every worker has answered a search (the
access log names the worker's pid and the time it took: the first search's latency), then
``--searches`` more per worker. Memory is read from ``/proc/<pid>/smaps_rollup`` (Linux) before the first
search and after the last: RSS, PSS (shared pages divided among the processes sharing them) and USS
(pages only this worker holds: Private_Clean + Private_Dirty). Timeouts are lifted (statement timeout,
request deadline, gunicorn's 30 s) so a slow first load is measured rather than cut off.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import PYTHON, ROOT, free_port, production_env, run, wait_until_up  # noqa: E402

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")  # storing ten times the titles takes a while
WORDS = ["nurse", "developer", "manager", "teacher", "engineer", "analyst", "technician", "driver"]
TYPOS = ["nurce", "devloper", "managr", "teachr", "enginer", "analist", "technican", "drivr"]


def smaps(pid: int) -> dict[str, int]:
    """RSS, PSS and USS of a process, in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def scaled_payload(payload: dict, scale: int) -> dict:
    from pages.search import index as search

    titles = [tuple(entry) for entry in payload["entries"]]
    copies = range(2, scale + 1)
    titles += [(f"{t} {copy}", kind, code, slug) for copy in copies for t, kind, code, slug in titles]
    return search.build_payload(titles=titles, occupations=payload["occupations"], tracks=payload["tracks"])


def store_index(payload: dict) -> str:
    from django.db import transaction

    from pages.search import store
    from salaries.generation import bump_generation

    with transaction.atomic():
        version = store.save_payload(payload)
        bump_generation("bench: search index")
    return version


def search_round(base: str, queries: list[str]) -> None:
    def get(query):
        url = f"{base}/search/?{urllib.parse.urlencode({'q': query})}"
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
            assert response.status == 200, response.status

    threads = [threading.Thread(target=get, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def searches_by_worker(log: Path) -> dict[int, list[float]]:
    """Worker pid -> the times (ms) of the searches it answered, in order."""
    found: dict[int, list[float]] = {}
    for line in log.read_text().splitlines():
        pid, path, micros = line.split()[:3]
        if path == "/search/":
            found.setdefault(int(pid.strip("<>")), []).append(int(micros) / 1000)
    return found


def measure(mode: str, workers: int, searches: int, folder: Path, database_url: str) -> dict:
    port = free_port()
    log = folder.parent / f"access-{mode}.log"
    log.write_text("")
    env = production_env(
        port,
        database_url,
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG=str(log),
        GUNICORN_TIMEOUT="600",
        GUNICORN_MAX_REQUESTS="0",
        DATABASE_STATEMENT_TIMEOUT_MS="0",
        DATABASE_REQUEST_DEADLINE_SECONDS="0",
        SEARCH_INDEX_DIR="" if mode == "process" else str(folder),
    )
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "careers.wsgi", "--access-logformat", "%(p)s %(U)s %(D)s %(s)s"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        wait_until_up(f"{base}/ping", seconds=600)
        up = time.perf_counter() - started
        time.sleep(2)
        pids = children(server.pid)
        before = {pid: smaps(pid) for pid in pids}
        asked, round_ = 0, 0
        while set(searches_by_worker(log)) < set(pids) and round_ < 60:
            queries = [f"{WORDS[(asked + i) % len(WORDS)]} {asked + i}" for i in range(workers)]
            search_round(base, queries)
            asked, round_ = asked + workers, round_ + 1
        first = {pid: times[0] for pid, times in searches_by_worker(log).items()}
        for start in range(0, searches * workers, workers):
            search_round(base, [f"{TYPOS[(start + i) % len(TYPOS)]} {start + i}" for i in range(workers)])
        after = {pid: smaps(pid) for pid in pids}
        later = [t for times in searches_by_worker(log).values() for t in times[1:]]
        return {
            "mode": mode,
            "up": up,
            "workers": len(pids),
            "answered": len(first),
            "master": smaps(server.pid),
            "before": before,
            "after": after,
            "first": first,
            "later": later,
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


def kb(values) -> str:
    return f"{statistics.median(values) / 1024:,.1f}"


def report(scale: int, entries: int, file_size: int, result: dict) -> str:
    after, before = result["after"].values(), result["before"].values()
    first = sorted(result["first"].values())
    later = sorted(result["later"]) or [0.0]
    return (
        f"| {scale}x ({entries:,} titles) | {result['mode']} | {result['answered']}/{result['workers']} "
        f"| {kb(v['uss'] for v in before)} | {kb(v['uss'] for v in after)} | {kb(v['pss'] for v in after)} "
        f"| {kb(v['rss'] for v in after)} | {sum(v['uss'] for v in after) / 1024:,.1f} "
        f"| {file_size / 2**20:,.1f} | {first[0]:,.0f}–{first[-1]:,.0f} "
        f"| {statistics.median(later):,.1f} | {result['up']:,.1f} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--modes", default="shared,cold,process")
    parser.add_argument("--searches", type=int, default=20, help="searches per worker after the first")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database with the snapshots built")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], production_env(0, database_url))
    with tempfile.TemporaryDirectory(prefix="search-memory-") as tmp:
        folder = Path(tmp) / "search"
        os.environ["SEARCH_INDEX_DIR"] = str(folder)
        import django

        django.setup()
        from pages.search import store

        stored = store.stored_payload()
        if stored is None:
            raise SystemExit("no search index stored: run manage.py build_snapshots --kind search")
        original = stored[1]
        rows = [
            "| titles | mode | workers answered | USS before MB | USS after MB | PSS after MB | RSS after MB "
            "| USS all workers MB | index file MB | first search ms (fastest–slowest worker) "
            "| later searches median ms | server up s |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        try:
            for scale in [int(s) for s in args.scales.split(",")]:
                payload = original if scale == 1 else scaled_payload(original, scale)
                for mode in args.modes.split(","):
                    version = store_index(payload)  # writes the file on commit
                    path = store.index_path(version, folder)
                    file_size = path.stat().st_size
                    if mode == "cold":
                        path.unlink()
                    result = measure(mode, args.workers, args.searches, folder, database_url)
                    rows.append(report(scale, len(payload["entries"]), file_size, result))
                    print(rows[-1], flush=True)
        finally:
            store_index(original)
        print(f"\n{args.workers} workers, {args.searches} searches per worker after the first\n")
        print("\n".join(rows))


if __name__ == "__main__":
    main()

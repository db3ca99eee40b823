"""Time job-title search queries over the whole index (every O*NET, BLS, track and rung title).

    DATABASE_URL=... .venv/bin/python bench/search_bench.py [--repeat 5]

Loads the stored search index once (as a worker does after a rebuild), then runs a fixed list of real
queries (exact titles, prefixes, typos, abbreviations, junk) ``--repeat`` times each through
``SearchIndex.search`` and prints the median, p95 and max time per query. The goal is p95 <= 20 ms.
Needs the snapshots built (``manage.py build_snapshots --kind search``).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

QUERIES = [
    "nurse",
    "registered nurse",
    "rn",
    "lpn",
    "sofware developr",
    "software engineer",
    "product manager",
    "project manager",
    "acountant",
    "truck drivr",
    "data scientst",
    "electrician",
    "plumbr",
    "teacher",
    "elementary school teacher",
    "web developer",
    "ceo",
    "cfo",
    "hr manager",
    "pharmacist",
    "dental hygenist",
    "police oficer",
    "mechanical enginer",
    "cashier",
    "janitor",
    "paralegal",
    "lawyer",
    "financial analist",
    "developer software",
    "marketing",
    "operations manager",
    "welder",
    "carpenter",
    "chef",
    "barista",
    "ux designer",
    "graphic designer",
    "social worker",
    "physical therapist",
    "zzqxjvvk",
    "a",
    "manager",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from pages.search.selectors import search_index

    started = time.perf_counter()
    index = search_index()
    if index is None:
        sys.exit("No search index: run manage.py build_snapshots --kind search first.")
    titles, forms = index.size()
    print(
        f"index: {titles:,} titles, {forms:,} distinct forms, "
        f"loaded in {time.perf_counter() - started:.2f} s ({type(index).__name__})"
    )
    times = []
    for _ in range(args.repeat):
        for query in QUERIES:
            t = time.perf_counter()
            index.search(query)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{len(times)} queries: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
        f"max {times[-1]:.2f} ms (goal: p95 <= 20 ms)"
    )


if __name__ == "__main__":
    main()

"""Time the home chart's label placement (``pages.home.chart.place_labels``) for 24 to 960 tracks.

    .venv/bin/python bench/home_chart_bench.py [--before 6ada85d] [--sizes 24 60 ...] [--repeat 3]

"Before" is ``tracks/home_chart.py`` as committed at ``--before`` (default ``6ada85d``: every candidate
place checked against every label already placed and every marker), read with ``git show`` and loaded
as a module of its own; "after" is the working tree's. Both place the labels of the same made-up
tracks, built as the home page builds them (``TrackSummary`` rows, ``chart_points``, the frame of
``overview_figure``: the 220 px phone plotting area). The tracks are seeded and shaped like the
published catalogue: most between 1% and 9% growth and $55,000 and $115,000, about one in eight far
out (up to 26% and $180,000), jobs from 450,000 to 7.3 million. For each size it prints the median
time of one ``place_labels`` call, that time per track (flat when placement is linear), how many
numbers each placed and whether before and after placed every label identically. With ``--before ''`` only the
working tree is timed. Django is set up with the test settings (no database is used).
"""

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

SIZES = (24, 60, 120, 240, 480, 960)
MODULE = "tracks/home_chart.py"  # where the module lived before the pages/ app (pages/home/chart.py)
# The old module's imports, as the names it used live now.
OLD_IMPORTS = {
    "from salaries.charts import COLORS, CONFIG, FONT_FAMILY": (
        "from pages.charts.base import COLORS, CONFIG, FONT_FAMILY"
    ),
    "from salaries.statistics import format_dollars, format_percent_change": (
        "from pages.formatting import format_percent_change\n"
        "from salaries.statistics.wages import format_dollars"
    ),
    "from tracks.page.formatting import count": "from pages.formatting import count",
}


def module_at(commit: str, name: str):
    """``tracks/home_chart.py`` as committed at ``commit``, loaded as the module ``name``."""
    source = subprocess.run(
        ["git", "show", f"{commit}:{MODULE}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    for old, new in OLD_IMPORTS.items():
        source = source.replace(old, new)
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, f"{commit}:{MODULE}", "exec"), module.__dict__)
    return module


def summaries(size: int, seed: int) -> list:
    """``size`` made-up track summaries with all three figures, shaped like the published catalogue."""
    from pages.track.summary import TrackSummary
    from salaries.statistics.wages import Quantile

    rng = random.Random(seed)
    rows = []
    for i in range(size):
        if rng.random() < 0.125:  # far out: fast growth or high pay (data analytics, software)
            growth, pay = rng.uniform(9, 26), rng.uniform(100_000, 180_000)
        else:
            growth = min(max(rng.gauss(4.5, 2.6), -2.0), 12.0)
            pay = min(max(rng.lognormvariate(11.29, 0.2), 45_000), 150_000)  # around $80,000
        jobs = int(10 ** rng.uniform(5.65, 6.86))  # 450,000 to 7.3 million
        name = f"Track {i:04d}"
        rows.append(
            TrackSummary(
                slug=f"track-{i:04d}",
                name=name,
                title=f"Careers in {name}",
                url=f"/tracks/track-{i:04d}/",
                description="",
                occupation_titles=(),
                codes=(),
                median=Quantile(round(pay, -1)),
                jobs=jobs,
                growth=round(growth, 1),
            )
        )
    return rows


def placement(module, rows):
    """The points, the frame ``overview_figure`` places them in, and a call that places their labels."""
    points = module.chart_points(rows)
    x_range, y_range = module.axis_ranges(points)
    frame = module.Frame(x_range, y_range, module.NARROW_PLOT_PX)
    return lambda: module.place_labels(points, frame)


def timed(call, repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls (one call when the first takes over 2 s) and the result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        if times[0] > 2:
            break
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="6ada85d", help="commit of the old home_chart.py ('' for none)")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    import django

    django.setup()
    from pages.home import chart as after

    before = module_at(args.before, "home_chart_before") if args.before else None
    print(f"place_labels, median of {args.repeat} calls; before = {args.before or '-'}, after = working tree")
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    header = ["tracks", "before", "per track", "after", "per track", "numbered (before/after)", "same"]
    print("{:>6}  {:>10} {:>10}  {:>10} {:>10}  {:<24} {}".format(*header))
    for size in args.sizes:
        rows = summaries(size, args.seed)
        t_new, new = timed(placement(after, rows), args.repeat)
        placed = str(sum(label is not None for label in new))
        if before is not None:
            t_old, old = timed(placement(before, rows), args.repeat)
            columns = f"{t_old * 1e3:>8.1f}ms {t_old / size * 1e3:>8.2f}ms"
            placed = f"{sum(label is not None for label in old)}/{placed}"
            differ = sum(a != b for a, b in zip(old, new, strict=True))
            same = "yes" if not differ else f"no, {differ} labels differ"
        else:
            columns, same = f"{'-':>10} {'-':>10}", "-"
        print(
            f"{size:>6}  {columns}  {t_new * 1e3:>8.1f}ms {t_new / size * 1e3:>8.2f}ms"
            f"  {placed + f' of {size}':<24} {same}"
        )


if __name__ == "__main__":
    main()

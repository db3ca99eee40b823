"""Time ``track_pay`` before and after the tabulated mixture solver, for tracks of 6, 15 and 50 occupations.

    .venv/bin/python bench/statistics_bench.py [--before 9220f26] [--repeat 7]

"Before" is ``salaries/statistics.py`` as committed at ``--before`` (default ``9220f26``: G evaluated
knot by knot, bisection on Pareto segments), read with ``git show`` and loaded as a module of its own;
"after" is the working tree's (``salaries.statistics.wages`` and ``.mixture`` since the package split).
Both get the same made-up occupations shaped like OEWS rows (seeded: right-skewed percentiles rounded to
$10, some ties, about one in eight with its 90th or 75th percentile top-coded, as in the healthcare or
management tracks). For each size it prints the median time of one ``track_pay`` call (all five
quantiles) and of one median alone (what metro, industry and trend figures compute), before and after,
and checks that both give the same figures. No database.
"""

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import timeit
from functools import partial
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (6, 15, 50)
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")


def module_at(commit: str, name: str):
    """``salaries/statistics.py`` as committed at ``commit``, loaded as the module ``name``."""
    source = subprocess.run(
        ["git", "show", f"{commit}:salaries/statistics.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, f"{commit}:salaries/statistics.py", "exec"), module.__dict__)
    return module


def occupations(module, size: int, seed: int) -> list:
    """``size`` OEWS-shaped occupations built with ``module.WageDistribution``."""
    rng = random.Random(seed)
    top_code = module.TOP_CODE_ANNUAL
    rows = []
    for i in range(size):
        values = [rng.uniform(25_000, 110_000)]
        for _ in range(4):
            values.append(values[-1] * (1.0 if rng.random() < 0.05 else rng.uniform(1.08, 1.45)))
        values = [round(v, -1) for v in values]
        top_coded = set()
        if rng.random() < 0.125:  # pay near the top: the last one or two percentiles are '#'
            for p in PERCENTILES[rng.choice((3, 4)) :]:
                top_coded.add(p)
                values[PERCENTILES.index(p)] = None
        values = [v if v is None or v < top_code else None for v in values]
        top_coded |= {p for p, v in zip(PERCENTILES, values, strict=True) if v is None}
        rows.append(
            module.WageDistribution(
                f"{10 + i // 100:02d}-{i % 100:04d}",
                int(10 ** rng.uniform(2.5, 5.5)),
                *values,
                top_coded=frozenset(top_coded),
            )
        )
    return rows


def figures(pay) -> list:
    return [(q.value, q.top_coded) for q in pay.quantiles().values()]


def median_time(function, repeat: int) -> float:
    """Median seconds per call over ``repeat`` timings (each long enough to be measured)."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return statistics.median(t / number for t in timer.repeat(repeat=repeat, number=number))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="9220f26", help="commit of the old salaries/statistics.py")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    from salaries.statistics import mixture, wages

    after = SimpleNamespace(
        TOP_CODE_ANNUAL=wages.TOP_CODE_ANNUAL,
        PERCENTILE_LEVELS=wages.PERCENTILE_LEVELS,
        WageDistribution=wages.WageDistribution,
        track_pay=mixture.track_pay,
        mixture_quantile=mixture.mixture_quantile,
    )

    before = module_at(args.before, "statistics_before")
    print(
        f"track_pay, median of {args.repeat} timings per call; before = {args.before}, after = working tree"
    )
    print(f"{'occupations':>11}  {'':14}{'before':>10}  {'after':>10}  {'speed-up':>8}")
    for size in SIZES:
        old_rows, new_rows = occupations(before, size, args.seed), occupations(after, size, args.seed)
        old_pay, new_pay = before.track_pay(old_rows), after.track_pay(new_rows)
        if figures(old_pay) != figures(new_pay):
            sys.exit(f"{size} occupations: before {figures(old_pay)} but after {figures(new_pay)}")
        half = after.PERCENTILE_LEVELS["p50"]
        runs = {
            "all five": (partial(before.track_pay, old_rows), partial(after.track_pay, new_rows)),
            "median only": (
                partial(before.mixture_quantile, old_rows, half),
                partial(after.mixture_quantile, new_rows, half),
            ),
        }
        for label, (old, new) in runs.items():
            t_old, t_new = median_time(old, args.repeat), median_time(new, args.repeat)
            print(
                f"{size:>11}  {label:14}{t_old * 1e3:>8.2f}ms  {t_new * 1e3:>8.2f}ms  {t_old / t_new:>7.1f}x"
            )
        shown = ", ".join(q.display() for q in new_pay.quantiles().values())
        print(f"{'':>13}same figures before and after: {shown}")


if __name__ == "__main__":
    main()

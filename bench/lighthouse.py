"""Lighthouse, mobile profile, against a local gunicorn: the four scores, LCP, TBT, CLS and bytes.

    DATABASE_URL=postgres://... [REDIS_URL=redis://127.0.0.1:6379/N] .venv/bin/python bench/lighthouse.py \\
        [--path /tracks/operations/] [--runs 3] [--root /path/to/another/checkout]

Needs Lighthouse from npm, installed once (the only time anything is fetched; the runs are offline):

    npm install --prefix bench --no-save lighthouse@13.5.0      # -> bench/node_modules (ignored by git)

(or name an installed ``lighthouse`` with ``--lighthouse`` or ``LIGHTHOUSE=``), Debian's Chromium at
``/usr/bin/chromium`` (``CHROME_PATH``), and a database already loaded and built
(``load_workforce_data``, ``load_tracks``, ``build_snapshots``).

One gunicorn (the project's ``gunicorn.conf.py``, DEBUG off, static files from WhiteNoise after
``collectstatic``) serves ``--root`` (default: this checkout, so a "before" checkout made with
``git worktree add`` can be measured with the same script). Lighthouse runs ``--runs`` times with its
default mobile profile (simulated throttling, Moto G Power screen) and ``--chrome-flags="--headless
--no-sandbox"``; each figure printed is the median of the runs. Lighthouse does not scroll, so its
``total-byte-weight`` is the bytes before the reader scrolls; "bytes after scrolling" adds what the page
loads later (the Plotly bundle, whose URL the page names in ``data-plotly``), as served compressed.
The load average is printed before and after: the machine is shared, and timings depend on it.
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
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import free_port, production_env, wait_until_up  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "LCP (s)": ("largest-contentful-paint", 1 / 1000),
    "TBT (ms)": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
    "FCP (s)": ("first-contentful-paint", 1 / 1000),
    "bytes before scrolling (KB)": ("total-byte-weight", 1 / 1000),
}
ACCEPT_ENCODING = "br, gzip"
ATTEMPTS = 3


def lighthouse_binary(named: str | None) -> str:
    for candidate in (
        named,
        os.environ.get("LIGHTHOUSE"),
        str(HERE / "node_modules" / ".bin" / "lighthouse"),
    ):
        if candidate and (shutil.which(candidate) or Path(candidate).exists()):
            return candidate
    raise SystemExit("Lighthouse is not installed: npm install --prefix bench --no-save lighthouse@13.5.0")


def transfer_bytes(url: str) -> int:
    """Bytes of the body as a browser receives it (compressed where the server compresses)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read())


def run_lighthouse(binary: str, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROME}
    command = [
        binary,
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless --no-sandbox",
    ]
    for attempt in range(ATTEMPTS):
        # On a busy machine Chromium's trace now and then misses the navigation (NO_NAVSTART): again.
        if subprocess.run(command, env=env).returncode == 0:
            return json.loads(out.read_text(encoding="utf-8"))
        print(f"lighthouse failed (attempt {attempt + 1} of {ATTEMPTS})", file=sys.stderr)
    raise SystemExit("lighthouse failed every attempt")


def summarise(report: dict) -> dict:
    row = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for label, (audit, scale) in METRICS.items():
        row[label] = report["audits"][audit]["numericValue"] * scale
    requests = report["audits"]["network-requests"]["details"]["items"]
    row["requests"] = len(requests)
    row["plotly requested"] = any("plotly" in item["url"] for item in requests)
    return row


def flagged(report: dict) -> list[str]:
    """Audits that did not pass (score < 1, shown by Lighthouse), with their titles."""
    out = []
    for audit in report["audits"].values():
        if (
            audit.get("score") is not None
            and audit["score"] < 1
            and audit.get("scoreDisplayMode")
            in {
                "binary",
                "numeric",
                "metricSavings",
            }
        ):
            value = audit.get("displayValue", "")
            out.append(f"{audit['id']}: {audit['title']}" + (f" ({value})" if value else ""))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--path", default="/tracks/operations/")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--lighthouse", help="the lighthouse executable (default: bench/node_modules)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", type=Path, help="save each run's JSON report in this folder")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a loaded and built PostgreSQL database.")
    if not Path(CHROME).exists():
        raise SystemExit(f"No Chromium at {CHROME} (apt-get install chromium, or set CHROME_PATH).")
    binary = lighthouse_binary(args.lighthouse)
    root = args.root.resolve()

    port = free_port()
    env = production_env(port, args.database_url, GUNICORN_WORKERS="2", PYTHONPATH=str(root))
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=root, check=True
    )
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "careers.wsgi"], env=env, cwd=root
    )
    base = f"http://127.0.0.1:{port}"
    url = base + args.path
    load_before = os.getloadavg()
    rows, reports = [], []
    try:
        wait_until_up(f"{base}/ping")
        with urllib.request.urlopen(url, timeout=120) as response:  # warm: render and cache the page once
            html = response.read().decode("utf-8")
        later = re.findall(r'data-plotly="([^"]+)"', html)
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(args.runs):
                out = Path(tmp) / f"run{run}.json"
                report = run_lighthouse(binary, url, out)
                reports.append(report)
                rows.append(summarise(report))
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(out, args.keep / f"lighthouse-{run + 1}.json")
        lazy_bytes = sum(transfer_bytes(base + path) for path in later)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()

    commit = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    version = reports[0]["lighthouseVersion"]
    print(f"Lighthouse {version}, mobile profile (simulated throttling), {CHROME}, {args.runs} runs, median")
    print(f"{url}  served from {root} at {commit[:72]}")
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)} ({os.cpu_count()} cores)"
    )
    print(f"{'figure':<32}{'median':>10}   runs")
    for key in [*CATEGORIES, *METRICS, "requests"]:
        values = [row[key] for row in rows]
        digits = 3 if key == "CLS" else 2 if "(s)" in key else 1 if "KB" in key else 0
        median = f"{statistics.median(values):.{digits}f}"
        shown = " ".join(f"{v:.{digits}f}" for v in values)
        print(f"{key:<32}{median:>10}   {shown}")
    before_scroll = statistics.median(row["bytes before scrolling (KB)"] for row in rows)
    requested = [row["plotly requested"] for row in rows]
    print(f"{'Plotly requested before scroll':<32}{str(any(requested)):>10}")
    extra = 0 if any(requested) else lazy_bytes / 1000
    print(
        f"{'bytes after scrolling (KB)':<32}{before_scroll + extra:>10.1f}   "
        f"(+{extra:.1f} KB loaded on scroll)"
    )
    print("Flagged (last run):")
    for line in flagged(reports[-1]):
        print(f"  - {line}")


if __name__ == "__main__":
    main()

"""Load test: gunicorn + PostgreSQL on loopback, driven by wrk (Debian package ``wrk``).

    .venv/bin/python bench/load_test.py [--duration 60] [--connections 64] [--nginx]

Sets up a throwaway PostgreSQL database (migrate, load the fixtures, collect static), starts gunicorn
with gunicorn.conf.py on 127.0.0.1, then runs wrk twice in the same run: once rotating over track
pages, the home page and metro views, once against ``/ping`` (the minimal Django view). Prints
requests per second, p50/p99 latency and error counts for both. With ``--nginx`` the same two runs are
repeated through nginx (deploy/nginx.conf, started by bench/nginx_front.py) in front of the same
gunicorn. Everything stays on loopback and
stops by itself; the database is dropped at the end.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import PG, PYTHON, ROOT, free_port, run, wait_until_up  # noqa: E402

LUA = r"""
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def parse_wrk(output):
    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(total.group(1)) if total else 0,
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def wrk(base, paths, duration, connections):
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "rotate.lua"
        script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
        cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
        cmd += ["-s", str(script), base]
        output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output), output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--nginx", action="store_true", help="measure the same again through nginx (deploy/nginx.conf)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    port = args.port or free_port()
    db = f"careers_load_{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-only-" + os.urandom(16).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    server = None
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "load_workforce_data"], env, stdout=subprocess.DEVNULL)
        run([PYTHON, "manage.py", "load_tracks"], env, stdout=subprocess.DEVNULL)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        server = subprocess.Popen([gunicorn, "careers.wsgi"], env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/ping")
        if server.poll() is not None:  # something else answered on that port
            raise SystemExit(f"gunicorn exited ({server.returncode}); is port {port} taken?")

        slugs = ["operations", "business-operations", "software-engineering", "nursing", "finance"]
        metros = ["35620", "31080", "16980", "41940", "12060"]  # NY, LA, Chicago, San Jose, Atlanta
        paths = ["/"]
        paths += [f"/tracks/{slug}/" for slug in slugs]
        paths += [f"/tracks/{slug}/?metro={metro}" for slug, metro in zip(slugs, metros, strict=True)]
        for path in paths:  # every path must work before we measure it
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path

        site, site_raw = wrk(base, paths, args.duration, args.connections)
        minimal, minimal_raw = wrk(base, ["/ping"], args.duration, args.connections)
        rows = [("site (tracks, home, metro)", site), ("minimal view /ping", minimal)]
        if args.nginx:
            from nginx_front import start_front

            with start_front(app_port=port) as front_port:
                front = f"http://127.0.0.1:{front_port}"
                rows.append(("nginx: site", wrk(front, paths, args.duration, args.connections)[0]))
                rows.append(("nginx: /ping", wrk(front, ["/ping"], args.duration, args.connections)[0]))
        print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn {os.cpu_count()} cores, PostgreSQL")
        print(f"{'target':<28}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
        for name, result in rows:
            errors = result["non_2xx"] + result["socket_errors"]
            print(
                f"{name:<28}{result['requests']:>10}{result['rps']:>10.1f}"
                f"{result['p50_ms'] or 0:>10.2f}{result['p99_ms'] or 0:>10.2f}{errors:>8}"
            )
        if os.environ.get("BENCH_VERBOSE"):
            print(site_raw, minimal_raw)
        if any(result["non_2xx"] + result["socket_errors"] for _, result in rows):
            raise SystemExit("errors under load")
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep_db:
            drop = f"DROP DATABASE IF EXISTS {db}"
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", drop], check=False)


if __name__ == "__main__":
    main()

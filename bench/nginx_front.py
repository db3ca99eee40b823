"""The production front, measured: deploy/nginx.conf in front of gunicorn, both on loopback ports.

    .venv/bin/python bench/nginx_front.py

Sets up a throwaway PostgreSQL database (migrate, load the fixtures, collect static), starts gunicorn
(gunicorn.conf.py) on 127.0.0.1 and nginx with deploy/nginx.conf (only its socket, listen address,
static root and cache path are replaced), then shows:

1. eight slow-header connections (a header line a second, never finished) leave ``/ping`` answering
   through nginx, while the same eight against gunicorn directly leave it hanging;
2. a 10 MB POST gets 413 from nginx;
3. a client's own X-Forwarded-For / X-Real-IP is not believed: gunicorn's access log shows what
   reached the app (nginx's address for the client, nothing the client wrote);
4. the second request for a track page is an nginx cache hit (X-Cache-Status), while a member page
   is never stored; static files carry a year-long immutable Cache-Control and are gzipped.

Exits non-zero if any check fails. Everything stays on loopback and stops by itself; the database is
dropped at the end. ``start_front()`` is reused by ``bench/load_test.py --nginx``.
"""

import contextlib
import getpass
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import PG, PYTHON, ROOT, free_port, run, wait_until_up  # noqa: E402

SITE_CONF = ROOT / "deploy" / "nginx.conf"
ACCESS_FORMAT = '%(h)s xri="%({x-real-ip}i)s" xff="%({x-forwarded-for}i)s" "%(r)s" %(s)s'

MAIN_CONF = """
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{site}
}}
"""


def site_config(*, app_port: int, port: int, tmp: Path) -> str:
    """deploy/nginx.conf with only the host-specific paths and addresses replaced."""
    text = SITE_CONF.read_text()
    replacements = {
        "unix:/run/careers/gunicorn.sock": f"127.0.0.1:{app_port}",
        "listen 80 default_server;": f"listen 127.0.0.1:{port} default_server;",
        "listen [::]:80 default_server;": "",
        "/var/cache/nginx/careers": str(tmp / "cache"),
        "/srv/careers/staticfiles/": f"{ROOT}/staticfiles/",
    }
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"deploy/nginx.conf changed: {old!r} not found")
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def start_front(*, app_port: int, port: int | None = None):
    """Run nginx with deploy/nginx.conf on 127.0.0.1:<port> in front of gunicorn at <app_port>."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="careers-nginx-") as folder:
        tmp = Path(folder)
        os.chmod(tmp, 0o755)
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        conf = tmp / "nginx.conf"
        conf.write_text(
            MAIN_CONF.format(user=user, tmp=tmp, site=site_config(app_port=app_port, port=port, tmp=tmp))
        )
        subprocess.run(["nginx", "-t", "-q", "-p", str(tmp), "-c", str(conf)], check=True)
        nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"])
        try:
            wait_until_up(f"http://127.0.0.1:{port}/ping")
            yield port
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                nginx.kill()


def get(port, path, headers=None, timeout=10.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


class SlowHeaderClients:
    """n connections that send a request head one header line a second and never finish it."""

    def __init__(self, port, count):
        self.port, self.count, self.stop = port, count, threading.Event()
        self.sockets = []

    def __enter__(self):
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()
        time.sleep(1.0)
        return self

    def _drip(self):
        n = 0
        while not self.stop.wait(1.0):
            n += 1
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def timed_ping(port, timeout=5.0):
    started = time.monotonic()
    try:
        status, _, _ = get(port, "/ping", timeout=timeout)
    except OSError:
        return None, time.monotonic() - started
    return status, time.monotonic() - started


def post_ten_megabytes(port):
    size = 10 * 1024 * 1024
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
        )
        chunk = b"a" * 65536
        with contextlib.suppress(OSError):
            for _ in range(size // len(chunk)):
                sock.sendall(chunk)
        data = sock.recv(4096)
    finally:
        sock.close()
    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return int(match.group(1)) if match else None


def main():
    db = f"careers_front_{os.getpid()}"
    app_port = free_port()
    work = Path(tempfile.mkdtemp(prefix="careers-front-"))
    access_log = work / "gunicorn-access.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "front-bench-only-" + os.urandom(16).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    server = None
    failures = []

    def check(ok, label, detail):
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")
        if not ok:
            failures.append(label)

    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "load_workforce_data"], env, stdout=subprocess.DEVNULL)
        run([PYTHON, "manage.py", "load_tracks"], env, stdout=subprocess.DEVNULL)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        server = subprocess.Popen(
            [gunicorn, "careers.wsgi", "--access-logformat", ACCESS_FORMAT], env=env, cwd=ROOT
        )
        wait_until_up(f"http://127.0.0.1:{app_port}/ping")
        workers = int(env.get("GUNICORN_WORKERS", os.cpu_count() * 2 + 1))
        print(f"gunicorn on 127.0.0.1:{app_port} ({workers} sync workers)")

        with start_front(app_port=app_port) as port:
            print(f"nginx (deploy/nginx.conf) on 127.0.0.1:{port}\n")

            # 1. Slow headers.
            slow = 8
            _, idle = timed_ping(port)
            print(f"      (/ping through nginx with no slow clients: {idle * 1000:.0f} ms)")
            with SlowHeaderClients(port, slow):
                status, seconds = timed_ping(port)
            check(
                status == 200 and seconds < 1,
                f"{slow} slow-header connections to nginx",
                f"/ping {status} in {seconds * 1000:.0f} ms",
            )
            with SlowHeaderClients(app_port, slow):
                status, seconds = timed_ping(app_port)
            print(
                f"      (the same {slow} straight to gunicorn: /ping {status or 'no answer'}"
                f" after {seconds:.1f} s)"
            )

            # 2. A 10 MB body.
            status = post_ten_megabytes(port)
            check(status == 413, "10 MB POST", f"{status}")

            # 3. A client's own forwarding headers.
            spoof = {"X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.67"}
            get(port, "/ping?spoof-check", headers=spoof)
            time.sleep(0.5)
            line = next(
                (line for line in access_log.read_text().splitlines() if "spoof-check" in line),
                "(no log line)",
            )
            believed = "203.0.113.6" in line
            check(
                not believed and 'xri="127.0.0.1"' in line,
                "X-Forwarded-For / X-Real-IP from the client",
                f"what gunicorn received: {line.split(' "GET')[0]}",
            )

            # 4. The page cache, member pages and static files.
            path = "/tracks/operations/"
            first = get(port, path)[1].get("X-Cache-Status")
            second = get(port, path)[1].get("X-Cache-Status")
            check(second == "HIT", f"second GET {path}", f"X-Cache-Status {first} then {second}")
            login = [get(port, "/accounts/login/")[1] for _ in range(2)]
            check(
                login[1].get("X-Cache-Status") != "HIT"
                and {"private", "no-store"}
                <= {d.strip() for d in login[1].get("Cache-Control", "").split(",")},
                "member page /accounts/login/",
                f"X-Cache-Status {login[1].get('X-Cache-Status')},"
                f" Cache-Control {login[1].get('Cache-Control')}",
            )
            manifest = (ROOT / "staticfiles" / "staticfiles.json").read_text()
            css = re.search(r'"css/site\.css": "([^"]+)"', manifest).group(1)
            status, headers, _ = get(port, f"/static/{css}", headers={"Accept-Encoding": "gzip"})
            check(
                status == 200
                and "immutable" in headers.get("Cache-Control", "")
                and headers.get("Content-Encoding") == "gzip",
                "static file",
                f"{status}, Cache-Control {headers.get('Cache-Control')},"
                f" Content-Encoding {headers.get('Content-Encoding')}",
            )
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db}"], check=False
        )
    if failures:
        raise SystemExit(f"failed: {', '.join(failures)}")


if __name__ == "__main__":
    main()

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
   is never stored; static files carry a year-long immutable Cache-Control and are gzipped;
5. one client (127.0.0.66) holding 1,100 connections, and another (127.0.0.67) holding 40 slow
   request bodies, leave ``/ping`` answering for everybody else (127.0.0.2); past 20 requests in
   flight a client gets 429 at once, and past its burst of requests too, never a 5xx;
6. a body sent at 1 byte every 5 s is cut (client_body_timeout is per gap: 4 s);
7. the link in a sign-up's confirmation email keeps the port the site was reached on.

Clients use other loopback addresses (127.0.0.2, .66, ...) so that nginx's per-address limits see
them as different clients (127.0.0.1 itself, this host, is not limited: load tests).

Exits non-zero if any check fails. Everything stays on loopback and stops by itself; the database is
dropped at the end. ``start_front()`` is reused by ``bench/load_test.py --nginx``.
"""

import contextlib
import getpass
import http.client
import os
import re
import select
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
# As deploy/nginx.conf's header asks of /etc/nginx/nginx.conf.
worker_rlimit_nofile 16384;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 8192; }}
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


def get(port, path, headers=None, timeout=10.0, source="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
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


def timed_ping(port, timeout=5.0, source="127.0.0.1"):
    started = time.monotonic()
    try:
        status, _, _ = get(port, "/ping", timeout=timeout, source=source)
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


# --- One client against everybody else (deploy/nginx.conf's per-address limits) -------------------------


class HeldConnections:
    """``count`` connections from ``source`` that never finish a request: half send nothing, half a
    request line and one header, then a header line every 5 s. Re-opened as nginx closes them, so the
    client keeps about ``count`` open for as long as the block lasts."""

    def __init__(self, port, count, source="127.0.0.66"):
        self.port, self.count, self.source = port, count, source
        self.sockets, self.stop, self.opened = [], threading.Event(), 0

    def _open(self, n):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5, source_address=(self.source, 0))
        if n % 2:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self.opened += 1
        return sock

    def __enter__(self):
        for n in range(self.count):
            with contextlib.suppress(OSError):
                self.sockets.append(self._open(n))
        self.thread = threading.Thread(target=self._keep, daemon=True)
        self.thread.start()
        time.sleep(0.5)
        return self

    def _keep(self):
        n = 0
        while not self.stop.wait(5.0):
            n += 1
            kept = []
            for i, sock in enumerate(self.sockets):
                try:
                    if i % 2:
                        sock.sendall(f"X-Held-{n}: {n}\r\n".encode())
                    kept.append(sock)
                except OSError:
                    sock.close()
                    with contextlib.suppress(OSError):
                        kept.append(self._open(i))
            self.sockets = kept

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


def start_slow_body(port, source, *, length=1000, path="/accounts/login/"):
    """A POST whose head is complete and whose body has not started; returns the socket."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0))
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n".encode()
    )
    return sock


def answered_at_once(sock, wait=1.0):
    """The status nginx answered on ``sock`` within ``wait`` seconds, or None if it is still reading."""
    ready, _, _ = select.select([sock], [], [], wait)
    if not ready:
        return None
    with contextlib.suppress(OSError):
        data = sock.recv(4096)
        match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(match.group(1)) if match else 0
    return 0


def slow_body_seconds(port, source, gap, limit):
    """Send a body a byte every ``gap`` seconds; return (seconds until nginx ended it, what it said),
    or (limit, None) if it was still reading after ``limit`` seconds."""
    sock = start_slow_body(port, source)
    started = time.monotonic()
    try:
        while time.monotonic() - started < limit:
            try:
                sock.sendall(b"a")
            except OSError:
                return time.monotonic() - started, "closed"
            ready, _, _ = select.select([sock], [], [], gap)
            if ready:
                data = b""
                with contextlib.suppress(OSError):
                    data = sock.recv(4096)
                match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
                return time.monotonic() - started, int(match.group(1)) if match else "closed"
        return limit, None
    finally:
        sock.close()


def pings_while(port, seconds, source="127.0.0.2", every=0.25):
    """/ping from ``source`` for ``seconds``: (statuses, slowest seconds)."""
    statuses, slowest = [], 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, took = timed_ping(port, timeout=5.0, source=source)
        statuses.append(status)
        slowest = max(slowest, took)
        time.sleep(every)
    return statuses, slowest


def burst(port, count, source, path="/ping"):
    """``count`` requests one after another on one keep-alive connection: statuses."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    statuses = []
    try:
        for _ in range(count):
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            except (OSError, http.client.HTTPException):
                statuses.append(None)
                connection.close()
    finally:
        connection.close()
    return statuses


def one_client_checks(port, check):
    """Checks 5 and 6 (shared with bench/faults.py): ``check(ok, label, detail)`` reports each."""
    with HeldConnections(port, 1100) as held:
        statuses, slowest = pings_while(port, 6)
        check(
            all(s == 200 for s in statuses) and slowest < 1,
            f"one client holding {held.opened} connections",
            f"/ping from another client: {len(statuses)} x {sorted(set(map(str, statuses)))},"
            f" slowest {slowest * 1000:.0f} ms",
        )
    bodies = [start_slow_body(port, "127.0.0.67") for _ in range(40)]
    try:
        answers = [answered_at_once(sock, 0.05) for sock in bodies]
        time.sleep(1.0)
        answers = [
            a if a is not None else answered_at_once(sock, 0.01)
            for a, sock in zip(answers, bodies, strict=True)
        ]
        statuses, slowest = pings_while(port, 3)
        refused = sum(1 for a in answers if a == 429)
        still_reading = sum(1 for a in answers if a is None)
        check(
            refused >= 20 and still_reading <= 20 and all(s == 200 for s in statuses),
            "one client sending 40 slow bodies",
            f"{still_reading} read by nginx (limit 20 in flight), {refused} answered 429 at once;"
            f" /ping from another client {sorted(set(map(str, statuses)))}, slowest {slowest * 1000:.0f} ms",
        )
    finally:
        for sock in bodies:
            sock.close()
    seconds, said = slow_body_seconds(port, "127.0.0.68", gap=5.0, limit=30)
    check(
        said is not None and seconds < 10,
        "a body at 1 byte every 5 s",
        f"ended after {seconds:.1f} s ({said})",
    )
    seconds, said = slow_body_seconds(port, "127.0.0.69", gap=3.0, limit=15)
    print(
        f"      (a body at 1 byte every 3 s: {'still read after' if said is None else 'ended after'}"
        f" {seconds:.0f} s: nginx 1.22 has no deadline for a whole body; it holds one of that client's"
        " 20 request slots, never a worker)"
    )
    statuses = burst(port, 300, "127.0.0.70")
    counts = {str(s): statuses.count(s) for s in sorted(set(statuses), key=str)}
    check(
        statuses.count(429) > 0 and not any(s is None or s >= 500 for s in statuses if s != 429),
        "300 requests at once from one client",
        f"statuses {counts} (20 a second, bursts of 100)",
    )


def confirmation_link_host(port, database_url):
    """Sign up through nginx on ``port``; return the scheme and host of the link in the queued email."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    host = f"127.0.0.1:{port}"
    try:
        connection.request("GET", "/accounts/signup/", headers={"Host": host})
        response = connection.getresponse()
        page = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        email = f"front-{os.getpid()}@example.org"
        body = f"csrfmiddlewaretoken={token}&email={email}&password1=Front-bench-9x&password2=Front-bench-9x"
        connection.request(
            "POST",
            "/accounts/signup/",
            body=body,
            headers={
                "Host": host,
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        connection.getresponse().read()
    finally:
        connection.close()
    query = (
        "SELECT args_kwargs::text FROM django_tasks_database_dbtaskresult"
        f" WHERE args_kwargs::text LIKE '%{email}%' ORDER BY enqueued_at DESC LIMIT 1"
    )
    text = subprocess.run(
        ["psql", database_url, "-Atc", query], capture_output=True, text=True, timeout=30
    ).stdout
    match = re.search(r"(https?://[^/\s\\]+)/accounts/confirm-email/", text)
    return match.group(1) if match else None


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

            # 5 and 6. One client against everybody else; slow bodies.
            one_client_checks(port, check)

            # 7. Links in emails keep the port the site was reached on.
            origin = confirmation_link_host(port, env["DATABASE_URL"])
            check(
                origin == f"http://127.0.0.1:{port}",
                "the link in a confirmation email",
                f"{origin}/accounts/confirm-email/... (site reached at 127.0.0.1:{port})",
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

"""Faults played against the real stack on loopback; one line per check: held, or did not hold.

    .venv/bin/python bench/faults.py [--only 2,3,4,5,8] [--freeze 20]

Starts its own PostgreSQL cluster (Debian's PostgreSQL 15 binaries, initdb as the postgres user, in a
temporary folder, on a spare port) and its own Redis (redis-server on a spare port, nothing on disk),
never the shared ones; loads the data into them; runs gunicorn (gunicorn.conf.py, production settings,
Redis on), nginx in front (deploy/nginx.conf, started by bench/nginx_front.py) and the task worker
(``manage.py db_worker``); then plays the faults of the resilience issue:

2. PostgreSQL frozen: every process of the cluster stopped (SIGSTOP) for 20 s while 8 clients ask
   nginx for /healthz, metro views of track pages and /ping. Goals: no 5xx but the 503 page; each 503
   within the request deadline + 1 s; /ping answered throughout; after SIGCONT the site answers
   again without a restart (gunicorn's workers are the same processes).
3. The task worker killed (SIGKILL) while it hands an email to the mail server (a mail sink on
   loopback that holds its final answer): is the task run again once its lease runs out (a 10 s lease
   here), and is the email delivered exactly once (``careers.outbox`` hands it to a process that
   outlives the worker; the task run again waits for that process's record)?
4. The task worker while PostgreSQL is stopped for 6 s, then read-only for 6 s: does it live on, and
   are emails queued after each fault sent?
5. 200 junk query strings (utm_source=, fbclid=, junk=...) over six public pages (track page, a metro
   view, search, compare, home, sitemap): how many cache keys do they add, and are they answered 200?
   Then 60 through nginx: its cache must be bypassed (X-Cache-Status BYPASS), never filled.
8. One client holding 1,100 connections, 40 slow request bodies, a body at 1 byte every 5 s, a burst
   (bench/nginx_front.py's checks): /ping answers for everybody else; and the link in a sign-up's
   email keeps the port nginx was reached on.

Items 3 and 4 depend on the task worker's lease (other work): this reports what happens, held or
not. Exits 1 if any check did not hold. Everything
stays on loopback and stops by itself: every step has a timeout, the cluster is never left stopped
(SIGCONT in ``finally``), and every process and folder it made is removed at the end.
"""

import argparse
import collections
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx_front import confirmation_link_host, one_client_checks, start_front  # noqa: E402
from servers import PYTHON, ROOT, free_port, production_env, wait_until_up  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.careers.smtp_sink import SmtpSink  # noqa: E402  (the worker tests' mail server)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
RESULTS: list[tuple[bool, str, str]] = []


def report(ok: bool, label: str, detail: str) -> None:
    RESULTS.append((ok, label, detail))
    print(f"{'HELD        ' if ok else 'DID NOT HOLD'}  {label}: {detail}", flush=True)


# --- Our own PostgreSQL and Redis ----------------------------------------------------------------------


class Cluster:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1:<port>, run by the postgres user."""

    def __init__(self, root: Path):
        self.root, self.data, self.port = root, root / "pg", free_port()
        self.log = root / "postgresql.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/careers"
        self.frozen: list[int] = []

    def _as_postgres(self, cmd, **kwargs):
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, timeout=kwargs.pop("timeout", 120), **kwargs)

    def create(self):
        if not (PG_BIN / "initdb").exists():
            raise SystemExit(f"PostgreSQL 15 binaries not found in {PG_BIN}")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            stdout=subprocess.DEVNULL,
        )
        self.start()
        self.psql("CREATE DATABASE careers", database="postgres")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"],
            stdout=subprocess.DEVNULL,
        )

    def stop(self, mode="fast"):
        self._as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
            stdout=subprocess.DEVNULL,
            timeout=60,
        )

    def psql(self, sql, database="careers"):
        url = f"postgres://postgres@127.0.0.1:{self.port}/{database}"
        done = subprocess.run(["psql", url, "-Atqc", sql], capture_output=True, text=True, timeout=30)
        if done.returncode:
            raise RuntimeError(done.stderr)
        return done.stdout.strip()

    def processes(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == postmaster:
                    children.append(int(stat.parent.name))
        return [postmaster, *children]

    def freeze(self):
        self.frozen = self.processes()
        for pid in self.frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = []

    def read_only(self, on: bool):
        self.psql(f"ALTER SYSTEM SET default_transaction_read_only = {'on' if on else 'off'}")
        self.psql("SELECT pg_reload_conf()")

    def destroy(self):
        self.thaw()
        with contextlib.suppress(Exception):
            self.stop("immediate")


@contextlib.contextmanager
def own_redis(root: Path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=open(root / "redis.log", "w"),  # noqa: SIM115 (closed with the process)
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(50):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def redis_keys(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"DBSIZE\r\n")
        return int(sock.recv(64).strip().lstrip(b":"))


# --- Processes: gunicorn and the task worker -----------------------------------------------------------


class Process:
    def __init__(self, name, cmd, env, log: Path):
        self.name, self.cmd, self.env, self.log = name, cmd, env, log
        self.popen = None

    def start(self):
        self.popen = subprocess.Popen(
            self.cmd,
            env=self.env,
            cwd=ROOT,
            stdout=open(self.log, "a"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


def worker_pids(master: int) -> set[int]:
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.add(int(stat.parent.name))
    return pids


def fetch(url, timeout=60.0, source="127.0.0.1"):
    """(status or None, seconds)."""
    started = time.monotonic()
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started
    except OSError:
        return None, time.monotonic() - started


_clients = iter(range(1, 1_000_000))


def sign_up(base, email):
    """A sign-up straight to gunicorn (it queues a confirmation email for the worker), each from another
    client address (X-Real-IP, believed from loopback), so allauth's 10 an hour per address never
    interferes; True when accepted."""
    n = next(_clients)
    headers = {"X-Real-IP": f"198.51.{100 + n // 250}.{n % 250 + 1}"}
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(urllib.request.Request(f"{base}/accounts/signup/", headers=headers), timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "email": email,
        "password1": "Faults-9x!",
        "password2": "Faults-9x!",
    }
    request = urllib.request.Request(
        f"{base}/accounts/signup/", data=urllib.parse.urlencode(fields).encode(), headers=headers
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def task_statuses(cluster, email) -> list[str]:
    rows = cluster.psql(
        "SELECT status FROM django_tasks_database_dbtaskresult"
        f" WHERE args_kwargs::text LIKE '%{email}%' ORDER BY enqueued_at"
    )
    return rows.split() if rows else []


def wait_for(predicate, seconds, every=0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


# --- 2. A frozen database --------------------------------------------------------------------------------


def play_frozen_database(cluster, front, gunicorn, freeze_seconds, deadline):
    base = f"http://127.0.0.1:{front}"
    metros = cluster.psql(
        "SELECT code FROM salaries_area WHERE area_type = 'metro' ORDER BY code LIMIT 120"
    ).split()
    slugs = cluster.psql(
        "SELECT slug FROM tracks_track WHERE status = 'published' ORDER BY slug LIMIT 4"
    ).split()
    pages = [f"/tracks/{slug}/?metro={code}" for code in metros for slug in slugs]
    paths = collections.deque()
    for n, page in enumerate(pages):
        paths.append("/healthz" if n % 3 == 0 else page)
    results, lock, stop = [], threading.Lock(), threading.Event()
    phase = {"now": "before"}

    def client(kind):
        while not stop.is_set():
            with lock:
                path = "/ping" if kind == "ping" else paths[0]
                if kind != "ping":
                    paths.rotate(-1)
                started_in = phase["now"]
            started = time.monotonic()
            status, took = fetch(base + path, timeout=60)
            with lock:
                results.append((started_in, path, status, took, started))
            if kind == "ping":
                stop.wait(0.25)

    masters_workers = worker_pids(gunicorn.popen.pid)
    threads = [threading.Thread(target=client, args=("page",), daemon=True) for _ in range(7)]
    threads.append(threading.Thread(target=client, args=("ping",), daemon=True))
    for thread in threads:
        thread.start()
    try:
        time.sleep(4)
        phase["now"] = "frozen"
        cluster.freeze()
        frozen_at = time.monotonic()
        time.sleep(freeze_seconds)
    finally:
        cluster.thaw()
    thawed_at = time.monotonic()
    phase["now"] = "after"
    recovered = None
    while time.monotonic() - thawed_at < 30:
        status, _ = fetch(base + "/healthz", timeout=10)
        if status == 200:
            recovered = time.monotonic() - thawed_at
            break
        time.sleep(0.2)
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=70)

    during = [r for r in results if r[0] == "frozen"]
    pings = [r for r in during if r[1] == "/ping"]
    others = [r for r in during if r[1] != "/ping"]
    counts = collections.Counter(str(r[2]) for r in others)
    bad = [r for r in results if r[2] is None or (r[2] >= 500 and r[2] != 503)]
    slowest_503 = max((r[3] for r in others if r[2] == 503), default=0.0)
    first_503 = min((r[4] + r[3] - frozen_at for r in others if r[2] == 503), default=None)
    report(
        not bad,
        f"2 frozen database, {freeze_seconds} s: no 5xx but 503",
        f"{len(others)} page and /healthz requests started while frozen: {dict(sorted(counts.items()))};"
        f" other 5xx or no answer over the whole run: {len(bad)}",
    )
    report(
        bool(others) and slowest_503 <= deadline + 1 and first_503 is not None,
        "2 frozen database: the 503 page within the deadline + 1 s",
        f"slowest 503 {slowest_503:.1f} s (deadline {deadline:.0f} s); first 503"
        f" {first_503 if first_503 is None else round(first_503, 1)} s after the freeze",
    )
    slowest_ping = max((r[3] for r in pings), default=0.0)
    report(
        bool(pings) and all(r[2] == 200 for r in pings),
        "2 frozen database: /ping",
        f"{len(pings)} x {sorted({str(r[2]) for r in pings})}, slowest {slowest_ping:.2f} s",
    )
    same_workers = worker_pids(gunicorn.popen.pid) == masters_workers
    report(
        recovered is not None and same_workers,
        "2 frozen database: recovery without a restart",
        f"/healthz 200 {recovered if recovered is None else round(recovered, 1)} s after SIGCONT;"
        f" gunicorn workers {'the same processes' if same_workers else 'replaced (a worker was killed)'}",
    )


# --- 4. The task worker through a stopped and a read-only database ----------------------------------------


def play_worker_outages(cluster, base, env, root):
    env = {**env, "PYTHONUNBUFFERED": "1"}  # the console mail backend prints each email at once
    log = root / "worker-4.log"
    workers = [Process("worker", [PYTHON, "manage.py", "db_worker"], env, log).start()]
    tails = []

    def last_lines():
        return ([line.strip() for line in log.read_text().splitlines() if line.strip()] or [""])[-1][:200]

    def sent(email):
        return wait_for(lambda: email in log.read_text(), 40)

    try:
        first = f"w4-before-{os.getpid()}@example.org"
        sent_before = sign_up(base, first) and sent(first)
        # PostgreSQL stopped for 6 s.
        cluster.stop("fast")
        time.sleep(6)
        cluster.start()
        after_stop = f"w4-after-stop-{os.getpid()}@example.org"
        queued = wait_for(lambda: sign_up_quietly(base, after_stop), 20, every=1)
        sent_after_stop = queued and sent(after_stop)
        alive_after_stop = workers[-1].alive()
        if not alive_after_stop:
            tails.append(last_lines())
            workers.append(Process("worker", [PYTHON, "manage.py", "db_worker"], env, log).start())
        # Read-only for 6 s (a fresh worker if the first one exited above).
        cluster.read_only(True)
        time.sleep(6)
        cluster.read_only(False)
        after_ro = f"w4-after-ro-{os.getpid()}@example.org"
        queued = wait_for(lambda: sign_up_quietly(base, after_ro), 20, every=1)
        sent_after_ro = queued and sent(after_ro)
        alive_after_ro = workers[-1].alive()
        if not alive_after_ro:
            tails.append(last_lines())
        report(
            sent_before and alive_after_stop and sent_after_stop,
            "4 worker through PostgreSQL stopped 6 s",
            f"email before the outage {'sent' if sent_before else 'not sent'}; worker"
            f" {'alive' if alive_after_stop else 'exited'}; email queued after the outage"
            f" {'sent' if sent_after_stop else 'not sent within 40 s'}",
        )
        report(
            alive_after_ro and sent_after_ro,
            "4 worker through PostgreSQL read-only 6 s",
            f"worker{' (a new one)' if len(workers) > 1 else ''} {'alive' if alive_after_ro else 'exited'};"
            f" email queued after {'sent' if sent_after_ro else 'not sent within 40 s'}",
        )
        for tail in tails:
            print(f"      (the worker's last line: {tail})")
    finally:
        with contextlib.suppress(Exception):
            cluster.read_only(False)
        for worker in workers:
            worker.stop()


def sign_up_quietly(base, email):
    try:
        return sign_up(base, email)
    except (OSError, AttributeError):
        return False


# --- 3. The worker killed while it sends an email ----------------------------------------------------------


LEASE_3 = 10  # seconds: the task worker's lease in item 3
HOLD_3 = 4  # seconds the mail server holds its answer after the worker is killed
MESSAGE_ID_RE = re.compile(r"^Message-ID:\s*(\S+)", re.M | re.I)


def play_worker_killed_while_sending(cluster, base, env, root):
    with SmtpSink() as sink:
        _play_worker_killed_while_sending(sink, cluster, base, env, root)


def _play_worker_killed_while_sending(sink, cluster, base, env, root):
    sink.hold.set()  # the server keeps its "250" until HOLD_3 seconds after the worker is killed
    smtp_env = {
        **env,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log = root / "worker-3.log"
    # A short lease (the default is 60 s, swept every half lease) so the abandoned task runs again
    # within the check's time; the rule is the same at any lease.
    command = [PYTHON, "manage.py", "db_worker", "--lease", str(LEASE_3)]
    worker = Process("worker", command, smtp_env, log).start()
    second = None
    try:
        email = f"w3-{os.getpid()}@example.org"
        accepted = sign_up(base, email)
        if not wait_for(lambda: sink.received, 40, every=0.05):
            tail = [line.strip()[:160] for line in log.read_text().splitlines() if line.strip()][-3:]
            report(
                False,
                "3 worker killed while sending",
                f"the worker never reached the mail server (sign-up accepted: {accepted};"
                f" task {task_statuses(cluster, email)}; worker: {' | '.join(tail)})",
            )
            return
        worker.stop(signal.SIGKILL)
        threading.Timer(HOLD_3, sink.hold.clear).start()
        second = Process("worker", command, smtp_env, log).start()
        # The lease runs out, the second worker's sweep (every half lease) puts the task back, it runs.
        wait_for(lambda: task_statuses(cluster, email)[-1:] == ["SUCCESSFUL"], 4 * LEASE_3 + 20)
        copies = [message for message in sink.received if email in message]
        ids = {MESSAGE_ID_RE.search(message).group(1) for message in copies if MESSAGE_ID_RE.search(message)}
        statuses = task_statuses(cluster, email)
        # careers.outbox: the hand-off process outlives the killed worker, gets the server's answer and
        # records it; the task run again finds the record. One copy, one Message-ID.
        report(
            len(copies) == 1 and len(ids) == 1 and statuses[-1:] == ["SUCCESSFUL"],
            "3 worker killed (SIGKILL) while the mail server held the email",
            f"delivered {len(copies)} time(s) with {len(ids)} Message-ID(s) {sorted(ids)}; task status"
            f" {statuses}",
        )
    finally:
        worker.stop(signal.SIGKILL)
        if second:
            second.stop()


# --- 5. Junk query strings ---------------------------------------------------------------------------------


JUNK_PAGES = (
    "/tracks/operations/",
    "/tracks/operations/?metro=35620",
    "/search/?q=nurse",
    "/compare/?tracks=nursing&tracks=operations",
    "/",
    "/sitemap.xml",
)
JUNK_PARAMS = ("utm_source", "junk", "fbclid", "utm_campaign")


def play_junk_query_strings(app_port, redis_port, front_port=None):
    """200 requests, each with a query parameter no page reads, over six public pages (each asked once
    clean first): the Redis keys they add (pages and counters share this Redis here), their statuses;
    then the same through nginx (its cache must be bypassed, never filled)."""
    base = f"http://127.0.0.1:{app_port}"
    for path in JUNK_PAGES:
        fetch(f"{base}{path}")
    before = redis_keys(redis_port)
    statuses = collections.Counter()
    for n in range(200):
        path = JUNK_PAGES[n % len(JUNK_PAGES)]
        junk = f"{JUNK_PARAMS[n % len(JUNK_PARAMS)]}=junk{n}"
        statuses[str(fetch(f"{base}{path}{'&' if '?' in path else '?'}{junk}", timeout=30)[0])] += 1
    added = redis_keys(redis_port) - before
    report(
        added == 0 and set(statuses) == {"200"},
        f"5 200 junk query strings on {len(JUNK_PAGES)} public pages",
        f"{added} cache keys added (statuses {dict(statuses)})",
    )
    if front_port is None:
        return
    cache_status = collections.Counter()
    statuses = collections.Counter()
    for n in range(60):
        url = f"http://127.0.0.1:{front_port}/tracks/operations/?utm_source=front{n}"
        request = urllib.request.Request(url)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                statuses[str(response.status)] += 1
                cache_status[response.headers.get("X-Cache-Status", "-")] += 1
        except urllib.error.HTTPError as error:
            statuses[str(error.code)] += 1
    report(
        set(statuses) <= {"200", "429"} and set(cache_status) <= {"BYPASS"},
        "5 60 junk query strings through nginx",
        f"X-Cache-Status {dict(cache_status)} (statuses {dict(statuses)})",
    )


# --- The run -----------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="2,3,4,5,8", help="which faults to play, in this order")
    parser.add_argument("--freeze", type=int, default=20, help="seconds PostgreSQL stays frozen (item 2)")
    args = parser.parse_args()
    only = [item.strip() for item in args.only.split(",") if item.strip()]
    for tool in ("nginx", "redis-server", "psql"):
        if not shutil.which(tool):
            raise SystemExit(
                f"{tool} is not installed (apt-get install -y nginx redis-server postgresql-client)"
            )

    root = Path(tempfile.mkdtemp(prefix="careers-faults-"))
    os.chmod(root, 0o755)
    cluster = Cluster(root)
    gunicorn = None
    try:
        print(f"own PostgreSQL cluster and Redis in {root}; loading the data (a few minutes)", flush=True)
        cluster.create()
        with own_redis(root) as redis_port:
            app_port = free_port()
            env = production_env(
                app_port,
                cluster.url,
                REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
                GUNICORN_MAX_REQUESTS="0",
                DJANGO_SECURE_COOKIES="0",  # plain http on loopback: the CSRF cookie must come back
                DJANGO_LOG_LEVEL="ERROR",
            )
            env.pop("EMAIL_HOST", None)
            for command in (
                ["migrate", "--noinput", "-v0"],
                ["createcachetable"],
                ["load_workforce_data"],
                ["load_tracks"],
                ["collectstatic", "--noinput", "-v0"],
            ):
                subprocess.run(
                    [PYTHON, "manage.py", *command],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    timeout=900,
                )
            gunicorn_bin = str(Path(PYTHON).with_name("gunicorn"))
            gunicorn = Process("gunicorn", [gunicorn_bin, "careers.wsgi"], env, root / "gunicorn.log").start()
            wait_until_up(f"http://127.0.0.1:{app_port}/ping")
            deadline = float(env.get("DATABASE_REQUEST_DEADLINE_SECONDS", "5"))
            with start_front(app_port=app_port) as front:
                app = f"http://127.0.0.1:{app_port}"
                print(f"gunicorn on 127.0.0.1:{app_port}, nginx on 127.0.0.1:{front}\n", flush=True)
                for item in only:
                    started = time.monotonic()
                    if item == "2":
                        play_frozen_database(cluster, front, gunicorn, args.freeze, deadline)
                    elif item == "3":
                        play_worker_killed_while_sending(cluster, app, env, root)
                    elif item == "4":
                        play_worker_outages(cluster, app, env, root)
                    elif item == "5":
                        play_junk_query_strings(app_port, redis_port, front)
                    elif item == "8":
                        one_client_checks(front, lambda ok, label, detail: report(ok, f"8 {label}", detail))
                        origin = confirmation_link_host(front, cluster.url)
                        report(
                            origin == f"http://127.0.0.1:{front}",
                            "8 the link in a confirmation email (site reached through nginx)",
                            f"{origin}/accounts/confirm-email/... (site at 127.0.0.1:{front})",
                        )
                    print(f"      ({item}: {time.monotonic() - started:.0f} s)", flush=True)
    finally:
        cluster.thaw()
        if gunicorn:
            gunicorn.stop()
        cluster.destroy()
        shutil.rmtree(root, ignore_errors=True)
    held = sum(ok for ok, _, _ in RESULTS)
    print(f"\n{held} of {len(RESULTS)} checks held")
    if held < len(RESULTS):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

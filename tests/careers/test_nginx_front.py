"""deploy/nginx.conf, run for real (Debian's nginx; skipped where it is not installed) in front of a
tiny upstream that echoes what reached it: one client cannot exhaust it, a slow body is cut, and the
Host keeps its port (links in emails). bench/nginx_front.py plays the same against gunicorn."""

import contextlib
import http.server
import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")

BENCH = Path(settings.BASE_DIR) / "bench"


def _bench_module(name):
    import sys

    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


class _Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one request is one round trip (no delayed-ACK wait)

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = f"host={self.headers.get('Host')}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        public = self.path.startswith("/public/")  # a public page, as pages.cache marks them
        self.send_header("Cache-Control", "public, max-age=300" if public else "private, no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def front():
    front_module = _bench_module("nginx_front")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = front_module.free_port()
    with tempfile.TemporaryDirectory(prefix="careers-nginx-test-") as folder:
        tmp = Path(folder)
        os.chmod(tmp, 0o755)
        site = front_module.site_config(app_port=upstream.server_address[1], port=port, tmp=tmp)
        user = f"user {front_module.getpass.getuser()};" if os.geteuid() == 0 else ""
        conf = tmp / "nginx.conf"
        conf.write_text(front_module.MAIN_CONF.format(user=user, tmp=tmp, site=site))
        nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"])
        try:
            for _ in range(50):
                with contextlib.suppress(OSError):
                    front_module.get(port, "/ping", timeout=1)
                    break
                time.sleep(0.1)
            yield front_module, port
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
            upstream.shutdown()


def test_the_host_reaches_django_with_its_port(front):
    module, port = front
    status, _, body = module.get(port, "/ping", headers={"Host": f"127.0.0.1:{port}"})
    assert status == 200
    assert body.decode() == f"host=127.0.0.1:{port}"  # $host dropped the port: links pointed at :80


def test_one_client_holds_at_most_twenty_requests_the_rest_get_429_and_others_are_served(front):
    module, port = front
    bodies = [module.start_slow_body(port, "127.0.0.71") for _ in range(30)]
    try:
        time.sleep(0.5)
        answers = [module.answered_at_once(sock, 0.05) for sock in bodies]
        assert answers.count(None) == 20  # nginx reads 20 bodies, never more at once
        assert answers.count(429) == 10  # the rest are refused at once (not 503)
        status, seconds = module.timed_ping(port, source="127.0.0.72")
        assert status == 200 and seconds < 1
    finally:
        for sock in bodies:
            sock.close()


def test_a_body_at_one_byte_every_five_seconds_is_cut(front):
    module, port = front
    seconds, said = module.slow_body_seconds(port, "127.0.0.73", gap=5.0, limit=12)
    assert said is not None  # before: 10 s per gap, so the body was read for as long as it lasted
    assert seconds < 6


def test_a_burst_from_one_client_gets_429_never_a_5xx(front):
    module, port = front
    statuses = module.burst(port, 400, "127.0.0.74")  # 20 a second, bursts of 100
    assert 429 in statuses
    assert all(status in (200, 429) for status in statuses)


def test_junk_query_strings_are_neither_looked_up_nor_stored_in_nginx_cache(front):
    """Issue 20 item 5: nginx forwarded and cached every distinct query string. A query with only the
    parameters public pages read is cached; one with any other parameter bypasses nginx's cache."""
    module, port = front
    statuses = [module.get(port, "/public/?metro=35620&q=a")[1].get("X-Cache-Status") for _ in range(2)]
    assert statuses == ["MISS", "HIT"]
    for n in range(3):
        for path in (f"/public/?utm_source=x{n}", f"/public/?metro=35620&junk={n}", f"/public/?fbclid={n}"):
            assert [module.get(port, path)[1].get("X-Cache-Status") for _ in range(2)] == ["BYPASS"] * 2

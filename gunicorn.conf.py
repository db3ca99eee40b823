"""gunicorn settings: ``gunicorn careers.wsgi`` picks this file up from the project folder.

Every value can be overridden from the environment (GUNICORN_*), so one file serves every machine.
gunicorn sits behind nginx (deploy/nginx.conf), which buffers slow clients and whole request bodies, so
the synchronous workers only ever see complete requests. It listens on loopback (or a Unix socket:
``GUNICORN_BIND=unix:/run/careers/gunicorn.sock``), never on a public address.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak can never take the site down; the jitter (at least half
# of max_requests) spreads the restarts so the workers never all restart together under load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2)))
# Header limits (nginx enforces its own first).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")  # "-" = stdout
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only nginx on this host may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = True
# gunicorn 27's control socket defaults to one path per host, shared by every instance on it: off,
# unless GUNICORN_CONTROL_SOCKET names a path for this instance.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket


def when_ready(server):
    """The app is loaded (preload_app) and the workers are not forked yet: open the job-title search
    index here (this host's memory-mapped file), so every worker starts with it open."""
    if server.cfg.preload_app:
        from pages.search.selectors import open_before_fork

        open_before_fork()

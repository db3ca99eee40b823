"""What the bench scripts share: the project's paths, a free loopback port, the production-like
environment of a bench's gunicorn, and waiting for a server to answer."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"


def run(cmd, env, **kwargs):
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(port: int, database_url: str, **extra: str) -> dict:
    """The environment of a bench's gunicorn: production settings (DEBUG off), loopback only, quiet
    logs; ``extra`` adds or overrides variables (REDIS_URL, GUNICORN_WORKERS, ...)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careers.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "GUNICORN_LOG_LEVEL": "warning",
        **extra,
    }


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not come up at {url}")

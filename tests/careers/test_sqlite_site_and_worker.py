"""On the default SQLite database, an editor's saves and the task worker share one file: each waits for
the other (WAL, a busy timeout, immediate write transactions: careers/settings.py) and none fails.

The session's test database (federal data and snapshots loaded) is copied to a file; a task worker
process polls it while an editor process saves a published track through the admin several times, each
save rebuilding the track's snapshots in one transaction, and queues an email after each save.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tracks.models import Track

pytestmark = [
    pytest.mark.federal,  # needs the real federal data (loaded once per session: tests/conftest.py)
    # No transaction around the test: the copy reads the database as committed (a test transaction would
    # hold its write lock and the copy would wait for it forever).
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking"),
]

ROOT = Path(__file__).resolve().parents[2]
SAVES = 4


def copy_test_database(target: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)


def env_for(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }


def sent_and_pending(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database, timeout=30) as db:
        rows = dict(
            db.execute("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status")
        )
    return rows.get("SUCCESSFUL", 0), sum(n for status, n in rows.items() if status != "SUCCESSFUL")


@pytest.mark.slow
def test_an_editor_saves_while_the_worker_polls_the_same_file(tmp_path):
    database = tmp_path / "site.sqlite3"
    copy_test_database(database)
    slug = Track.objects.published().order_by("slug").values_list("slug", flat=True).first()
    env = env_for(database)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        editor = subprocess.run(
            [sys.executable, "-m", "tests.careers.sqlite_editor", slug, str(SAVES)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert editor.returncode == 0, editor.stderr[-3000:]
        result = json.loads(editor.stdout.strip().splitlines()[-1])
        assert result["statuses"] == [302] * SAVES, editor.stderr[-3000:]

        deadline = time.monotonic() + 60
        while sent_and_pending(database) != (SAVES, 0) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()[-3000:]
            time.sleep(0.2)
        assert sent_and_pending(database) == (SAVES, 0)
        assert worker.poll() is None, "the worker stopped"
    finally:
        worker.kill()
        worker.wait(timeout=10)

    with sqlite3.connect(database) as db:
        (lede,) = db.execute("SELECT lede FROM tracks_track WHERE slug = ?", [slug]).fetchone()
    assert lede == result["lede"]

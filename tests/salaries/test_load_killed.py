"""A load killed midway (SIGKILL, no chance to clean up) leaves the previous data intact, and the site
keeps serving it during and after the load.

PostgreSQL only: the load runs in a separate process against the test database, which an in-memory
SQLite test database cannot share. CI runs the suite on PostgreSQL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from salaries.importers.tables import ALL
from tests.caches import clear_caches

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (a second process shares the test database)",
    ),
    pytest.mark.federal,  # the previous data it must leave served
]


def row_counts():
    return {table.name: table.model.objects.count() for table in ALL}


def loader_backend(application_name):
    with connection.cursor() as cursor:
        # Statistics views are snapshotted per transaction, and the test runs inside one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid, query FROM pg_stat_activity WHERE application_name = %s AND state = 'active'",
            [application_name],
        )
        return cursor.fetchone()


def track_page(client):
    clear_caches()  # read the database, not a cached page
    response = client.get("/tracks/operations/")
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_killed_load_leaves_previous_data_served(client):
    db = settings.DATABASES["default"]
    application_name = f"killed-load-{os.getpid()}"
    url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        f"?application_name={application_name}"
    )
    before = row_counts()
    page_before = track_page(client)

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "careers.settings",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    loader = subprocess.Popen(
        [sys.executable, str(manage), "load_workforce_data", "--force"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:  # wait until the loader is writing rows (its DELETE or COPY is running)
            backend = loader_backend(application_name)
            if backend and backend[1].lstrip().upper().startswith(("COPY", "DELETE", "INSERT")):
                break
            assert loader.poll() is None, "the load finished before it could be killed"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.05)

        # Mid-load, readers still see the previous data, without waiting on the loader's locks.
        started = time.monotonic()
        assert track_page(client) == page_before
        assert time.monotonic() - started < 30
        assert row_counts() == before

        loader.send_signal(signal.SIGKILL)
        loader.wait(timeout=30)
    finally:
        if loader.poll() is None:
            loader.kill()
            loader.wait()

    deadline = time.monotonic() + 30
    while loader_backend(application_name) and time.monotonic() < deadline:
        time.sleep(0.1)  # PostgreSQL rolls back the dead client's transaction
    assert row_counts() == before
    assert track_page(client) == page_before

"""Settings of the worker processes that tests/careers/test_worker.py starts (``manage.py db_worker``).

The test settings, with tasks queued in the database (as in production) and mail written as files to
``WORKER_TEST_MAIL_DIR`` through ``tests.careers.gated_mail``. SQLite waits 0.5 s for a lock instead
of 5 s, so a test sees the worker meet a locked database quickly. With ``WORKER_TEST_READ_ONLY`` set
the database is read-only: SQLite opened with ``mode=ro``, PostgreSQL in read-only transactions. With
``WORKER_TEST_SMTP_PORT`` set, mail goes by SMTP to that port on loopback (tests.careers.smtp_sink),
handed off as with a real mail server (``EMAIL_HANDOFF``).
"""

import os

os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

from tests.settings import *  # noqa: E402, F403

MAILERS = {
    "default": {
        "BACKEND": "tests.careers.gated_mail.EmailBackend",
        "OPTIONS": {"file_path": os.environ["WORKER_TEST_MAIL_DIR"]},
    }
}
if os.environ.get("WORKER_TEST_SMTP_PORT"):  # a mail server on loopback (tests.careers.smtp_sink)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["WORKER_TEST_SMTP_PORT"]), "timeout": 10},
        }
    }
    EMAIL_HANDOFF = env_bool("EMAIL_HANDOFF", True)  # noqa: F405 (as with EMAIL_HOST set)

_database = DATABASES["default"]  # noqa: F405
_read_only = bool(os.environ.get("WORKER_TEST_READ_ONLY"))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database.setdefault("OPTIONS", {})["timeout"] = 0.5
    if _read_only:
        _database["NAME"] = f"file:{_database['NAME']}?mode=ro"
elif _read_only:
    _database.setdefault("OPTIONS", {})["options"] = "-c default_transaction_read_only=on"

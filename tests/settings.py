"""Settings for the test run: the project's one settings module, with test-safe environment defaults.

Only environment defaults are set here (before ``careers.settings`` reads them); every value still
comes from ``careers/settings.py``, so tests exercise the production code paths (DEBUG off).
"""

import os

os.environ.setdefault("DJANGO_ENV_FILE", "")  # never read a developer's .env in tests
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tasks run at once in tests (emails still wait for the commit: see tests/careers/test_email_tasks.py).
os.environ.setdefault("DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
# Loading the reference data runs long COPY statements; tests that need the timeout set it themselves.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")  # Playwright's sync API runs an event loop

from careers.settings import *  # noqa: E402, F403

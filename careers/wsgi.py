"""WSGI entry point: ``gunicorn careers.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")

application = get_wsgi_application()

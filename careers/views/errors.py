"""The 500 handler (``handler500`` in ``careers/urls.py``).

Django turns an exception raised in a middleware (not a view) into the 500 page without asking any
``process_exception``: a session saved at the end of a sign-in on a read-only database, a page-cache
lookup that needed the frozen database. Those are the database being unavailable, not a bug: they get
the same 503 page as a view's (with "not saved" for a form), so every path through the site answers a
database outage the same way.
"""

import sys

from django.views.defaults import server_error as django_server_error

from careers.middleware import database_unavailable, database_unavailable_response


def server_error(request, template_name="500.html"):
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return django_server_error(request, template_name=template_name)

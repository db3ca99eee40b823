"""One request to every pattern of the URLconf, on whatever database the suite runs on (SQLite by default):
public pages, CSV downloads, member pages and the admin. None may answer a server error.

A pattern this module cannot fill in fails the test: a new URL gets a sample here, so it is requested on
SQLite as a newcomer runs the site, and on PostgreSQL in CI.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careers.models import Position
from tests.careers.factories import AUSTIN, make_member

pytestmark = pytest.mark.django_db

OCCUPATION = "29-1141"  # Registered Nurses: in published tracks, with every table
TRACK = "operations"
STATE = "NC"
CSV_LINK = re.compile(r'href="([^"]+\.csv)"')


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, name, pattern) for every leaf pattern of the URLconf, names with their namespaces."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern


def first_csv_link(client, page_url: str) -> str:
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    links = CSV_LINK.findall(response.content.decode())
    assert links, f"{page_url} links no CSV"
    return links[0].replace("&amp;", "&")


class Samples:
    """A concrete URL for each pattern, built from the loaded data and one member's own rows."""

    def __init__(self, client, member):
        self.client = client
        position = Position.objects.create(user=member, title="Analyst", start_date=datetime.date(2020, 1, 1))
        self.position_pk = position.pk
        self.member = member

    def url(self, route: str, name: str | None) -> str:
        if route.startswith(reverse("admin:index").lstrip("/")):
            return self.admin_url(route, name)
        return self.site_url(route, name)

    def site_url(self, route: str, name: str | None) -> str:
        simple = {
            "tracks:detail": lambda: reverse(name, kwargs={"slug": TRACK}),
            "tracks:chart_csv": lambda: first_csv_link(self.client, reverse("tracks:detail", args=[TRACK])),
            "occupation": lambda: reverse(name, kwargs={"code": OCCUPATION}),
            "occupation_csv": lambda: first_csv_link(self.client, reverse("occupation", args=[OCCUPATION])),
            "occupation_moves": lambda: reverse(name, kwargs={"code": OCCUPATION}),
            "occupation_moves_csv": lambda: reverse(name, kwargs={"code": OCCUPATION}),
            "metro": lambda: reverse(name, kwargs={"code": AUSTIN}),
            "metro_csv": lambda: reverse(name, kwargs={"code": AUSTIN}),
            "state": lambda: reverse(name, kwargs={"postal": STATE}),
            "state_csv": lambda: reverse(name, kwargs={"postal": STATE}),
            "position_edit": lambda: reverse(name, kwargs={"pk": self.position_pk}),
            "position_delete": lambda: reverse(name, kwargs={"pk": self.position_pk}),
            "track_unfollow": lambda: reverse(name, kwargs={"slug": TRACK}),
            "follow_unsubscribe": lambda: reverse(name, kwargs={"token": "not-a-valid-token"}),
            "account_confirm_email": lambda: reverse(name, kwargs={"key": "not-a-key"}),
            "account_reset_password_from_key": lambda: reverse(
                name, kwargs={"uidb36": "1", "key": "not-a-key"}
            ),
        }
        if name in simple:
            return simple[name]()
        if name is not None and not re.search(r"[<(\[]", route):
            return reverse(name)
        raise LookupError(f"no sample for {route!r} ({name})")

    def admin_url(self, route: str, name: str | None) -> str:
        special = {
            "admin:app_list": lambda: reverse(name, kwargs={"app_label": "tracks"}),
            "admin:view_on_site": lambda: reverse(name, args=[self._content_type_pk(), self._track_pk()]),
            "admin:auth_user_password_change": lambda: reverse(name, kwargs={"id": self.member.pk}),
            "admin:tracks_track_recover": lambda: reverse(name, args=[self._track_version_pk()]),
            "admin:tracks_track_revision": lambda: reverse(
                name, args=[self._track_pk(), self._track_version_pk()]
            ),
        }
        if name in special:
            return special[name]()
        if route.endswith("(?P<url>.*)$"):  # the admin's catch-all
            return reverse("admin:index") + "no-such-page/"
        model = self._model_of(route)
        if model is not None and "<path:object_id>" in route:
            pk = self._first_pk(model)
            if name is None:  # the bare object URL, which redirects to its change page
                return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])[
                    : -len("change/")
                ]
            return reverse(name, args=[pk])
        if name is not None and not re.search(r"[<(\[]", route):
            return reverse(name)
        raise LookupError(f"no sample for {route!r} ({name})")

    @staticmethod
    def _model_of(route: str):
        parts = route.split("/")
        try:
            return apps.get_model(parts[1], parts[2]) if len(parts) > 3 else None
        except (LookupError, ValueError):
            return None

    def _track_pk(self) -> str:
        return self._first_pk(apps.get_model("tracks", "Track"))

    def _content_type_pk(self) -> int:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(apps.get_model("tracks", "Track")).pk

    def _track_version_pk(self) -> int:
        from reversion.models import Version

        version = Version.objects.get_for_model(apps.get_model("tracks", "Track")).order_by("pk").first()
        if version is None:
            pytest.fail("no saved version of a track to request the history pages with")
        return version.pk

    def _first_pk(self, model) -> str:
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is None:
            pytest.fail(f"no {model._meta.label} row to request its admin pages with")
        return str(pk)


@pytest.fixture
def staff_member(django_user_model):
    member = make_member("every-url@example.org")
    member.is_staff = member.is_superuser = True
    member.save(update_fields=["is_staff", "is_superuser"])
    _a_row_for_every_admin_model()
    return member


def _a_row_for_every_admin_model():
    """Sign-in records and a queued task, so their admin change pages have an object to show."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    seen = {"ip_address": "192.0.2.1", "user_agent": "test", "username": "x@example.org"}
    AccessAttempt.objects.create(**seen, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    DBTaskResult.objects.create(
        task_path="careers.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )


def test_every_url_pattern_answers_without_a_server_error(client, staff_member, page_snapshots, settings):
    """Anonymous, then signed in as a staff member with a career record: no 5xx anywhere."""
    # The site's own task backend (the test run's immediate one cannot show queued tasks in the admin).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    samples = Samples(client, staff_member)
    urls = {}
    for route, name, _pattern in url_patterns():
        urls[route] = samples.url(route, name)
    assert len(urls) >= 190, "the URLconf walk found too few patterns"

    failures = []
    for signed_in in (False, True):
        if signed_in:
            client.force_login(staff_member)
        for route, url in urls.items():
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {url} ({route}, signed in: {signed_in})")
    assert failures == []

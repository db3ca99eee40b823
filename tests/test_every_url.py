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
from django.contrib import admin
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
        if name and name.startswith("admin:"):
            return self.admin_url(route, name)
        if route.startswith("admin/"):
            return self.admin_url(route, name)
        return self.site_url(route, name)

    def site_url(self, route: str, name: str | None) -> str:
        simple = {
            "tracks:detail": lambda: reverse(name, kwargs={"slug": TRACK}),
            "tracks:chart_csv": lambda: first_csv_link(self.client, reverse("tracks:detail", args=[TRACK])),
            "occupation": lambda: reverse(name, kwargs={"code": OCCUPATION}),
            "occupation_csv": lambda: first_csv_link(self.client, reverse("occupation", args=[OCCUPATION])),
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
        admin_root = reverse("admin:index")
        if name is None:  # the object shortcut (redirects to change) and the catch-all
            if route.endswith("<path:object_id>/"):
                return admin_root + route.removeprefix(admin_root.lstrip("/")).replace(
                    "<path:object_id>", str(self._first_pk_for_route(route))
                )
            if route.endswith("(?P<url>.*)$"):
                return admin_root + "no-such-page/"
            raise LookupError(f"no sample for {route!r}")
        action = name.removeprefix("admin:")
        if action == "app_list":
            return reverse(name, kwargs={"app_label": "tracks"})
        if action == "view_on_site":
            return reverse("admin:index")  # needs a content type; covered by change pages linking it
        if action == "auth_user_password_change":
            return reverse(name, kwargs={"id": self.member.pk})
        if action in ("tracks_track_recover",):
            return reverse("admin:tracks_track_recoverlist")
        if action == "tracks_track_revision":
            track_pk = self._first_pk(apps.get_model("tracks", "Track"))
            return reverse("admin:tracks_track_history", args=[track_pk])
        if action == "tracks_track_preview":
            return reverse(name, args=[self._first_pk(apps.get_model("tracks", "Track"))])
        for model, model_admin in admin.site._registry.items():
            info = f"{model._meta.app_label}_{model._meta.model_name}_"
            if action.startswith(info):
                suffix = action.removeprefix(info)
                if suffix in ("changelist", "add"):
                    return reverse(name)
                return reverse(name, args=[self._first_pk(model)])
        if not re.search(r"[<(\[]", route):
            return reverse(name)
        raise LookupError(f"no sample for {route!r} ({name})")

    def _first_pk(self, model) -> str:
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is None:
            pytest.fail(f"no {model._meta.label} row to request its admin pages with")
        return str(pk)

    def _first_pk_for_route(self, route: str) -> str:
        app_label, model_name = route.split("/")[1:3]
        return self._first_pk(apps.get_model(app_label, model_name))


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


def test_every_url_pattern_answers_without_a_server_error(client, staff_member, page_snapshots):
    """Anonymous, then signed in as a staff member with a career record: no 5xx anywhere."""
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

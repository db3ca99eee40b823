"""An editor saving a published track through the admin, run as its own process against the SQLite file
named by ``DATABASE_URL`` (tests/careers/test_sqlite_site_and_worker.py starts it beside a task worker).

Each save also queues an email, as a member's sign-up would, for the worker to send. Prints one JSON
line: the status of every save and the lede the track was left with.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from careers.tasks import send_email  # noqa: E402
from tests.tracks.editorial import form_data  # noqa: E402
from tracks.models import Track  # noqa: E402


def main(slug: str, saves: int) -> None:
    setup_test_environment()
    editor, _ = get_user_model().objects.get_or_create(
        email="sqlite-editor@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(editor)
    track = Track.objects.get(slug=slug)
    change_url = reverse("admin:tracks_track_change", args=[track.pk])
    statuses, lede = [], ""
    for number in range(1, saves + 1):
        data = form_data(client.get(change_url))
        lede = f"{track.lede.split(' (save ')[0]} (save {number})"
        data["lede"] = lede
        statuses.append(client.post(change_url, data).status_code)
        send_email.enqueue(
            subject=f"Save {number}", body="Saved.", from_email="site@example.org", to=["a@example.org"]
        )
    print(json.dumps({"statuses": statuses, "lede": lede}))


if __name__ == "__main__":
    # As tests/conftest.py: pages link static files by name, without collectstatic's manifest.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
        main(sys.argv[1], int(sys.argv[2]))

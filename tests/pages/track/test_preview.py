"""Editors preview a track page (saved drafts, and unsaved form content) before publishing; the public
never sees a draft. The page itself is pages.track.build + pages/track/detail.html (tested there)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from reversion.models import Version

from tests.tracks.editorial import form_data, make_track
from tracks.editors import make_editor
from tracks.models import Role, Track, TrackIndustry

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

BANNER = "Preview — not published."


@pytest.fixture
def editor_client(client):
    user, _ = make_editor(email="editor@example.com", password="a long enough password")
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    return make_track("gamma", name="Gamma Work", links_to=[Track.objects.published().first()])


def preview_url(track=None):
    if track is None:
        return reverse("admin:tracks_track_preview_new")
    return reverse("admin:tracks_track_preview", args=[track.pk])


def test_a_draft_is_a_404_for_the_public_and_for_members(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    member = get_user_model().objects.create_user(email="member@example.com", password="x")
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_is_a_404_even_for_editors_on_the_public_address(editor_client, draft):
    assert editor_client.get(draft.get_absolute_url()).status_code == 404


def test_the_preview_address_is_for_staff_only(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    member = get_user_model().objects.create_user(email="member@example.com", password="x")
    client.force_login(member)
    assert client.get(preview_url(draft))["Location"].startswith(reverse("admin:login"))


def test_an_editor_previews_a_saved_draft(editor_client, draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = editor_client.get(preview_url(draft))

    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert "This track is a draft: the public cannot see it." in html
    assert "The saved version of this track." in html
    assert "Careers in Gamma Work" in html
    assert "Juniors keep the schedule honest." in html
    assert response.context["preview"] is True
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # the lede's [[median_pay]] is filled from the data, exactly as the public page would fill it
    median = response.context["placeholder_values"]["median_pay"]
    assert median.startswith("$")
    assert f"Gamma work pays {median} at the middle." in html
    assert "[[median_pay]]" not in html


def test_the_admin_change_page_links_to_the_saved_preview_and_posts_the_form_to_preview(editor_client, draft):
    html = editor_client.get(reverse("admin:tracks_track_change", args=[draft.pk])).content.decode()
    assert f'href="{preview_url(draft)}"' in html
    assert f'formaction="{preview_url(draft)}" formtarget="_blank"' in html


def test_preview_of_unsaved_edits_shows_them_and_saves_nothing(editor_client, draft):
    data = form_data(editor_client.get(reverse("admin:tracks_track_change", args=[draft.pk])))
    before = Track.objects.filter(pk=draft.pk).values().get()
    versions = Version.objects.count()
    data["senior_work"] = "Seniors *choose* which fires to let burn."
    data["roles-0-title"] = "Scheduling Coordinator"
    data["industries-0-DELETE"] = "on"
    data.update(
        {
            "roles-TOTAL_FORMS": "3",
            "roles-2-order": "3",
            "roles-2-level": "executive",
            "roles-2-title": "Chief Gamma Officer",
            "roles-2-occupation": "11-1011",
            "roles-2-pay_band": "p50_p90",
            "roles-2-work": "Answers for all of it.",
            "roles-2-move_up": "",
        }
    )

    response = editor_client.post(preview_url(draft), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert "nothing has been saved" in html
    assert "Seniors <em>choose</em> which fires to let burn." in html
    assert "Scheduling Coordinator" in html and "Chief Gamma Officer" in html
    assert "Factories." not in html  # the industry note marked for deletion
    assert Track.objects.filter(pk=draft.pk).values().get() == before
    assert list(Role.objects.filter(track=draft).values_list("title", flat=True)) == [
        "Coordinator",
        "Director",
    ]
    assert TrackIndustry.objects.filter(track=draft).count() == 1
    assert Version.objects.count() == versions


def test_preview_of_a_new_unsaved_track(editor_client, draft):
    data = form_data(editor_client.get(reverse("admin:tracks_track_change", args=[draft.pk])))
    data = {k: v for k, v in data.items() if not k.endswith("-id") and not k.endswith("-track")}
    for prefix in ("occupations", "roles", "industries", "links"):
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update({"name": "Omega Work", "slug": "omega", "lede": "Omega is new."})
    count = Track.objects.count()

    response = editor_client.post(preview_url(), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Careers in Omega Work" in html and "Omega is new." in html and BANNER in html
    assert "Coordinator" in html  # the inline rows came along
    assert Track.objects.count() == count


def test_preview_of_a_new_track_needs_the_form(editor_client):
    assert editor_client.get(preview_url()).status_code == 405


def test_preview_with_errors_lists_them_and_saves_nothing(editor_client, draft):
    data = form_data(editor_client.get(reverse("admin:tracks_track_change", args=[draft.pk])))
    data["lede"] = "Pays [[median_salary]]."
    data["roles-1-occupation"] = "11-0000"

    response = editor_client.post(preview_url(draft), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "The preview cannot be shown until these are fixed" in html
    assert "Unknown placeholder [[median_salary]]." in html
    assert "Roles, row 2, Occupation:" in html
    assert "Enter the code of a detailed SOC occupation, like 11-1021." in html
    draft.refresh_from_db()
    assert draft.lede == "Gamma work pays [[median_pay]] at the middle."


def test_unsaved_edits_to_a_published_track_stay_off_the_public_page(client, editor_client):
    track = make_track("lambda", status=Track.Status.PUBLISHED, name="Lambda Work")
    data = form_data(editor_client.get(reverse("admin:tracks_track_change", args=[track.pk])))
    data["lede"] = "A lede nobody has published."

    preview = editor_client.post(preview_url(track), data)

    assert preview.status_code == 200
    assert "A lede nobody has published." in preview.content.decode()
    public = client.get(track.get_absolute_url())
    assert public.status_code == 200
    assert "A lede nobody has published." not in public.content.decode()
    assert BANNER not in public.content.decode()


def test_publishing_a_draft_makes_it_public(client, editor_client, draft):
    data = form_data(editor_client.get(reverse("admin:tracks_track_change", args=[draft.pk])))
    data["status"] = "published"
    data["_save"] = "Save"
    assert editor_client.post(reverse("admin:tracks_track_change", args=[draft.pk]), data).status_code == 302
    assert client.get(draft.get_absolute_url()).status_code == 200

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from tests.tracks.editorial import form_data, make_track
from tracks.editors import EDITORS_GROUP, make_editor
from tracks.models import SECTION_FIELDS, Role, Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user, _ = make_editor(email="editor@example.com", password="a long enough password")
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(name, *args):
    return reverse(f"admin:tracks_track_{name}", args=args)


def inline_rows(data, prefix):
    return int(data[f"{prefix}-TOTAL_FORMS"])


# Permissions -------------------------------------------------------------------------------------------


def test_the_editors_group_may_edit_tracks_and_their_parts_and_nothing_else():
    codenames = set(
        Group.objects.get(name=EDITORS_GROUP).permissions.values_list("content_type__app_label", "codename")
    )
    expected = {
        ("tracks", f"{action}_{model}")
        for model in ("track", "trackoccupation", "role", "trackindustry", "relatedtrack")
        for action in ("add", "change", "delete", "view")
    }
    assert codenames == expected


def test_an_editor_is_staff_in_editors_and_not_a_superuser(editor):
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert editor.has_perm("tracks.change_role")
    assert not editor.has_perm("careers.view_user")
    assert not editor.has_perm("salaries.change_occupation")


def test_an_editor_cannot_open_the_user_admin_or_groups(editor_client):
    assert editor_client.get(reverse("admin:careers_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:careers_user_add")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_admin_index_shows_editors_only_tracks(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert [app["app_label"] for app in response.context["app_list"]] == ["tracks"]
    assert [model["object_name"] for model in response.context["app_list"][0]["models"]] == ["Track"]


def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(client):
    member = get_user_model().objects.create_user(email="member@example.com", password="x")
    client.force_login(member)
    response = client.get(url("changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_create_editor_command_makes_a_staff_editor_without_a_usable_password(capsys):
    call_command("create_editor", "New.Editor@Example.com", "--no-input")
    user = get_user_model().objects.get(email="new.editor@example.com")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert "Created editor new.editor@example.com." in capsys.readouterr().out
    call_command("create_editor", "new.editor@example.com", "--no-input")  # idempotent: promotes again
    assert get_user_model().objects.filter(email__iexact="new.editor@example.com").count() == 1


# Pages load ----------------------------------------------------------------------------------------------


def test_changelist_shows_status_last_review_and_number_of_roles(
    editor_client, django_assert_max_num_queries
):
    track = make_track("gamma", name="Gamma Work")
    track.reviewed_on = datetime.date(2026, 11, 2)
    track.save()
    with django_assert_max_num_queries(12):
        response = editor_client.get(url("changelist"), {"q": "Gamma"})
    assert response.status_code == 200
    assert response.context["cl"].list_display == [
        "action_checkbox",
        "name",
        "slug",
        "status",
        "reviewed_on",
        "reviewed_by",
        "role_count",
        "updated_at",
    ]
    rows = list(response.context["cl"].result_list)
    assert rows == [track]
    assert rows[0].role_count == 2
    html = response.content.decode()
    assert "Nov. 2, 2026" in html
    assert '<td class="field-role_count">2</td>' in html


def test_changelist_filters_by_status_and_review_date(editor_client):
    draft = make_track("gamma")
    published = make_track("delta", status=Track.Status.PUBLISHED, name="Delta Work")
    published.reviewed_on = datetime.date.today()
    published.save()
    mine = {draft, published}

    by_status = editor_client.get(url("changelist"), {"status__exact": "draft"})
    assert set(by_status.context["cl"].result_list) & mine == {draft}
    today = datetime.date.today()
    by_review = editor_client.get(
        url("changelist"),
        {
            "reviewed_on__gte": today.isoformat(),
            "reviewed_on__lt": (today + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert set(by_review.context["cl"].result_list) & mine == {published}
    filters = [spec.title for spec in by_status.context["cl"].filter_specs]
    assert filters == ["status", "reviewed on"]


def test_search_finds_tracks_by_role_title_and_soc_code(editor_client):
    track = make_track("gamma")
    track.roles.filter(order=1).update(title="Zymurgy Coordinator")
    hits = editor_client.get(url("changelist"), {"q": "zymurgy"}).context["cl"].result_list
    assert list(hits) == [track]
    hits = editor_client.get(url("changelist"), {"q": "43-1011"}).context["cl"].result_list
    assert track in list(hits)


def test_add_page_loads_with_the_four_inlines_and_placeholder_help(editor_client):
    response = editor_client.get(url("add"))
    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["occupations", "roles", "industries", "links"]
    html = response.content.decode()
    assert "<code>[[median_pay]]</code>" in html and "<code>[[oews_year]]</code>" in html
    assert 'formaction="/admin/tracks/track/preview/"' in html


def test_change_page_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries):
    track = make_track("gamma")
    with django_assert_max_num_queries(25) as few:
        assert editor_client.get(url("change", track.pk)).status_code == 200
    for n in range(3, 10):  # seven more roles must not add a query per role
        Role.objects.create(
            track=track, order=n, title=f"Rung {n}", level="mid", occupation_id="11-1021", work="w"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url("change", track.pk))
    assert response.status_code == 200
    assert f'formaction="/admin/tracks/track/{track.pk}/preview/"' in response.content.decode()


# Saving --------------------------------------------------------------------------------------------------


def test_an_editor_saves_a_track_and_its_parts(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data["senior_work"] = "Seniors choose which fires to let burn."
    data["roles-0-title"] = "Operations Coordinator"
    data["roles-1-DELETE"] = "on"
    n = inline_rows(data, "industries")
    data.update(
        {
            "industries-TOTAL_FORMS": str(n + 1),
            f"industries-{n}-order": "2",
            f"industries-{n}-industry": "62--63",
            f"industries-{n}-note": "Hospitals run on schedules too.",
        }
    )
    data["_save"] = "Save"

    response = editor_client.post(url("change", track.pk), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    track.refresh_from_db()
    assert track.senior_work == "Seniors choose which fires to let burn."
    assert list(track.roles.values_list("title", flat=True)) == ["Operations Coordinator"]
    assert list(track.industries.values_list("industry_id", "note")) == [
        ("31--34", "Factories."),
        ("62--63", "Hospitals run on schedules too."),
    ]
    version = Version.objects.get_for_object(track).get()
    assert version.revision.user.email == "editor@example.com"


def test_an_editor_adds_a_track(editor_client):
    make_track("gamma")  # reference rows
    data = {
        "name": "Epsilon Work",
        "slug": "epsilon",
        "status": "draft",
        "lede": "Epsilon.",
        "meta_description": "Epsilon in brief.",
        **{name: f"{name} text" for name in SECTION_FIELDS},
        "reviewed_by": "",
        "reviewed_on": "",
        "credits": "",
        "_save": "Save",
    }
    for prefix in ("occupations", "roles", "industries", "links"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(
        {"roles-TOTAL_FORMS": "1", "roles-0-order": "1", "roles-0-level": "entry", "roles-0-title": "Planner"}
    )
    data.update({"roles-0-occupation": "13-1082", "roles-0-pay_band": "p25_p75", "roles-0-work": "Plans."})

    response = editor_client.post(url("add"), data)

    assert response.status_code == 302
    created = Track.objects.get(slug="epsilon")
    assert list(created.roles.values_list("title", "occupation_id")) == [("Planner", "13-1082")]


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("lede", "Pays [[median_salary]].", "lede"),
        ("changing", "Growth of [[growth]] is expected.", "changing"),
        ("roles-0-work", "Earns [[pay]].", "roles"),
        ("industries-0-note", "[[sector_pay]] here.", "industries"),
    ],
)
def test_an_unknown_placeholder_is_rejected_on_save(editor_client, field, value, where):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    before = {key: data[key] for key in ("lede", "changing", "roles-0-work", "industries-0-note")}
    data[field] = value
    data["_save"] = "Save"

    response = editor_client.post(url("change", track.pk), data)

    assert response.status_code == 200  # the form again, with the error
    name = value[value.index("[[") : value.index("]]") + 2]
    assert f"Unknown placeholder {name}." in response.content.decode()
    if where in ("lede", "changing"):
        assert response.context["adminform"].form.errors[field][0].startswith(f"Unknown placeholder {name}.")
    track.refresh_from_db()
    assert track.lede == before["lede"] and track.changing == before["changing"]
    assert track.roles.get(order=1).work == before["roles-0-work"]


def test_known_placeholders_save(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data["lede"] = "Half earn more than [[median_pay]] ([[oews_year]])."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302
    track.refresh_from_db()
    assert track.lede == "Half earn more than [[median_pay]] ([[oews_year]])."


def test_a_track_cannot_link_to_itself(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data.update(
        {
            "links-TOTAL_FORMS": "1",
            "links-0-kind": "skills",
            "links-0-related": str(track.pk),
            "links-0-order": "1",
            "links-0-note": "",
            "_save": "Save",
        }
    )
    response = editor_client.post(url("change", track.pk), data)
    assert response.status_code == 200
    assert "A track cannot link to itself." in response.content.decode()
    assert not track.links.exists()


# History and restore -------------------------------------------------------------------------------------


def test_history_records_who_and_when_and_a_restore_brings_back_the_earlier_text(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "First version of the junior text."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302

    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "Second version of the junior text."
    data["roles-1-DELETE"] = "on"
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302
    track.refresh_from_db()
    assert track.junior_work == "Second version of the junior text."
    assert track.roles.count() == 1

    history = editor_client.get(url("history", track.pk))
    assert history.status_code == 200
    actions = history.context["action_list"]
    assert len(actions) == 2
    assert all(action["revision"].user.email == "editor@example.com" for action in actions)
    first = actions[-1]  # latest first
    assert "Changed Junior work" in first["revision"].get_comment()

    revision_page = editor_client.get(first["url"])
    assert revision_page.status_code == 200
    track.refresh_from_db()
    assert track.junior_work == "Second version of the junior text."  # viewing does not restore

    restore = form_data(revision_page)
    restore["_save"] = "Save"
    assert editor_client.post(first["url"], restore).status_code == 302

    track.refresh_from_db()
    assert track.junior_work == "First version of the junior text."
    assert list(track.roles.order_by("order").values_list("title", flat=True)) == ["Coordinator", "Director"]
    latest = Version.objects.get_for_object(track).first()
    assert latest.revision.get_comment().startswith("Reverted to previous version")


# Line endings, sector names and the restore page's differences (issue 11) --------------------------------


def test_saving_one_paragraph_with_browser_line_ends_records_only_that_change(editor_client):
    track = make_track("gamma")
    Track.objects.filter(pk=track.pk).update(
        senior_work="Line one.\nLine two.", who_thrives="Patient people.\nCurious people."
    )
    data = form_data(editor_client.get(url("change", track.pk)))
    # A browser sends every textarea back with CRLF line ends, changed or not.
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    data["junior_work"] = "A new junior paragraph.\r\nWith a second line."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302

    track.refresh_from_db()
    assert track.junior_work == "A new junior paragraph.\nWith a second line."  # stored with LF only
    assert track.senior_work == "Line one.\nLine two."
    comment = Version.objects.get_for_object(track).first().revision.get_comment()
    assert comment == "Changed Junior work."


def test_industry_notes_are_labelled_by_sector_name(editor_client):
    track = make_track("gamma")
    note = track.industries.select_related("industry").get()
    assert str(note) == "Gamma Work · Manufacturing"
    response = editor_client.get(url("change", track.pk))
    assert "Gamma Work · Manufacturing" in response.content.decode()
    assert "Gamma Work · 31--34" not in response.content.decode()


def test_the_restore_page_shows_what_the_version_changes_against_the_current_one(editor_client):
    track = make_track("gamma")
    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "First version of the junior text."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302
    data = form_data(editor_client.get(url("change", track.pk)))
    data["junior_work"] = "Second version of the junior text."
    data["industries-0-note"] = "Factories and plants."
    data["_save"] = "Save"
    assert editor_client.post(url("change", track.pk), data).status_code == 302

    first = editor_client.get(url("history", track.pk)).context["action_list"][-1]
    page = editor_client.get(first["url"])
    changes = {c["label"]: c for c in page.context["revision_differences"]}
    assert set(changes) == {"Junior work", "Industry note: Manufacturing"}
    assert changes["Junior work"]["current"] == "Second version of the junior text."
    assert changes["Junior work"]["version"] == "First version of the junior text."
    assert changes["Industry note: Manufacturing"]["version"] == "Factories."
    html = page.content.decode()
    assert "What restoring this version changes" in html
    assert "Industry note: Manufacturing" in html

import shutil

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from reversion.models import Version

from pages import snapshots as explore_snapshots
from tests.tracks.editorial import TEST_CATALOGUE, make_track, reference_data
from tracks.importers.catalogue import CatalogueError, load_catalogue, read_catalogue
from tracks.models import RelatedTrack, Role, Track, TrackIndustry, TrackOccupation

pytestmark = pytest.mark.django_db


@pytest.fixture
def explore_rebuilds(monkeypatch):
    """Each rebuild of the pages beyond the tracks that a load asks for, recorded instead of run.

    A load that changes a track rebuilds that track's page for real here, and then every occupation,
    metro and search snapshot of the whole data set, whatever the catalogue's size: half a minute of CPU
    a load, for pages these tests never read. That full rebuild runs for real in
    tests/pages/test_snapshots.py (a catalogue load shows on the next page) and in the session setup
    (tests/conftest.py loads the real catalogue into a new test database).
    """
    calls = []
    monkeypatch.setattr(explore_snapshots, "rebuild_all", lambda **kwargs: calls.append(kwargs) or {})
    return calls


@pytest.fixture
def catalogue(tmp_path, explore_rebuilds):
    """A writable copy of the small test catalogue, with the reference rows it needs."""
    reference_data()
    directory = tmp_path / "tracks"
    shutil.copytree(TEST_CATALOGUE, directory)
    return directory


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot():
    """Every catalogue row with every field, to compare loads."""
    slugs = ["test-alpha", "test-beta"]
    return {
        "tracks": list(Track.objects.filter(slug__in=slugs).order_by("slug").values()),
        "occupations": list(TrackOccupation.objects.filter(track__slug__in=slugs).order_by("pk").values()),
        "roles": list(Role.objects.filter(track__slug__in=slugs).order_by("pk").values()),
        "industries": list(TrackIndustry.objects.filter(track__slug__in=slugs).order_by("pk").values()),
        "links": list(RelatedTrack.objects.filter(track__slug__in=slugs).order_by("pk").values()),
    }


def test_load_creates_tracks_and_all_their_parts(catalogue, explore_rebuilds):
    summary = load_catalogue(catalogue)
    assert len(explore_rebuilds) == 1  # the pages beyond the tracks, once, in the load

    alpha = Track.objects.get(slug="test-alpha")
    assert alpha.name == "Alpha Work"
    assert alpha.status == "published"
    assert alpha.lede == (
        "Alpha work keeps a shop running — schedules, suppliers and people — and pays [[median_pay]] "
        "at the middle."
    )
    assert alpha.junior_work == "Juniors keep the **schedule** honest."  # block scalar, stripped
    assert str(alpha.reviewed_on) == "2026-11-20"
    assert alpha.reviewed_by == "Test editorial desk"
    assert list(alpha.occupations.values_list("occupation_id", "note")) == [
        ("11-1021", "The core of the track."),
        ("43-1011", "Where many start."),
    ]
    assert list(
        alpha.roles.values_list("order", "title", "level", "occupation_id", "pay_band", "move_up")
    ) == [
        (1, "Coordinator", "entry", "43-1011", "p10_p50", "Own a process."),
        (2, "Manager", "lead", "11-1021", "p25_p75", "Run several teams."),  # default pay band
        (3, "Chief Operating Officer", "executive", "11-1011", "p50_p90", ""),
    ]
    assert list(alpha.industries.values_list("order", "industry_id", "note")) == [
        (1, "31--34", "Factories run on schedules."),
        (2, "62--63", "Hospitals run on people."),
    ]
    assert list(alpha.links.values_list("kind", "related__slug", "note")) == [
        ("skills", "test-beta", "Same planning muscles."),
        ("teams", "test-beta", "They share a floor."),
    ]
    beta = Track.objects.get(slug="test-beta")
    assert beta.status == "draft"
    assert list(beta.links.values_list("kind", "related__slug")) == [("skills", "test-alpha")]
    assert summary.files == 2
    assert summary.counts[("track", "created")] == 2
    assert summary.counts[("role", "created")] == 4
    assert summary.counts[("link", "created")] == 3
    assert summary.pending_links == []


def test_loading_twice_changes_nothing(catalogue, explore_rebuilds):
    load_catalogue(catalogue)
    before = snapshot()
    versions = Version.objects.count()
    rebuilds = len(explore_rebuilds)

    summary = load_catalogue(catalogue)

    assert snapshot() == before  # same rows, same ids, same updated_at
    assert Version.objects.count() == versions  # no new revision either
    assert len(explore_rebuilds) == rebuilds == 1  # and no rebuild
    assert summary.tracks_changed == []
    assert {action for (_, action) in summary.counts} == {"unchanged"}


def test_a_changed_file_updates_in_place_and_removes_what_is_gone(catalogue):
    load_catalogue(catalogue)
    role_ids = list(
        Role.objects.filter(track__slug="test-alpha").order_by("order").values_list("pk", flat=True)
    )
    edit(catalogue / "test-alpha.yaml", "Seniors decide what to stop doing.", "Seniors pick the fights.")
    edit(catalogue / "test-alpha.yaml", "title: Manager", "title: Operations Manager")
    edit(  # drop the second industry
        catalogue / "test-alpha.yaml",
        '  - code: "62--63"\n    note: |\n      Hospitals run on people.\n',
        "",
    )

    summary = load_catalogue(catalogue)

    alpha = Track.objects.get(slug="test-alpha")
    assert alpha.senior_work == "Seniors pick the fights."
    assert list(alpha.roles.order_by("order").values_list("pk", "title")) == [
        (role_ids[0], "Coordinator"),
        (role_ids[1], "Operations Manager"),
        (role_ids[2], "Chief Operating Officer"),
    ]
    assert list(alpha.industries.values_list("industry_id", flat=True)) == ["31--34"]
    assert summary.tracks_changed == ["test-alpha"]
    assert summary.counts[("role", "updated")] == 1
    assert summary.counts[("industry", "deleted")] == 1
    latest = Version.objects.get_for_object(alpha).first()
    assert latest.revision.get_comment() == "Loaded from fixtures/tracks/test-alpha.yaml"


def test_a_track_whose_file_disappeared_is_left_alone(catalogue):
    load_catalogue(catalogue)
    other = make_track("gamma")
    (catalogue / "test-beta.yaml").unlink()
    edit(catalogue / "test-alpha.yaml", '    - slug: test-beta\n      note: "They share a floor."\n', "")

    load_catalogue(catalogue)

    assert Track.objects.filter(slug="test-beta").exists()
    assert Track.objects.filter(pk=other.pk).exists()


def test_links_to_tracks_not_yet_written_are_skipped_and_reported(catalogue):
    edit(
        catalogue / "test-alpha.yaml",
        '    - slug: test-beta\n      note: "Same',
        '    - slug: test-omega\n      note: "Same',
    )

    summary = load_catalogue(catalogue)

    assert summary.pending_links == ["test-alpha.yaml: skills link to 'test-omega' (no such track yet)"]
    assert list(Track.objects.get(slug="test-alpha").links.values_list("kind", flat=True)) == ["teams"]
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(catalogue, strict=True)
    assert caught.value.problems == summary.pending_links


def test_a_link_to_a_track_only_in_the_database_is_written(catalogue):
    make_track("test-omega")
    edit(
        catalogue / "test-alpha.yaml",
        '    - slug: test-beta\n      note: "Same',
        '    - slug: test-omega\n      note: "Same',
    )

    load_catalogue(catalogue)

    assert list(Track.objects.get(slug="test-alpha").links.values_list("kind", "related__slug")) == [
        ("skills", "test-omega"),
        ("teams", "test-beta"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "and pays\n  [[median_pay]]",
            "and pays\n  [[median_salary]]",
            "lede uses unknown placeholder(s): [[median_salary]]",
        ),
        ('code: "11-1021"', 'code: "11-1020"', "occupation 11-1020 is not a detailed occupation in the data"),
        ('code: "11-1021"', 'code: "11-0000"', "occupation 11-0000 is not a detailed occupation in the data"),
        (
            'occupation: "11-1011"',
            'occupation: "11-1000"',
            "maps to 11-1000, which is not a detailed occupation",
        ),
        ('code: "31--34"', 'code: "31-33"', "industry 31-33 is not an OEWS sector in the data"),
        ("level: lead", "level: manager", "roles[2] level 'manager' must be one of"),
        ("pay_band: p50_p90", "pay_band: p90_p99", "roles[3] pay_band 'p90_p99' must be one of"),
        ("status: published", "status: live", "status 'live' must be one of draft, published"),
        ("slug: test-alpha", "slug: test-alpha-2", "does not match the file name"),
        ("  changing: |", "  changes: |", "unknown section 'changes'"),
        ("reviewed_on: 2026-11-20", "reviewed_on: last week", "reviewed_on 'last week' is not a date"),
        ("Runs the team.", "Runs the teamâ€”well.", "roles[2].work contains garbled characters"),
        (
            '    - slug: test-beta\n      note: "Same',
            '    - slug: test-alpha\n      note: "Same',
            "links the track to itself",
        ),
        ("name: Alpha Work", "name: ''", "name is missing or empty"),
        ("related:", "relatd:", "unknown key 'relatd'"),
    ],
)
def test_a_bad_file_is_rejected_with_a_message_and_nothing_is_written(
    catalogue, explore_rebuilds, old, new, problem
):
    edit(catalogue / "test-alpha.yaml", old, new)

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(catalogue)

    assert any(
        problem in message and message.startswith("test-alpha.yaml: ") for message in caught.value.problems
    ), caught.value.problems
    assert not Track.objects.filter(slug__in=["test-alpha", "test-beta"]).exists()  # the good file too
    assert explore_rebuilds == []


def test_files_are_read_as_utf8(catalogue):
    (catalogue / "test-beta.yaml").write_bytes("slug: test-beta\nname: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(catalogue)
    assert any("test-beta.yaml: not valid UTF-8" in message for message in caught.value.problems)


def test_the_command_loads_and_reports_and_fails_loudly(catalogue, capsys):
    call_command("load_tracks", str(catalogue))
    out = capsys.readouterr().out
    assert "Tracks catalogue loaded: 2 file(s); tracks: 2 created" in out
    call_command("load_tracks", str(catalogue))
    assert "tracks: 2 unchanged" in capsys.readouterr().out

    edit(catalogue / "test-beta.yaml", 'code: "13-1082"', 'code: "99-9999"')
    with pytest.raises(CommandError, match="occupation 99-9999 is not a detailed occupation"):
        call_command("load_tracks", str(catalogue), "--check")


def edit_in_admin(track, **changes):
    """What an admin save does: change the track and record a revision with the editor as its user."""
    editor = get_user_model().objects.create_user(email="editor@example.com", password="x", is_staff=True)
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(track, name, value)
        track.save()
        reversion.set_user(editor)
        reversion.set_comment("Changed Senior work.")


def test_a_track_edited_in_admin_is_kept_unless_overwrite(catalogue, capsys):
    load_catalogue(catalogue)
    alpha = Track.objects.get(slug="test-alpha")
    edit_in_admin(alpha, senior_work="The editor's own words.")
    edit(catalogue / "test-alpha.yaml", "Seniors decide what to stop doing.", "The writer's new words.")
    edit(catalogue / "test-beta.yaml", "Beta people.", "Beta people, revised.")

    summary = load_catalogue(catalogue)

    alpha.refresh_from_db()
    assert alpha.senior_work == "The editor's own words."
    assert summary.kept_admin_edits == ["test-alpha"]
    assert summary.tracks_changed == ["test-beta"]  # other tracks still load
    assert Track.objects.get(slug="test-beta").who_thrives == "Beta people, revised."

    call_command("load_tracks", str(catalogue), "--overwrite")

    alpha.refresh_from_db()
    assert alpha.senior_work == "The writer's new words."
    assert "Kept as edited in admin" not in capsys.readouterr().out
    versions = list(Version.objects.get_for_object(alpha))  # newest first
    assert versions[0].revision.get_comment() == "Loaded from fixtures/tracks/test-alpha.yaml"
    assert versions[1].field_dict["senior_work"] == "The editor's own words."  # restorable
    assert load_catalogue(catalogue).kept_admin_edits == []  # the file is the truth again

"""Following a track: /me/ shows its latest headline figures and, once a newer data release is
loaded, what changed since the member followed it; an opt-in email (the follow digest, sent by a task)
says the same, with one-click unsubscribe.

The "newer release" is tests/careers/fixtures/oews_may_2026_changes.csv (made-up figures), loaded as a
second OEWS release inside each test's transaction, so it never stays in the test database. Expected
figures are recomputed here from the BLS May 2025 file (tests/careers/source.py), BEA's RPP file and
that CSV by plain arithmetic.
"""

import csv
import datetime
import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careers import digest
from careers.follows import Figures, changes
from careers.models import CareerProfile, FollowedTrack
from pages.snapshots import build_track
from salaries.models import DataRelease, WageEstimate
from tests.careers import source
from tests.careers.factories import make_member, make_profile, make_track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

FIXTURE = Path(__file__).parent / "fixtures" / "oews_may_2026_changes.csv"
RALEIGH = "39580"
RN = "29-1141"
NURSES = [("Registered Nurse", "entry", RN, "p10_p50")]  # one occupation: the track's median is its median
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").replace(" ;", ";")


def _dollars(value) -> str:
    return f"${int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)):,}"


def _ten(value: Decimal) -> int:
    return int((value / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10)


def _pct(then, now) -> str:
    change = (Decimal(now) - Decimal(then)) / Decimal(then) * 100
    text = f"{abs(change):.1f}%"
    return ("+" if change > 0 else "\u2212") + text


def build(*tracks):
    """Build the tracks' snapshots, as publishing them or loading data does."""
    for track in tracks:
        build_track(track)


def load_second_release(*tracks) -> DataRelease:
    """Load the fixture as the OEWS release after May 2025 (inside the test's transaction), then
    rebuild the given tracks' snapshots from it, as ``load_workforce_data`` rebuilds every track's."""
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    release = DataRelease.objects.create(
        source=DataRelease.Source.OEWS,
        vintage="May 2026",
        published_on=datetime.date(2027, 5, 14),
        source_file=FIXTURE.name,
        fixture_file=str(FIXTURE),
        checksum=hashlib.sha256(FIXTURE.read_bytes()).hexdigest(),
        rows_loaded={"wage_estimates": len(rows)},
    )
    WageEstimate.objects.bulk_create(
        WageEstimate(
            release=release,
            area_id=row["area_code"],
            industry_id="000000",
            occupation_id=row["occupation_code"],
            **{field: int(row[field]) for field in row if field not in {"area_code", "occupation_code"}},
        )
        for row in rows
    )
    build(*tracks)
    return release


@pytest.fixture
def expected():
    """Then (BLS May 2025) and now (the fixture) for Registered Nurses, U.S. and Raleigh."""
    bls = source.oews_rows(frozenset({("99", RN), (RALEIGH, RN)}))
    new = {(r["area_code"], r["occupation_code"]): r for r in csv.DictReader(FIXTURE.open(encoding="utf-8"))}
    rpp = source.rpp(RALEIGH) / 100

    def figures(jobs, median, metro_median):
        return {"jobs": int(jobs), "median": int(median), "metro": _ten(Decimal(metro_median) / rpp)}

    return {
        "then": figures(
            bls[("99", RN)]["TOT_EMP"].replace(",", ""),
            bls[("99", RN)]["A_MEDIAN"].replace(",", ""),
            bls[(RALEIGH, RN)]["A_MEDIAN"].replace(",", ""),
        ),
        "now": figures(
            new[("99", RN)]["employment"],
            new[("99", RN)]["annual_median"],
            new[(RALEIGH, RN)]["annual_median"],
        ),
    }


@pytest.fixture
def nurses():
    track = make_track("gs-nurses", "GS Nurses", ladder=NURSES)
    build(track)
    return track


@pytest.fixture
def member(nurses):
    user = make_member("follower@example.org")
    make_profile(user, nurses, metro_code=RALEIGH)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --------------------------------------------------------------------------------------------------
# Pure comparison


def test_changes_between_two_releases():
    then = Figures("May 2025", 1000, 50000, "1", "Here, ST", 48000)
    now = Figures("May 2026", 1100, 49000, "1", "Here, ST", None)
    result = changes(then, now)
    assert result.new_release and result.changed
    assert [(c.label, c.then, c.now, c.difference) for c in result.changes] == [
        ("U.S. jobs", "1,000", "1,100", "+100 (+10.0%)"),
        ("Median annual pay", "$50,000", "$49,000", "\u2212$1,000 (\u22122.0%)"),
        (
            "Median pay in Here, ST at U.S. prices",
            "$48,000",
            "not available",
            "not comparable (not published in both releases)",
        ),
    ]
    same = changes(then, Figures("May 2026", 1000, 50000, "1", "Here, ST", 48000))
    assert same.new_release and not same.changed
    assert [c.difference for c in same.changes] == ["no change"] * 3
    assert not changes(then, then).new_release
    # The member moved: their new metro has no "then" to compare with, so it is left out.
    moved = changes(then, Figures("May 2026", 1000, 50000, "2", "There, ST", 51000))
    assert [c.label for c in moved.changes] == ["U.S. jobs", "Median annual pay"]
    assert Figures.from_dict(then.as_dict()) == then and Figures.from_dict({}) is None


# --------------------------------------------------------------------------------------------------
# /me/


def test_following_records_the_figures_of_the_day(member_client, member, nurses, expected):
    FollowedTrack.objects.filter(user=member).delete()
    assert member_client.post("/me/tracks/follow/", {"track": nurses.slug}).status_code == 302
    baseline = FollowedTrack.objects.get(user=member, track=nurses).baseline
    then = expected["then"]
    assert baseline == {
        "release": "May 2025",
        "jobs": then["jobs"],
        "median": then["median"],
        "metro_code": RALEIGH,
        "metro_name": "Raleigh-Cary, NC",
        "metro_adjusted_median": then["metro"],
    }
    text = _text(member_client.get("/me/"))
    assert (
        f"Latest figures, BLS OEWS May 2025: {then['jobs']:,} U.S. jobs; median annual pay "
        f"{_dollars(then['median'])}; in Raleigh-Cary, NC at U.S. prices {_dollars(then['metro'])}."
    ) in text
    assert "No new data release since then" in text


def test_after_a_new_release_me_shows_what_changed_with_the_release_named(
    member_client, member, nurses, expected
):
    member_client.post("/me/tracks/follow/", {"track": nurses.slug})
    load_second_release(nurses)
    then, now = expected["then"], expected["now"]
    text = _text(member_client.get("/me/"))
    assert (
        f"Latest figures, BLS OEWS May 2026: {now['jobs']:,} U.S. jobs; "
        f"median annual pay {_dollars(now['median'])}"
    ) in text
    assert "What changed since you followed it (OEWS May 2025 to May 2026)" in text
    jobs = (
        f"U.S. jobs {then['jobs']:,} {now['jobs']:,} "
        f"+{now['jobs'] - then['jobs']:,} ({_pct(then['jobs'], now['jobs'])})"
    )
    median = (
        f"Median annual pay {_dollars(then['median'])} {_dollars(now['median'])} "
        f"+{_dollars(now['median'] - then['median'])} ({_pct(then['median'], now['median'])})"
    )
    metro = (
        f"Median pay in Raleigh-Cary, NC at U.S. prices {_dollars(then['metro'])} {_dollars(now['metro'])} "
        f"+{_dollars(now['metro'] - then['metro'])} ({_pct(then['metro'], now['metro'])})"
    )
    for row in (jobs, median, metro):
        assert row in text, row


def test_record_queries_stay_constant_however_many_tracks_are_followed(
    member_client, member, nurses, django_assert_num_queries
):
    member_client.post("/me/tracks/follow/", {"track": nurses.slug})
    member_client.get("/me/")  # warm the caches
    with CaptureQueriesContext(connection) as one:
        assert member_client.get("/me/").status_code == 200
    queries = len(one)  # read now: each request clears the connection's query log
    others = []
    for number in range(4):
        others.append(make_track(f"gs-more-{number}", f"GS More {number}", ladder=NURSES))
        build(others[-1])
        member_client.post("/me/tracks/follow/", {"track": others[-1].slug})
    assert FollowedTrack.objects.filter(user=member).count() == 5
    with django_assert_num_queries(queries):
        member_client.get("/me/")
    load_second_release(nurses, *others)
    with django_assert_num_queries(queries):
        response = member_client.get("/me/")
    assert _text(response).count("What changed since you followed it (OEWS May 2025 to May 2026)") == 5


# --------------------------------------------------------------------------------------------------
# The follow digest


def _opt_in(client):
    response = client.post("/me/tracks/emails/", {"follow_emails": "on"})
    assert response["Location"] == "/me/#tracks"


def test_the_digest_is_opt_in_and_tells_what_a_new_release_changed(
    member_client, member, nurses, expected, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    member_client.post("/me/tracks/follow/", {"track": nurses.slug})
    # Another follower, not opted in, gets nothing.
    quiet = make_member("quiet@example.org")
    make_profile(quiet, nurses, metro_code=RALEIGH)
    FollowedTrack.objects.create(
        user=quiet, track=nurses, baseline=FollowedTrack.objects.get(user=member).baseline
    )
    _opt_in(member_client)
    assert CareerProfile.objects.get(user=member).follow_emails is True
    assert "checked" in re.search(
        r'<input type="checkbox" name="follow_emails"[^>]*>', member_client.get("/me/").content.decode()
    ).group(0)

    # No new release: nothing to tell.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_followers")
    assert mail.outbox == []

    load_second_release(nurses)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("notify_followers")
    assert len(callbacks) == 1  # one task enqueued after the commit, for the one opted-in member
    (message,) = mail.outbox
    assert message.to == ["follower@example.org"]
    assert message.subject == "New figures for the tracks you follow: BLS OEWS May 2026"
    then, now = expected["then"], expected["now"]
    body = message.body
    assert "GS Nurses (OEWS May 2025 to May 2026)" in body
    assert (
        f"- U.S. jobs: {then['jobs']:,} then, {now['jobs']:,} now; "
        f"+{now['jobs'] - then['jobs']:,} ({_pct(then['jobs'], now['jobs'])})"
    ) in body
    assert (
        f"- Median annual pay: {_dollars(then['median'])} then, {_dollars(now['median'])} now; "
        f"+{_dollars(now['median'] - then['median'])} ({_pct(then['median'], now['median'])})"
    ) in body
    assert f"- Median pay in Raleigh-Cary, NC at U.S. prices: {_dollars(then['metro'])} then" in body
    assert f"{settings.SITE_URL}/tracks/gs-nurses/" in body.splitlines()
    url = re.search(r"^(https?://\S+/me/unsubscribe/\S+/)$", body, flags=re.M).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Its task run again (its worker died before recording the outcome) sends nothing more.
    key = re.fullmatch(r"<(\w+)@localhost>", message.extra_headers["Message-ID"]).group(1)
    assert digest.follow_digest_send(user_id=member.pk, email_key=key) is False
    assert len(mail.outbox) == 1

    # Run again: this release has been reported, nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_followers")
    assert len(mail.outbox) == 1


def test_no_email_when_the_new_release_leaves_the_followed_tracks_unchanged(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    user = make_member("steady@example.org")
    track = make_track("gs-steady", "GS Steady", ladder=[("Analyst", "entry", "13-2011", "p25_p75")])
    make_profile(user, track, metro_code=RALEIGH)
    build(track)
    client.force_login(user)
    client.post("/me/tracks/follow/", {"track": track.slug})
    _opt_in(client)
    release = load_second_release()
    # 13-2011 is not in the fixture: copy its May 2025 rows unchanged into the new release.
    for row in WageEstimate.objects.filter(
        occupation_id="13-2011", industry_id="000000", area_id__in=["99", RALEIGH]
    ).exclude(release=release):
        row.pk, row.release = None, release
        row.save()
    build(track)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_followers")
    assert mail.outbox == []
    assert FollowedTrack.objects.get(user=user).notified_release == "May 2026"


def test_one_click_unsubscribe_from_the_email_and_from_me(
    member_client, member, nurses, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.TASKS = IMMEDIATE
    member_client.post("/me/tracks/follow/", {"track": nurses.slug})
    _opt_in(member_client)
    load_second_release(nurses)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_followers")
    url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]

    stranger = Client(enforce_csrf_checks=True)  # not signed in, no CSRF cookie: a mail client
    with django_assert_num_queries(1):  # the member the token names
        page = stranger.get(path)
    assert page.status_code == 200
    assert "Stop the emails we send to follower@example.org" in _text(page)
    assert CareerProfile.objects.get(user=member).follow_emails is True  # opening the link changes nothing

    # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the header's address.
    response = stranger.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "won't get emails about the tracks it follows any more" in _text(response)
    assert CareerProfile.objects.get(user=member).follow_emails is False
    assert FollowedTrack.objects.filter(user=member, track=nurses).exists()  # still following

    # A tampered or foreign token is refused.
    assert stranger.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 400
    assert stranger.post("/me/unsubscribe/not-a-token/").status_code == 400

    assert member_client.get("/me/export/").json()["where_you_are"]["follow_emails"] is False

    # From /me/: opt back in, then out again with the same form.
    _opt_in(member_client)
    assert CareerProfile.objects.get(user=member).follow_emails is True
    member_client.post("/me/tracks/emails/", {})
    assert CareerProfile.objects.get(user=member).follow_emails is False


def test_a_committed_oews_load_queues_the_digest_without_a_command(
    member_client, member, nurses, settings, django_capture_on_commit_callbacks
):
    from salaries.generation import Change, snapshot_builders

    settings.TASKS = IMMEDIATE
    member_client.post("/me/tracks/follow/", {"track": nurses.slug})
    _opt_in(member_client)
    load_second_release(nurses)
    mail.outbox.clear()
    # What a load that changed the OEWS release tells the rebuild (load_all: Change(sources=…)); the
    # members' handler is registered beside the page builders and queues the digest on commit.
    data_changed = snapshot_builders()["followers"]
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(progress=None, change=Change(sources=("oews", "rpp")))
    (message,) = mail.outbox
    assert message.to == ["follower@example.org"]
    assert message.subject == "New figures for the tracks you follow: BLS OEWS May 2026"
    # A load of other sources only (no new pay figures) tells nobody anything.
    FollowedTrack.objects.update(notified_release="")
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(progress=None, change=Change(sources=("cpi",)))
    assert len(mail.outbox) == 1

"""The shipped catalogue (fixtures/tracks/*.yaml, loaded into every test database by tests/conftest.py):
every published track meets the editorial rules in tracks.importers.rules, and the rules themselves
catch what they are meant to catch."""

import pytest
from django.conf import settings

from salaries.statistics.mixture import occupation_pay_band
from salaries.statistics.wages import TOP_CODED, UNKNOWN, Quantile, WageDistribution
from tests.tracks.editorial import make_track
from tracks.importers.catalogue import read_catalogue
from tracks.importers.rules import (
    CATALOGUE_SLUGS,
    catalogue_problems,
    copied_runs,
    ladder_steps_down,
    national_rows,
    word_runs,
    words,
)
from tracks.models import Role, Track

pytestmark = pytest.mark.django_db

CATALOGUE_DIR = settings.FIXTURES_DIR / "tracks"
REFERENCE_DIR = settings.WORKFORCE_SOURCE_DIR.parent / "reference"


def published_specs():
    specs = read_catalogue(CATALOGUE_DIR)
    assert specs, f"{CATALOGUE_DIR} has no track files"
    return [spec for spec in specs if spec.fields["status"] == Track.Status.PUBLISHED]


def test_the_catalogue_has_every_track_and_they_are_published():
    files = {path.stem for path in CATALOGUE_DIR.glob("*.yaml")}
    published = {spec.slug for spec in published_specs()}
    assert published, "no published track in fixtures/tracks"
    assert files <= set(CATALOGUE_SLUGS), f"files for unknown tracks: {sorted(files - set(CATALOGUE_SLUGS))}"
    if files == set(CATALOGUE_SLUGS):  # the whole catalogue has been written
        assert published == set(CATALOGUE_SLUGS)
        assert len(published) >= 24


@pytest.mark.federal
def test_the_database_holds_exactly_what_the_files_say():
    specs = published_specs()
    tracks = {
        t.slug: t for t in Track.objects.published().prefetch_related("occupations", "roles", "industries")
    }
    all_files_written = {p.stem for p in CATALOGUE_DIR.glob("*.yaml")} == set(CATALOGUE_SLUGS)
    for spec in specs:
        track = tracks.get(spec.slug)
        assert track is not None, f"{spec.slug} is not published in the database"
        for name, value in spec.fields.items():
            assert getattr(track, name) == value, f"{spec.slug}.{name} differs from its file"
        assert sorted(o.occupation_id for o in track.occupations.all()) == sorted(
            c for c, _ in spec.occupations
        )
        assert [(r.title, r.occupation_id) for r in sorted(track.roles.all(), key=lambda r: r.order)] == [
            (r["title"], r["occupation_id"]) for r in spec.roles
        ]
        assert [i.industry_id for i in sorted(track.industries.all(), key=lambda i: i.order)] == [
            code for code, _ in spec.industries
        ]
        stored = set(track.links.values_list("kind", "related__slug"))
        wanted = {(kind, target) for kind, target, _ in spec.links}
        if all_files_written:
            assert stored == wanted, f"{spec.slug}: links missing from the database: {wanted - stored}"
        else:
            assert stored <= wanted


@pytest.mark.federal
def test_every_published_track_meets_the_catalogue_rules():
    published = Track.objects.published()
    assert published.count() >= len(published_specs()) > 0
    problems = catalogue_problems()
    assert problems == [], "\n".join(problems)


@pytest.mark.federal
def test_no_published_track_copies_a_run_of_eight_words_from_the_reference_pages():
    pages = sorted(REFERENCE_DIR.glob("*.txt"))
    if not pages:
        pytest.skip(f"reference pages not present ({REFERENCE_DIR})")
    reference = set()
    for page in pages:
        reference |= word_runs(page.read_text(encoding="utf-8"))
    assert len(reference) > 500  # the pages were read
    copied = {t.slug: copied_runs(t, reference) for t in Track.objects.published().prefetch_related("roles")}
    assert {slug: runs for slug, runs in copied.items() if runs} == {}
    assert len(copied) >= len(published_specs())


# The rules catch what they should ------------------------------------------------------------------------


@pytest.mark.federal
def test_the_rules_report_every_problem_of_a_thin_track():
    track = make_track("zeta", status=Track.Status.PUBLISHED, name="Zeta Work")
    track.meta_description = "x" * 160
    track.changing = "Pay rose 12% to $48,000 last year."
    track.save()
    Role.objects.filter(track=track, order=2).update(level="mid")

    problems = catalogue_problems(Track.objects.filter(pk=track.pk))

    expected = [
        "lede has 7 words (40-80)",
        "meta_description is 160 characters (1-159)",
        "sections.junior_work has 5 words (60-200)",
        "sections.mid_work has 5 words (60-200)",
        "sections.senior_work has 6 words (60-200)",
        "sections.core_challenge has 3 words (60-200)",
        "sections.who_thrives has 4 words (60-200)",
        "sections.entry_points has 2 words (60-200)",
        "sections.changing has 7 words (60-200)",
        "the seven sections have 32 words in all (at least 400)",
        "who reviewed it and when are not recorded",
        "sections.changing types a figure by hand ('12%'); use a placeholder",
        "sections.changing types a figure by hand ('$48,000'); use a placeholder",
        "2 roles (at least 5)",
        "the ladder ends at 'mid', not executive",
        "role 'Coordinator' work has 1 words (40-90)",
        "role 'Coordinator' move_up has 0 words (25-70)",
        "role 'Director' work has 2 words (40-90)",  # the top rung may leave move_up empty
        "2 occupations (3-15)",
        "occupation 11-1021 is also in Operations; its note must say it is shared on purpose and with which "
        "track(s)",
        "occupation 43-1011 is also in Business Operations; its note must say it is shared on purpose and "
        "with which track(s)",
        "shares 11-1021, 43-1011 with other tracks but has no composition note saying so",
        "1 industry notes (at least 4)",
        "industry 31--34 note has 1 words (25-70)",
        "0 'Skills transfer' links (at least 3)",
        "0 'Teams collaborate' links (at least 3)",
    ]
    assert [p.removeprefix("zeta: ") for p in problems] == expected


@pytest.mark.federal
def test_the_rules_reject_links_to_drafts_and_ladders_that_step_down():
    draft = make_track("eta")
    track = make_track("theta", status=Track.Status.PUBLISHED, links_to=[draft])
    Role.objects.filter(track=track, order=1).update(level="senior")
    Role.objects.create(track=track, order=3, title="Analyst", level="mid", occupation_id="13-1111", work="w")

    problems = catalogue_problems(Track.objects.filter(pk=track.pk))

    assert "theta: the ladder starts at 'senior', not entry" in problems
    assert "theta: the ladder ends at 'mid', not executive" in problems
    assert "theta: role levels go down the ladder: senior, executive, mid" in problems
    # Analyst, the top rung, is the middle half of management analysts ($77,950 to $133,370): it ends
    # below the Director rung beneath it (middle half of general and operations managers).
    assert (
        "theta: role 'Analyst' (13-1111 p25_p75: $77,950 to $133,370) starts or ends below the rung beneath "
        "it, 'Director' ($72,320 to $167,280): ladders must rise" in problems
    )
    assert "theta: links to the draft 'eta'" in problems
    assert "theta: links to 'eta', which is not one of the catalogue's tracks" in problems


def _q(value):
    return TOP_CODED if value == "top" else Quantile(value)


@pytest.mark.parametrize(
    ("bands", "down"),
    [
        ([(50, 80), (60, 90), (70, 90)], []),  # equal ends do not step down
        ([(50, 80), (45, 90)], [1]),  # starts below
        ([(50, 80), (60, 75)], [1]),  # ends below
        ([(220_730, "top"), (129_540, "top")], [1]),  # the old CTO rung under the director
        ([(220_730, "top"), ("top", "top")], []),  # all top-coded: not known to be lower
        ([(100, "top"), (200, 230_000)], [1]),  # a published top end below "or more"
        ([(100, 200), (None, 300)], []),  # an unpublished end cannot be compared
    ],
)
def test_ladder_steps_down(bands, down):
    quantiles = [(_q(a) if a is not None else UNKNOWN, _q(b)) for a, b in bands]
    assert ladder_steps_down(quantiles) == down


def test_every_published_ladder_rises_and_executives_on_chief_executives_sit_above_the_rung_beneath():
    national = national_rows(Role.objects.values_list("occupation_id", flat=True))
    for track in Track.objects.published().prefetch_related("roles"):
        roles = sorted(track.roles.all(), key=lambda r: r.order)
        bands = [
            occupation_pay_band(WageDistribution.from_values(national[r.occupation_id]), r.pay_band)
            for r in roles
        ]
        assert ladder_steps_down(bands) == [], track.slug
        for below, role, band in zip(roles, roles[1:], bands[1:], strict=False):
            if role.occupation_id == "11-1011" and below.occupation_id != "11-1011":
                low = band[0]
                assert low.top_coded or low.value > bands[roles.index(below)][0].value, track.slug


def test_sharing_an_occupation_requires_a_composition_note():
    make_track("lambda", status=Track.Status.PUBLISHED, name="Lambda Work")
    track = make_track("mu", status=Track.Status.PUBLISHED, name="Mu Work")
    problems = catalogue_problems(Track.objects.filter(pk=track.pk))
    assert "mu: shares 11-1021, 43-1011 with other tracks but has no composition note saying so" in problems
    track.composition_note = (
        "General managers and office supervisors are counted here and in Lambda Work too."
    )
    track.save()
    problems = catalogue_problems(Track.objects.filter(pk=track.pk))
    assert not any("composition" in p for p in problems)
    track.composition_note = "Shared."
    track.save()
    problems = catalogue_problems(Track.objects.filter(pk=track.pk))
    assert "mu: composition_note has 1 words (12-70)" in problems


@pytest.mark.federal
def test_the_rules_want_published_national_pay_for_every_rung():
    track = make_track("iota", status=Track.Status.PUBLISHED)
    Role.objects.filter(track=track, order=2).update(occupation_id="11-0000")  # a major group
    problems = catalogue_problems(Track.objects.filter(pk=track.pk))
    assert (
        "iota: role 'Director' maps to 11-0000, which has no published national May 2025 employment and "
        "median pay" in problems
    )
    assert not any("'Coordinator' maps to" in p for p in problems)  # 43-1011 is published


def test_word_counts_and_copied_runs():
    assert words("Juniors keep the **schedule** honest — mostly.") == 6
    assert words("") == 0
    reference = word_runs("It’s systems thinking applied to real-world execution and nothing else at all.")
    track = make_track("kappa")
    assert copied_runs(track, reference) == []
    track.mid_work = "Honestly it's systems thinking applied to real world execution and nothing more."
    assert copied_runs(track, reference) == [
        "it's systems thinking applied to real world execution",
        "systems thinking applied to real world execution and",
        "thinking applied to real world execution and nothing",
    ]

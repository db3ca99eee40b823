"""The editorial rules every published track meets (the catalogue format, /tmp/TRACK_FORMAT.md in the
writers' brief, and SPEC §2 and §5). ``catalogue_problems()`` checks the tracks in the database against
them and returns one message per problem; tests/tracks/test_catalogue.py asserts there are none.

The loader only refuses malformed files; these rules are about quality (lengths, ladder shape, data
coverage, links), so a draft may break them while it is being written, a published track may not.
"""

import math
import re
from collections import defaultdict

from salaries.models import DataRelease, Industry, WageEstimate
from salaries.statistics.mixture import occupation_pay_band
from salaries.statistics.wages import PAY_BANDS, UNKNOWN, Quantile, WageDistribution
from tracks.models import SECTION_FIELDS, RelatedTrack, Role, Track
from tracks.placeholders import find_placeholders

# The catalogue's tracks; links go only to these.
CATALOGUE_SLUGS = (
    "operations",
    "business-operations",
    "project-management",
    "supply-chain-logistics",
    "human-resources",
    "finance",
    "accounting",
    "sales",
    "software-engineering",
    "data-analytics",
    "it-cybersecurity",
    "product-management",
    "design",
    "marketing",
    "engineering",
    "manufacturing",
    "healthcare",
    "nursing",
    "education",
    "legal",
    "construction",
    "skilled-trades",
    "public-administration",
    "social-services",
)

OEWS_VINTAGE = "May 2025"

LEDE_WORDS = (40, 80)
SECTION_WORDS = (60, 200)
SECTIONS_TOTAL_MIN = 400
META_DESCRIPTION_MAX = 159  # "under 160 characters"
ROLES_MIN = 5
ROLE_WORK_WORDS = (40, 90)
ROLE_MOVE_UP_WORDS = (25, 70)
OCCUPATIONS = (3, 15)
INDUSTRIES_MIN = 4
INDUSTRY_NOTE_WORDS = (25, 70)
LINKS_MIN = 3  # of each kind
LINK_NOTE_MAX = 199  # "under 200 characters"
PLACEHOLDERS_MAX = 2
COMPOSITION_WORDS = (12, 70)
LEVELS = list(Role.Level.values)  # entry, mid, senior, lead, executive

WORD_RE = re.compile(r"\S*[A-Za-z0-9]\S*")
# A figure typed into prose by hand (money, a percentage, a thousands-separated count): it would go
# stale with the next data release, so it belongs in a [[placeholder]].
TYPED_FIGURE_RE = re.compile(
    r"\$\s?\d(?:[\d,.]*\d)?|\b\d+(?:\.\d+)?\s?(?:%|percent\b)|\b\d{1,3}(?:,\d{3})+\b"
)
# UTF-8 read with the wrong codec: "\u00e2\u20ac" starts a mangled dash or quote, "\u00c3" + a
# continuation byte a mangled accented letter, "\u03b2" inside a word a mangled "ß"; U+FFFD anything.
MOJIBAKE_RE = re.compile("\u00e2\u20ac|\u00c3[\u0080-\u00bf]|\ufffd|[a-z]\u03b2[a-z]")
COPY_RUN = 8  # words in a row shared with a reference page count as copied


def words(text: str) -> int:
    return len(WORD_RE.findall(text or ""))


def _length(problems, where, text, bounds):
    low, high = bounds
    n = words(text)
    if not low <= n <= high:
        problems.append(f"{where} has {n} words ({low}-{high})")


def national_rows(codes) -> dict[str, dict]:
    """National cross-industry OEWS May 2025 rows for ``codes``, by SOC code."""
    release = DataRelease.objects.filter(source=DataRelease.Source.OEWS, vintage=OEWS_VINTAGE).first()
    if release is None:
        return {}
    rows = (
        WageEstimate.objects.national_cross_industry()
        .filter(release=release, occupation_id__in=set(codes))
        .values(
            "occupation_id",
            "occupation__level",
            "employment",
            "annual_p10",
            "annual_p25",
            "annual_median",
            "annual_p75",
            "annual_p90",
            "top_coded_fields",
        )
    )
    return {row["occupation_id"]: row for row in rows}


def _has_published_pay(row) -> bool:
    median_published = row["annual_median"] is not None or "annual_median" in row["top_coded_fields"]
    return row["employment"] is not None and median_published


def catalogue_problems(tracks=None) -> list[str]:
    """Every rule a published track breaks, as "slug: message" (``tracks``: default all published)."""
    queryset = tracks if tracks is not None else Track.objects.published()
    tracks = list(
        queryset.order_by("slug").prefetch_related(
            "occupations", "roles", "industries__industry", "links__related"
        )
    )
    codes = {o.occupation_id for t in tracks for o in t.occupations.all()}
    codes |= {r.occupation_id for t in tracks for r in t.roles.all()}
    national = national_rows(codes)
    published_names = dict(Track.objects.published().values_list("pk", "name"))
    members = defaultdict(set)  # SOC code -> published track ids
    for occ in (
        o for t in Track.objects.published().prefetch_related("occupations") for o in t.occupations.all()
    ):
        members[occ.occupation_id].add(occ.track_id)

    problems = []
    for track in tracks:
        found = []
        _track_text(track, found)
        _roles(track, national, found)
        _occupations(track, national, members, published_names, found)
        _composition(track, members, found)
        _industries(track, found)
        _links(track, found)
        problems.extend(f"{track.slug}: {message}" for message in found)
    return problems


def _prose(track) -> dict[str, str]:
    """Every piece of editorial prose of a track, by where it is."""
    prose = {"lede": track.lede, **{f"sections.{name}": getattr(track, name) for name in SECTION_FIELDS}}
    for role in track.roles.all():
        prose[f"role {role.title!r} work"] = role.work
        prose[f"role {role.title!r} move_up"] = role.move_up
    for note in track.industries.all():
        prose[f"industry {note.industry_id} note"] = note.note
    return prose


def _track_text(track, problems):
    if not track.lede.strip():
        problems.append("lede is empty")
    else:
        _length(problems, "lede", track.lede, LEDE_WORDS)
    if not track.meta_description.strip() or len(track.meta_description) > META_DESCRIPTION_MAX:
        problems.append(
            f"meta_description is {len(track.meta_description)} characters (1-{META_DESCRIPTION_MAX})"
        )
    for name in SECTION_FIELDS:
        _length(problems, f"sections.{name}", getattr(track, name), SECTION_WORDS)
    total = sum(words(getattr(track, name)) for name in SECTION_FIELDS)
    if total < SECTIONS_TOTAL_MIN:
        problems.append(f"the seven sections have {total} words in all (at least {SECTIONS_TOTAL_MIN})")
    if not track.reviewed_by or not track.reviewed_on:
        problems.append("who reviewed it and when are not recorded")
    prose = _prose(track)
    placeholders = sum(len(find_placeholders(text)) for text in prose.values())
    if placeholders > PLACEHOLDERS_MAX:
        problems.append(f"{placeholders} placeholders (at most {PLACEHOLDERS_MAX})")
    all_text = {
        **prose,
        "name": track.name,
        "meta_description": track.meta_description,
        "credits": track.credits,
        "composition_note": track.composition_note,
    }
    for where, text in all_text.items():
        for match in TYPED_FIGURE_RE.finditer(text or ""):
            problems.append(f"{where} types a figure by hand ({match.group(0)!r}); use a placeholder")
        if MOJIBAKE_RE.search(text or ""):
            problems.append(f"{where} contains garbled characters")


def _roles(track, national, problems):
    roles = sorted(track.roles.all(), key=lambda r: r.order)
    if len(roles) < ROLES_MIN:
        problems.append(f"{len(roles)} roles (at least {ROLES_MIN})")
    if not roles:
        return
    if roles[0].level != Role.Level.ENTRY:
        problems.append(f"the ladder starts at {roles[0].level!r}, not entry")
    if roles[-1].level != Role.Level.EXECUTIVE:
        problems.append(f"the ladder ends at {roles[-1].level!r}, not executive")
    ranks = [LEVELS.index(r.level) for r in roles]
    if ranks != sorted(ranks):
        problems.append(f"role levels go down the ladder: {', '.join(r.level for r in roles)}")
    _rising(roles, national, problems)
    for n, role in enumerate(roles, start=1):
        _length(problems, f"role {role.title!r} work", role.work, ROLE_WORK_WORDS)
        if n < len(roles) or role.move_up.strip():
            _length(problems, f"role {role.title!r} move_up", role.move_up, ROLE_MOVE_UP_WORDS)
        row = national.get(role.occupation_id)
        if row is None or row["occupation__level"] != "detailed" or not _has_published_pay(row):
            problems.append(
                f"role {role.title!r} maps to {role.occupation_id}, which has no published national "
                f"{OEWS_VINTAGE} employment and median pay"
            )


def _band_key(quantile: Quantile) -> float | None:
    """A band end for comparison: top-coded counts as at least the top code (above any published value)."""
    if quantile.top_coded:
        return math.inf
    return None if quantile.value is None else float(quantile.value)


def ladder_steps_down(bands: list[tuple[Quantile, Quantile]]) -> list[int]:
    """Indexes of rungs whose band starts or ends below the band of the rung beneath it (pure).

    Two top-coded ends ("$239,200 or more" both) are not known to differ, so they pass; an end BLS did
    not publish cannot be compared and passes here (the data-coverage rule reports it).
    """
    down = []
    for index in range(1, len(bands)):
        for end in (0, 1):
            below, this = _band_key(bands[index - 1][end]), _band_key(bands[index][end])
            if below is not None and this is not None and this < below:
                down.append(index)
                break
    return down


def _rising(roles, national, problems):
    bands = []
    for role in roles:
        row = national.get(role.occupation_id)
        if row is None or role.pay_band not in PAY_BANDS:
            bands.append((UNKNOWN, UNKNOWN))
            continue
        dist = WageDistribution.from_values(row)
        bands.append(occupation_pay_band(dist, role.pay_band))
    for index in ladder_steps_down(bands):
        below, this = roles[index - 1], roles[index]
        problems.append(
            f"role {this.title!r} ({this.occupation_id} {this.pay_band}: "
            f"{bands[index][0].display()} to {bands[index][1].display()}) starts or ends below the rung "
            f"beneath it, {below.title!r} ({bands[index - 1][0].display()} to "
            f"{bands[index - 1][1].display()}): ladders must rise"
        )


def _composition(track, members, problems):
    shared = sorted(o.occupation_id for o in track.occupations.all() if members[o.occupation_id] - {track.pk})
    note = (track.composition_note or "").strip()
    if shared and not note:
        problems.append(f"shares {', '.join(shared)} with other tracks but has no composition note saying so")
    if note:
        _length(problems, "composition_note", note, COMPOSITION_WORDS)


def _occupations(track, national, members, published_names, problems):
    occupations = list(track.occupations.all())
    low, high = OCCUPATIONS
    if not low <= len(occupations) <= high:
        problems.append(f"{len(occupations)} occupations ({low}-{high})")
    for occ in occupations:
        row = national.get(occ.occupation_id)
        if row is None or row["occupation__level"] != "detailed":
            problems.append(
                f"occupation {occ.occupation_id} is not a detailed occupation in {OEWS_VINTAGE} data"
            )
        if not occ.note.strip():
            problems.append(f"occupation {occ.occupation_id} has no note saying why it belongs")
        others = members[occ.occupation_id] - {track.pk}
        if others:
            note = occ.note.lower()
            names = [published_names[pk] for pk in sorted(others)]
            if "on purpose" not in note or not all(name.lower() in note for name in names):
                problems.append(
                    f"occupation {occ.occupation_id} is also in {', '.join(names)}; its note must say it is "
                    "shared on purpose and with which track(s)"
                )


def _industries(track, problems):
    notes = list(track.industries.all())
    if len(notes) < INDUSTRIES_MIN:
        problems.append(f"{len(notes)} industry notes (at least {INDUSTRIES_MIN})")
    for note in notes:
        if note.industry.level != Industry.Level.SECTOR:
            problems.append(f"industry {note.industry_id} is not an OEWS sector")
        _length(problems, f"industry {note.industry_id} note", note.note, INDUSTRY_NOTE_WORDS)


def _links(track, problems):
    links = list(track.links.all())
    for kind, label in RelatedTrack.Kind.choices:
        n = sum(1 for link in links if link.kind == kind)
        if n < LINKS_MIN:
            problems.append(f"{n} '{label}' links (at least {LINKS_MIN})")
    for link in links:
        target = link.related
        if target.pk == track.pk:
            problems.append("links to itself")
        if target.slug not in CATALOGUE_SLUGS:
            problems.append(f"links to {target.slug!r}, which is not one of the catalogue's tracks")
        if target.status != Track.Status.PUBLISHED:
            problems.append(f"links to the draft {target.slug!r}")
        if not link.note.strip() or len(link.note) > LINK_NOTE_MAX:
            problems.append(
                f"link to {target.slug!r} has a {len(link.note)}-character note (1-{LINK_NOTE_MAX})"
            )


# Copying --------------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def word_runs(text: str, n: int = COPY_RUN) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words (lowercased; punctuation and broken characters split words)."""
    tokens = _TOKEN_RE.findall((text or "").lower().replace("’", "'"))
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def copied_runs(track: Track, reference_runs: set[tuple[str, ...]]) -> list[str]:
    """The runs of COPY_RUN words a track's prose shares with the reference pages."""
    shared = set()
    for text in [*_prose(track).values(), track.meta_description, track.credits]:
        shared |= word_runs(text) & reference_runs
    return sorted(" ".join(run) for run in shared)

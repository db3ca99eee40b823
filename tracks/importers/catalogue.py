"""Load the tracks catalogue (``fixtures/tracks/<slug>.yaml``, format in the module docstring below).

``load_catalogue(directory)`` reads every ``*.yaml`` file, validates all of them (structure, allowed
values, placeholders, and that every SOC code, sector code and related-track slug exists), and only if
nothing is wrong upserts them inside one transaction:

- a track is matched by slug; occupations by SOC code, roles by position on the ladder (``order`` is the
  1-based list position), industry notes by sector code, related links by (kind, target slug);
- a row is written only when a value differs, so loading the same files twice changes nothing (and does
  not touch ``updated_at``); parts no longer in a file are deleted from that track;
- tracks are created before any link is written (links may point at tracks later in the directory);
  a link to a slug that is neither in the directory nor in the database is not written but reported
  in ``LoadSummary.pending_links`` (the catalogue is written one file at a time; the link appears on
  the first load after its target exists). ``strict=True`` makes such links errors instead;
- a track whose file has disappeared is left alone, never deleted (remove it in admin);
- a track an editor has changed in admin since its last load is left as the editor left it (the
  database, not the file, is then the truth); ``overwrite=True`` (``load_tracks --overwrite``) replaces
  it with the file anyway;
- every track the load changes gets a django-reversion revision ("Loaded from ..."): that is how the
  loader knows a later revision came from admin, and how an overwritten version can be restored.

File format, one track per file::

    slug, name, status (draft|published), lede, meta_description, reviewed_by, reviewed_on, credits,
    composition (plain text: the composition note),
    sections: {junior_work, mid_work, senior_work, core_challenge, who_thrives, entry_points, changing},
    occupations: [{code, note}], roles: [{title, level, occupation, pay_band, work, move_up}],
    industries: [{code, note}], related: {skills: [{slug, note}], teams: [{slug, note}]}

Editorial rules that apply to published tracks (word counts, ladder shape, data coverage) are checked by
``tracks.importers.rules``, not here: a draft may be incomplete, but it may not be malformed.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import reversion
import yaml
from django.db import transaction
from reversion.models import Version

from salaries.models import Industry, Occupation
from tracks import services
from tracks.importers.rules import MOJIBAKE_RE
from tracks.models import SECTION_FIELDS, RelatedTrack, Role, Track, TrackIndustry, TrackOccupation
from tracks.placeholders import find_unknown

TRACK_KEYS = {
    "slug",
    "name",
    "status",
    "lede",
    "meta_description",
    "reviewed_by",
    "reviewed_on",
    "credits",
    "composition",
    "sections",
    "occupations",
    "roles",
    "industries",
    "related",
}
REQUIRED_TRACK_KEYS = {"slug", "name", "status", "lede", "meta_description", "sections"}
ROLE_KEYS = {"title", "level", "occupation", "pay_band", "work", "move_up"}
LINK_KINDS = {"skills": RelatedTrack.Kind.SKILLS_TRANSFER, "teams": RelatedTrack.Kind.TEAMS_COLLABORATE}
SOC_RE = re.compile(r"^\d{2}-\d{4}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogueError(Exception):
    """The catalogue has problems; nothing was written. ``problems`` lists each as "file: message"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the tracks catalogue:\n- " + "\n- ".join(problems))


@dataclass
class TrackSpec:
    """One file's track, validated for structure; codes and slugs are checked against the DB later."""

    source: str
    slug: str
    fields: dict
    occupations: list[tuple[str, str]]  # (SOC code, note)
    roles: list[dict]
    industries: list[tuple[str, str]]  # (sector code, note)
    links: list[tuple[str, str, str]]  # (kind, target slug, note)


@dataclass
class LoadSummary:
    files: int = 0
    tracks_changed: list[str] = field(default_factory=list)
    pending_links: list[str] = field(default_factory=list)  # "file: kind link to 'slug' (no such track)"
    kept_admin_edits: list[str] = field(default_factory=list)  # slugs edited in admin, not overwritten
    counts: Counter = field(default_factory=Counter)  # ("role", "created") -> n

    def describe(self) -> str:
        parts = []
        plurals = {"industry": "industry notes"}
        for model in ("track", "occupation", "role", "industry", "link"):
            numbers = ", ".join(
                f"{self.counts[(model, action)]} {action}"
                for action in ("created", "updated", "deleted", "unchanged")
                if self.counts[(model, action)]
            )
            parts.append(f"{plurals.get(model, model + 's')}: {numbers or 'none'}")
        return f"{self.files} file(s); " + "; ".join(parts)


def _text(value) -> str:
    """YAML scalars as stripped text (block scalars end in a newline; admin forms strip too)."""
    if value is None:
        return ""
    return str(value).strip()


class _FileChecker:
    """Collects problems for one file while turning its YAML into a TrackSpec."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.path.name}: {message}")

    def text(self, value, where: str, *, required: bool = True, max_length: int | None = None) -> str:
        if value is not None and not isinstance(value, str | int | float | datetime.date):
            self.problem(f"{where} must be text")
            return ""
        text = _text(value)
        if required and not text:
            self.problem(f"{where} is missing or empty")
        if max_length and len(text) > max_length:
            self.problem(f"{where} is {len(text)} characters long (at most {max_length})")
        if MOJIBAKE_RE.search(text):
            self.problem(f"{where} contains garbled characters (text decoded with the wrong encoding)")
        unknown = find_unknown(text)
        if unknown:
            self.problem(f"{where} uses unknown placeholder(s): {', '.join(f'[[{n}]]' for n in unknown)}")
        return text

    def items(self, data: dict, key: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{key} must be a list")
            return []
        return value

    def parse(self) -> TrackSpec | None:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            self.problem(f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
            return None
        except yaml.YAMLError as exc:
            self.problem(f"not valid YAML: {exc}")
            return None
        if not isinstance(data, dict):
            self.problem("must be a YAML mapping (slug:, name:, …)")
            return None
        for key in sorted(set(data) - TRACK_KEYS):
            self.problem(f"unknown key {key!r}")
        for key in sorted(REQUIRED_TRACK_KEYS - set(data)):
            self.problem(f"missing key {key!r}")

        slug = _text(data.get("slug"))
        if slug and not SLUG_RE.match(slug):
            self.problem(f"slug {slug!r} must be lowercase letters, digits and hyphens")
        if slug and slug != self.path.stem:
            self.problem(f"slug {slug!r} does not match the file name ({self.path.stem}.yaml)")
        status = _text(data.get("status"))
        if status and status not in Track.Status.values:
            self.problem(f"status {status!r} must be one of {', '.join(Track.Status.values)}")

        fields = {
            "name": self.text(data.get("name"), "name", max_length=120),
            "status": status,
            "lede": self.text(data.get("lede"), "lede"),
            "meta_description": self.text(data.get("meta_description"), "meta_description", max_length=300),
            "reviewed_by": self.text(data.get("reviewed_by"), "reviewed_by", required=False, max_length=120),
            "reviewed_on": self._date(data.get("reviewed_on")),
            "credits": self.text(data.get("credits"), "credits", required=False),
            "composition_note": self.text(data.get("composition"), "composition", required=False),
        }
        sections = data.get("sections") or {}
        if not isinstance(sections, dict):
            self.problem("sections must be a mapping of section name to Markdown")
            sections = {}
        for key in sorted(set(sections) - set(SECTION_FIELDS)):
            self.problem(f"unknown section {key!r} (sections are {', '.join(SECTION_FIELDS)})")
        for name in SECTION_FIELDS:
            fields[name] = self.text(sections.get(name), f"sections.{name}")

        spec = TrackSpec(
            source=self.path.name,
            slug=slug,
            fields=fields,
            occupations=self._coded_notes(data, "occupations", code_re=SOC_RE, max_note=300),
            roles=self._roles(data),
            industries=self._coded_notes(data, "industries", code_re=None, max_note=None),
            links=self._links(data, slug),
        )
        return spec

    def _date(self, value) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(f"reviewed_on {value!r} is not a date (YYYY-MM-DD)")
            return None

    def _coded_notes(self, data, key, *, code_re, max_note) -> list[tuple[str, str]]:
        out, seen = [], set()
        for i, item in enumerate(self.items(data, key), start=1):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                self.problem(f"{where} must be a mapping with code and note")
                continue
            for extra in sorted(set(item) - {"code", "note"}):
                self.problem(f"{where} has unknown key {extra!r}")
            code = _text(item.get("code"))
            if not code:
                self.problem(f"{where} has no code")
                continue
            if code_re and not code_re.match(code):
                self.problem(f"{where} code {code!r} is not a detailed SOC code like 11-1021")
                continue
            if code in seen:
                self.problem(f"{where} repeats code {code}")
                continue
            seen.add(code)
            note = self.text(
                item.get("note"), f"{where}.note", required=key == "industries", max_length=max_note
            )
            out.append((code, note))
        return out

    def _roles(self, data) -> list[dict]:
        roles = []
        for i, item in enumerate(self.items(data, "roles"), start=1):
            where = f"roles[{i}]"
            if not isinstance(item, dict):
                self.problem(f"{where} must be a mapping")
                continue
            for extra in sorted(set(item) - ROLE_KEYS):
                self.problem(f"{where} has unknown key {extra!r}")
            level = _text(item.get("level"))
            if level not in Role.Level.values:
                self.problem(f"{where} level {level!r} must be one of {', '.join(Role.Level.values)}")
            pay_band = _text(item.get("pay_band")) or Role.PayBand.MIDDLE_HALF
            if pay_band not in Role.PayBand.values:
                self.problem(f"{where} pay_band {pay_band!r} must be one of {', '.join(Role.PayBand.values)}")
            occupation = _text(item.get("occupation"))
            if not SOC_RE.match(occupation):
                self.problem(f"{where} occupation {occupation!r} is not a detailed SOC code like 11-1021")
            roles.append(
                {
                    "order": i,
                    "title": self.text(item.get("title"), f"{where}.title", max_length=120),
                    "level": level,
                    "occupation_id": occupation,
                    "pay_band": pay_band,
                    "work": self.text(item.get("work"), f"{where}.work"),
                    "move_up": self.text(item.get("move_up"), f"{where}.move_up", required=False),
                }
            )
        return roles

    def _links(self, data, slug) -> list[tuple[str, str, str]]:
        related = data.get("related") or {}
        if not isinstance(related, dict):
            self.problem("related must be a mapping with skills: and teams: lists")
            return []
        for key in sorted(set(related) - set(LINK_KINDS)):
            self.problem(f"related has unknown kind {key!r} (kinds are skills, teams)")
        links = []
        for key, kind in LINK_KINDS.items():
            seen = set()
            for i, item in enumerate(self.items(related, key), start=1):
                where = f"related.{key}[{i}]"
                if not isinstance(item, dict):
                    self.problem(f"{where} must be a mapping with slug and note")
                    continue
                for extra in sorted(set(item) - {"slug", "note"}):
                    self.problem(f"{where} has unknown key {extra!r}")
                target = _text(item.get("slug"))
                if not target:
                    self.problem(f"{where} has no slug")
                    continue
                if target == slug:
                    self.problem(f"{where} links the track to itself")
                    continue
                if target in seen:
                    self.problem(f"{where} repeats {target}")
                    continue
                seen.add(target)
                links.append((kind, target, self.text(item.get("note"), f"{where}.note", max_length=300)))
        return links


def read_catalogue(directory: Path | str) -> list[TrackSpec]:
    """Parse and check every ``*.yaml`` file in ``directory`` (no database access)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogueError([f"{directory}: not a directory"])
    specs, problems, slugs = [], [], {}
    for path in sorted(directory.glob("*.yaml")):
        checker = _FileChecker(path)
        spec = checker.parse()
        problems.extend(checker.problems)
        if spec is None or not spec.slug:
            continue
        if spec.slug in slugs:
            problems.append(f"{path.name}: slug {spec.slug!r} is also used by {slugs[spec.slug]}")
            continue
        slugs[spec.slug] = path.name
        specs.append(spec)
    if problems:
        raise CatalogueError(problems)
    return specs


def check_references(specs: list[TrackSpec]) -> tuple[list[str], list[str]]:
    """Problems with codes that must exist in the database, and links whose target slug is neither in
    ``specs`` nor in the database (returned separately: they are pending, not fatal, unless strict)."""
    soc_codes = {code for s in specs for code, _ in s.occupations} | {
        r["occupation_id"] for s in specs for r in s.roles
    }
    sector_codes = {code for s in specs for code, _ in s.industries}
    targets = {target for s in specs for _, target, _ in s.links}
    detailed = set(
        Occupation.objects.filter(code__in=soc_codes, level=Occupation.Level.DETAILED).values_list(
            "code", flat=True
        )
    )
    sectors = set(
        Industry.objects.filter(code__in=sector_codes, level=Industry.Level.SECTOR).values_list(
            "code", flat=True
        )
    )
    known_slugs = {s.slug for s in specs} | set(
        Track.objects.filter(slug__in=targets).values_list("slug", flat=True)
    )
    problems, pending = [], []
    for spec in specs:
        for code, _ in spec.occupations:
            if code not in detailed:
                problems.append(f"{spec.source}: occupation {code} is not a detailed occupation in the data")
        for role in spec.roles:
            if role["occupation_id"] not in detailed:
                problems.append(
                    f"{spec.source}: role {role['title']!r} maps to {role['occupation_id']}, "
                    "which is not a detailed occupation in the data"
                )
        for code, _ in spec.industries:
            if code not in sectors:
                problems.append(f"{spec.source}: industry {code} is not an OEWS sector in the data")
        for kind, target, _ in spec.links:
            if target not in known_slugs:
                pending.append(f"{spec.source}: {kind} link to {target!r} (no such track yet)")
    return problems, pending


def _sync(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; True if any differed (the caller saves only then)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _Writer:
    def __init__(self, summary: LoadSummary):
        self.summary = summary

    def count(self, model: str, action: str, n: int = 1) -> None:
        if n:
            self.summary.counts[(model, action)] += n

    def upsert_children(self, model_name, existing: dict, wanted: dict, make) -> bool:
        """Generic keyed upsert: ``existing``/``wanted`` map a key to an object / to field values."""
        changed = False
        for key, values in wanted.items():
            obj = existing.get(key)
            if obj is None:
                make(key, values).save()
                self.count(model_name, "created")
                changed = True
            elif _sync(obj, values):
                obj.save()
                self.count(model_name, "updated")
                changed = True
            else:
                self.count(model_name, "unchanged")
        stale = [obj.pk for key, obj in existing.items() if key not in wanted]
        if stale:
            existing_model = type(next(iter(existing.values())))
            existing_model.objects.filter(pk__in=stale).delete()
            self.count(model_name, "deleted", len(stale))
            changed = True
        return changed

    def track(self, spec: TrackSpec, track: Track | None) -> tuple[Track, bool]:
        if track is None:
            track = Track(slug=spec.slug, **spec.fields)
            track.save()
            self.count("track", "created")
            return track, True
        if _sync(track, spec.fields):
            track.save()
            self.count("track", "updated")
            return track, True
        self.count("track", "unchanged")
        return track, False

    def parts(self, track: Track, spec: TrackSpec) -> bool:
        changed = self.upsert_children(
            "occupation",
            {o.occupation_id: o for o in track.occupations.all()},
            {code: {"note": note} for code, note in spec.occupations},
            lambda code, values: TrackOccupation(track=track, occupation_id=code, **values),
        )
        role_fields = ("title", "level", "occupation_id", "pay_band", "work", "move_up")
        changed |= self.upsert_children(
            "role",
            {r.order: r for r in track.roles.all()},
            {r["order"]: {name: r[name] for name in role_fields} for r in spec.roles},
            lambda order, values: Role(track=track, order=order, **values),
        )
        changed |= self.upsert_children(
            "industry",
            {i.industry_id: i for i in track.industries.all()},
            {code: {"note": note, "order": n} for n, (code, note) in enumerate(spec.industries, start=1)},
            lambda code, values: TrackIndustry(track=track, industry_id=code, **values),
        )
        return changed

    def links(self, track: Track, spec: TrackSpec, track_ids: dict[str, int]) -> bool:
        wanted, position = {}, Counter()
        for kind, target, note in spec.links:
            position[kind] += 1
            wanted[(kind, track_ids[target])] = {"note": note, "order": position[kind]}
        return self.upsert_children(
            "link",
            {(link.kind, link.related_id): link for link in track.links.all()},
            wanted,
            lambda key, values: RelatedTrack(track=track, kind=key[0], related_id=key[1], **values),
        )


LOADER_COMMENT = "Loaded from fixtures/tracks/"


def edited_since_loaded(track: Track) -> bool:
    """True if the track's latest revision is not one this loader recorded (an editor saved or restored
    it in admin since). A track without history has never been touched in admin."""
    latest = Version.objects.get_for_object(track).select_related("revision").first()
    return latest is not None and not latest.revision.comment.startswith(LOADER_COMMENT)


def load_catalogue(
    directory: Path | str, *, dry_run: bool = False, strict: bool = False, overwrite: bool = False
) -> LoadSummary:
    """Validate every file in ``directory``, then upsert them all in one transaction (see module doc).

    Raises CatalogueError (and writes nothing) if any file has a problem; with ``strict``, a link to a
    track that does not exist is a problem too. With ``dry_run`` the files are only validated.
    A track an editor has changed in admin since it was last loaded is left as the editor left it (and
    listed in ``LoadSummary.kept_admin_edits``) unless ``overwrite``; the overwritten version stays
    restorable from the track's history.
    """
    specs = read_catalogue(directory)
    problems, pending = check_references(specs)
    if strict:
        problems += pending
    if problems:
        raise CatalogueError(problems)
    summary = LoadSummary(files=len(specs), pending_links=pending)
    if dry_run:
        return summary

    writer = _Writer(summary)
    with transaction.atomic():
        existing = {t.slug: t for t in Track.objects.filter(slug__in=[s.slug for s in specs])}
        if not overwrite:
            kept = {slug for slug, track in existing.items() if edited_since_loaded(track)}
            summary.kept_admin_edits = sorted(kept)
            specs = [spec for spec in specs if spec.slug not in kept]
        tracks, changed = {}, {}
        for spec in specs:  # pass 1: tracks and the parts that do not point at other tracks
            track, track_changed = writer.track(spec, existing.get(spec.slug))
            tracks[spec.slug] = track
            changed[spec.slug] = writer.parts(track, spec) | track_changed
        targets = {target for spec in specs for _, target, _ in spec.links} - set(tracks)
        track_ids = {slug: t.pk for slug, t in tracks.items()}
        track_ids.update(Track.objects.filter(slug__in=targets).values_list("slug", "pk"))
        for spec in specs:
            spec.links = [link for link in spec.links if link[1] in track_ids]
        for spec in specs:  # pass 2: links, now that every target exists
            changed[spec.slug] |= writer.links(tracks[spec.slug], spec, track_ids)
        for spec in specs:
            if changed[spec.slug]:
                summary.tracks_changed.append(spec.slug)
                _record_revision(tracks[spec.slug], spec.source)
        if summary.tracks_changed:
            # The pages are rebuilt in the load's transaction (a failure keeps the previous ones).
            services.catalogue_loaded(summary.tracks_changed)
    return summary


def _record_revision(track: Track, source: str) -> None:
    with reversion.create_revision(atomic=False):
        reversion.set_comment(f"{LOADER_COMMENT}{source}")
        reversion.add_to_revision(track)

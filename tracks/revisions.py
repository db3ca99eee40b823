"""What an earlier version of a track changes, shown on the restore page before an editor restores it.

``snapshot`` flattens a track and its parts into labelled texts (pure); ``differences`` compares two
snapshots; ``version_snapshot`` reads one reversion revision (the track and the parts saved with it) and
``current_snapshot`` the track as it is now. Industry notes are labelled by sector name, links by track
name, roles by their order and title.
"""

from __future__ import annotations

import difflib

from django.contrib.contenttypes.models import ContentType

from salaries.models import Industry
from salaries.statistics.industries import clean_sector_title
from tracks.models import SECTION_FIELDS, RelatedTrack, Role, Track, TrackIndustry, TrackOccupation

TRACK_FIELDS = (
    "name",
    "slug",
    "status",
    "lede",
    "meta_description",
    "composition_note",
    *SECTION_FIELDS,
    "reviewed_by",
    "reviewed_on",
    "credits",
)


def _text(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def snapshot(track, occupations, roles, industries, links, *, sector_names, track_names) -> dict[str, str]:
    """Label -> text for everything an editor can change on a track."""
    out = {}
    for name in TRACK_FIELDS:
        label = Track._meta.get_field(name).verbose_name
        out[str(label).capitalize()] = _text(getattr(track, name))
    out["Occupations"] = "\n".join(
        f"{o.occupation_id}: {_text(o.note)}" for o in sorted(occupations, key=lambda o: o.occupation_id)
    )
    for role in sorted(roles, key=lambda r: r.order):
        out[f"Role {role.order} ({_text(role.title)})"] = "\n".join(
            [
                f"{role.get_level_display()}, {role.occupation_id}, {role.get_pay_band_display()}",
                _text(role.work),
                _text(role.move_up),
            ]
        )
    for note in sorted(industries, key=lambda n: n.order):
        name = sector_names.get(note.industry_id, note.industry_id)
        out[f"Industry note: {name}"] = _text(note.note)
    for link in sorted(links, key=lambda link: (link.kind, link.order)):
        name = track_names.get(link.related_id, str(link.related_id))
        out[f"{link.get_kind_display()}: {name}"] = _text(link.note)
    return out


def differences(current: dict[str, str], old: dict[str, str]) -> list[dict]:
    """Each label whose text differs: the current text, this version's, and a line diff."""
    rows = []
    for label in list(dict.fromkeys([*current, *old])):
        now, then = current.get(label), old.get(label)
        if now == then:
            continue
        diff = list(
            difflib.unified_diff(
                (now or "").splitlines(),
                (then or "").splitlines(),
                "current",
                "this version",
                lineterm="",
                n=1,
            )
        )[2:]
        rows.append(
            {
                "label": label,
                "current": now if now is not None else "(not in the current version)",
                "version": then if then is not None else "(not in this version)",
                "diff": diff,
            }
        )
    return rows


def _names(industry_ids, track_ids) -> tuple[dict, dict]:
    sectors = {
        code: clean_sector_title(title)
        for code, title in Industry.objects.filter(code__in=set(industry_ids)).values_list("code", "title")
    }
    tracks = dict(Track.objects.filter(pk__in=set(track_ids)).values_list("pk", "name"))
    return sectors, tracks


def current_snapshot(track: Track) -> dict[str, str]:
    occupations = list(track.occupations.all())
    roles = list(track.roles.all())
    industries = list(track.industries.all())
    links = list(track.links.all())
    sectors, tracks = _names([n.industry_id for n in industries], [link.related_id for link in links])
    return snapshot(track, occupations, roles, industries, links, sector_names=sectors, track_names=tracks)


def version_snapshot(version) -> dict[str, str]:
    """The track and its parts as saved in ``version``'s revision (never touches the live rows)."""
    parts = {TrackOccupation: [], Role: [], TrackIndustry: [], RelatedTrack: []}
    track = None
    types = {ContentType.objects.get_for_model(model).pk: model for model in [Track, *parts]}
    for saved in version.revision.version_set.all():
        model = types.get(saved.content_type_id)
        if model is None:
            continue
        obj = saved._object_version.object
        if model is Track:
            if str(obj.pk) == str(version.object_id):
                track = obj
        elif str(obj.track_id) == str(version.object_id):
            parts[model].append(obj)
    if track is None:
        return {}
    sectors, tracks = _names(
        [n.industry_id for n in parts[TrackIndustry]], [link.related_id for link in parts[RelatedTrack]]
    )
    return snapshot(
        track,
        parts[TrackOccupation],
        parts[Role],
        parts[TrackIndustry],
        parts[RelatedTrack],
        sector_names=sectors,
        track_names=tracks,
    )


EXCERPT = 70  # characters of a changed text shown on the history page


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def change_summary(before: dict[str, str] | None, after: dict[str, str]) -> list[dict]:
    """What one version changed against the version before it: each field or part added, removed or
    changed, with short excerpts of the text before and after. ``before`` None: the first version."""
    if before is None:
        return [{"label": "First saved version", "kind": "first", "before": "", "after": ""}]
    rows = []
    for change in differences(after, before):
        label, now, then = change["label"], after.get(change["label"]), before.get(change["label"])
        kind = "added" if then is None else "removed" if now is None else "changed"
        rows.append({"label": label, "kind": kind, "before": _excerpt(then), "after": _excerpt(now)})
    return rows


def version_summaries(versions) -> dict[int, list[dict]]:
    """{version id: ``change_summary`` against the version saved before it}, ``versions`` in any order."""
    ordered = sorted(versions, key=lambda version: (version.revision.date_created, version.pk))
    summaries, before = {}, None
    for version in ordered:
        after = version_snapshot(version)
        summaries[version.pk] = change_summary(before, after)
        before = after
    return summaries

"""What changed in a followed track between two data releases (pure: no database, no Django).

A member following a track keeps a small record of its headline figures at the time (``Figures``,
stored as a dict on ``FollowedTrack.baseline``): the OEWS release, U.S. jobs, the national median pay,
and the track's median pay in the member's metro at U.S. prices. ``changes`` compares that with the
figures of the release loaded now, so /me/ and the follow digest say the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pages.formatting import format_percent_change
from salaries.statistics.wages import NOT_AVAILABLE, format_dollars


@dataclass(frozen=True)
class Figures:
    release: str | None  # OEWS vintage, e.g. "May 2025"
    jobs: int | None  # U.S. wage and salary jobs in the track's occupations
    median: int | None  # national median annual pay (None when unknown or top-coded)
    metro_code: str | None = None
    metro_name: str | None = None
    metro_adjusted_median: int | None = None  # median pay in the metro at average U.S. prices

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Figures | None:
        if not data or "release" not in data:
            return None
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})

    @property
    def jobs_display(self) -> str:
        return f"{self.jobs:,}" if self.jobs is not None else NOT_AVAILABLE

    @property
    def median_display(self) -> str:
        return format_dollars(self.median)

    @property
    def metro_display(self) -> str:
        return format_dollars(self.metro_adjusted_median)


@dataclass(frozen=True)
class Change:
    """One figure then and now."""

    label: str
    then: str
    now: str
    difference: str  # "+1,230 (+2.1%)", "no change", "not comparable"
    changed: bool


@dataclass(frozen=True)
class TrackChanges:
    since_release: str | None
    release: str | None
    changes: list[Change]

    @property
    def new_release(self) -> bool:
        return self.since_release != self.release

    @property
    def changed(self) -> bool:
        return self.new_release and any(change.changed for change in self.changes)


def _percent(then: int, now: int) -> str:
    return f" ({format_percent_change((now - then) / then * 100)})" if then else ""


def _difference(then: int | None, now: int | None, *, dollars: bool) -> tuple[str, bool]:
    if then is None or now is None:
        return "not comparable (not published in both releases)", then != now
    if then == now:
        return "no change", False
    delta = now - then
    sign = "+" if delta > 0 else "\u2212"
    amount = format_dollars(abs(delta)) if dollars else f"{abs(delta):,}"
    return f"{sign}{amount}{_percent(then, now)}", True


def changes(then: Figures, now: Figures) -> TrackChanges:
    """The changes from ``then`` (when the member followed) to ``now`` (the release loaded now)."""
    rows = []
    difference, changed = _difference(then.jobs, now.jobs, dollars=False)
    rows.append(Change("U.S. jobs", then.jobs_display, now.jobs_display, difference, changed))
    difference, changed = _difference(then.median, now.median, dollars=True)
    rows.append(Change("Median annual pay", then.median_display, now.median_display, difference, changed))
    if now.metro_code and then.metro_code == now.metro_code:
        difference, changed = _difference(then.metro_adjusted_median, now.metro_adjusted_median, dollars=True)
        rows.append(
            Change(
                f"Median pay in {now.metro_name} at U.S. prices",
                then.metro_display,
                now.metro_display,
                difference,
                changed,
            )
        )
    return TrackChanges(since_release=then.release, release=now.release, changes=rows)

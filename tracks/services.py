"""Writes that change what the public track pages show. Each rebuilds what shows the change and bumps
the data generation in one transaction (``salaries.generation.rebuild_snapshots``; the builders are the
``pages`` app's): a failure leaves the previous snapshots served. This app never imports ``pages``.
"""

from __future__ import annotations

from salaries.generation import Change, Generation, bump_generation, rebuild_snapshots
from tracks.models import Track


def track_saved(track: Track) -> Generation:
    """An editor saved (or published, or unpublished) ``track``: rebuild that track's snapshot only (and
    what names it: the home chart, its compare snapshot, the search index)."""
    return rebuild_snapshots(reason=f"track {track.slug} saved", change=Change(track=track))


def track_deleted(slug: str) -> Generation:
    """A track was deleted (its snapshot rows went with it): pages linking to it are rebuilt next load."""
    return bump_generation(f"track {slug} deleted")


def catalogue_loaded(changed_slugs) -> Generation:
    """The catalogue load changed these tracks: rebuild them and the tracks that link to them (a page
    shows its related tracks' names and evidence), then bump the generation, in the load's transaction."""
    slugs = tuple(sorted(changed_slugs))
    return rebuild_snapshots(
        reason=f"tracks catalogue loaded: {', '.join(slugs)}", change=Change(tracks=slugs)
    )

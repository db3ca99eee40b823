"""Writes that change what the public track pages show: each rebuilds snapshots and bumps the generation
in one transaction (a failure leaves the previous snapshots served)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from pages import snapshots as explore_snapshots
from salaries.generation import Generation, bump_generation
from tracks.models import Track
from tracks.page import snapshots


def track_saved(track: Track) -> Generation:
    """An editor saved (or published, or unpublished) ``track``: rebuild that track's snapshot only."""
    with transaction.atomic():
        snapshots.build_track(track)
        explore_snapshots.track_saved(track)
        return bump_generation(f"track {track.slug} saved")


def track_deleted(slug: str) -> Generation:
    """A track was deleted (its snapshot rows went with it): pages linking to it are rebuilt next load."""
    return bump_generation(f"track {slug} deleted")


def catalogue_loaded(changed_slugs) -> Generation:
    """The catalogue load changed these tracks: rebuild them and the tracks that link to them (a page
    shows its related tracks' names and evidence), then bump the generation, in the load's transaction."""
    with transaction.atomic():
        affected = Track.objects.filter(
            Q(slug__in=changed_slugs) | Q(links__related__slug__in=changed_slugs)
        ).distinct()
        for track in affected.order_by("slug"):
            snapshots.build_track(track, home=False)
        snapshots.build_home_chart()  # once, with every track rebuilt
        explore_snapshots.rebuild_all()
        return bump_generation(f"tracks catalogue loaded: {', '.join(sorted(changed_slugs))}")

"""Rebuild the precomputed public pages (all, or one track) and bump the data generation."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pages import snapshots
from salaries.generation import bump_generation, rebuild_snapshots
from tracks.models import Track


class Command(BaseCommand):
    help = (
        "Build the snapshots public pages are served from (every registered builder, or one track with "
        "--track), in one transaction, and bump the data generation. Idempotent."
    )

    # An operator's command (and run after every deploy): the system checks belong to `check`/deploys,
    # and skipping them here keeps a one-track rebuild quick.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--track", metavar="SLUG", help="rebuild this track's page only")

    def handle(self, *args, track, **options):
        started = time.perf_counter()
        progress = self._progress if options["verbosity"] >= 1 else None
        if track:
            try:
                obj = Track.objects.get(slug=track)
            except Track.DoesNotExist:
                raise CommandError(f"No track with the slug {track!r}.") from None
            with transaction.atomic():
                metros = snapshots.build_track(obj)
                generation = bump_generation(f"build_snapshots --track {track}")
            self.stdout.write(f"{track}: {metros} metros")
        else:
            generation = rebuild_snapshots(reason="build_snapshots", progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshots built in {time.perf_counter() - started:.1f} s; "
                f"data generation {generation.number}."
            )
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

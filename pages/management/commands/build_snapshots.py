"""Rebuild the precomputed public pages (all, one kind, or one track's rows) and bump the data
generation: the one build command (``pages.snapshots`` lists the builders)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pages import snapshots
from pages.store import tally
from salaries.generation import bump_generation, rebuild_snapshots


class Command(BaseCommand):
    help = (
        "Build the snapshots public pages are served from (every builder in order, or one --kind, or "
        "with --key one track's rows), in one transaction, and bump the data generation. Writes only "
        "the rows whose payload changed; idempotent."
    )

    # An operator's command (and run after every deploy): the system checks belong to `check`/deploys,
    # and skipping them here keeps a one-track rebuild quick.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", choices=sorted(snapshots.KINDS), help="rebuild this kind of snapshot only"
        )
        parser.add_argument(
            "--key", metavar="KEY", help="with a track kind: rebuild this track (its slug) only"
        )

    def handle(self, *args, kind, key, **options):
        started = time.perf_counter()
        progress = self._progress if options["verbosity"] >= 1 else None
        if key is not None and kind not in snapshots.KEYED_KINDS:
            raise CommandError(
                f"--key needs --kind {'/'.join(sorted(snapshots.KEYED_KINDS))} (a track's slug); "
                "other kinds are rebuilt whole."
            )
        with tally() as written:
            if kind is None:
                generation = rebuild_snapshots(reason="build_snapshots", progress=progress)
            else:
                label = f"build_snapshots --kind {kind}" + (f" --key {key}" if key else "")
                try:
                    with transaction.atomic():
                        said = snapshots.KINDS[kind](key)
                        generation = bump_generation(label)
                except LookupError as error:
                    raise CommandError(str(error)) from None
                if said:
                    self.stdout.write(said)
        self.stdout.write(
            f"{written.rows:,} rows written ({written.inserted:,} inserted, {written.updated:,} updated, "
            f"{written.deleted:,} deleted), {written.unchanged:,} unchanged."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshots built in {time.perf_counter() - started:.1f} s; "
                f"data generation {generation.number}."
            )
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

"""Rebuild the snapshots behind occupation pages, metro pages and job-title search (see
``tracks.snapshots``). Run after ``load_workforce_data`` and ``load_tracks``."""

import time

from django.core.management.base import BaseCommand

from tracks.snapshots import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the occupation, metro and search snapshots from the loaded data and catalogue."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rebuild_all(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))

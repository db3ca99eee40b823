"""Rebuild the snapshots behind occupation pages, metro pages and job-title search (see
``pages.snapshots``) and bump the data generation. The loads already do this (as a registered snapshot
builder); ``build_snapshots`` rebuilds the track pages too."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from pages.snapshots import rebuild_all
from salaries.generation import bump_generation


class Command(BaseCommand):
    help = "Rebuild the occupation, metro and search snapshots from the loaded data and catalogue."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            rebuild_all(log=self.stdout.write)
            generation = bump_generation("build_page_snapshots")
        self.stdout.write(f"Data generation {generation.number}.")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))

"""Load the workforce fixtures (``fixtures/workforce/``) into the database.

Idempotent (unchanged releases are skipped without a write) and atomic (one transaction). See
``salaries.importers.loader``.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from salaries.importers.loader import default_fixtures_dir, load_all, summary_lines


class Command(BaseCommand):
    help = "Load the federal workforce data fixtures into the database (idempotent, atomic)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures", default=str(default_fixtures_dir()), help="fixtures/workforce folder"
        )
        parser.add_argument("--force", action="store_true", help="reload releases even when unchanged")

    def handle(self, *args, fixtures, force, **options):
        started = time.perf_counter()
        progress = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        results = load_all(Path(fixtures), force=force, progress=progress)
        for line in summary_lines(results):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))

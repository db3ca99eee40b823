"""Rebuild ``fixtures/workforce/`` from the upstream federal files.

    python manage.py build_workforce_fixtures --source ../shared/data

For next year's release, put the new upstream files in the same folders (e.g.
``oews/oews_all_data_M2026.csv.gz``) and run this again; then ``load_workforce_data``.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from salaries.importers.build import build_all


class Command(BaseCommand):
    help = "Build the compact workforce fixtures (fixtures/workforce/) from the upstream data files."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.BASE_DIR.parent / "shared" / "data"))
        parser.add_argument("--out", default=str(settings.BASE_DIR / "fixtures" / "workforce"))

    def handle(self, *args, source, out, **options):
        entries = build_all(Path(source), Path(out), log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(entries)} releases and manifest.json to {out}"))

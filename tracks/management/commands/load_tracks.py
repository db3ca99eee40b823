from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracks.importers.catalogue import CatalogueError, load_catalogue


class Command(BaseCommand):
    help = (
        "Load the tracks catalogue (fixtures/tracks/*.yaml) into the database. Validates every file first "
        "and writes nothing if any is wrong; idempotent; tracks whose file is gone are left alone, and so "
        "are tracks edited in admin since their last load (unless --overwrite). Needs the workforce data "
        "loaded (SOC and sector codes are checked against it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(Path(settings.FIXTURES_DIR) / "tracks"),
            help="Directory of <slug>.yaml files (default: fixtures/tracks)",
        )
        parser.add_argument("--check", action="store_true", help="Only validate the files; write nothing")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat a related link to a track that does not exist as an error (default: skip and warn)",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also replace tracks an editor changed in admin (their version stays in the history)",
        )

    def handle(self, *args, directory, check, strict, overwrite, **options):
        try:
            summary = load_catalogue(directory, dry_run=check, strict=strict, overwrite=overwrite)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        if summary.pending_links:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(summary.pending_links)} related link(s) skipped: their target track is not in the "
                    "catalogue yet (they are added on the first load after it is; -v 2 lists them)."
                )
            )
            if options["verbosity"] >= 2:
                for message in summary.pending_links:
                    self.stderr.write(f"  {message}")
        if check:
            self.stdout.write(self.style.SUCCESS(f"{summary.files} track file(s) are valid."))
            return
        self.stdout.write(self.style.SUCCESS(f"Tracks catalogue loaded: {summary.describe()}"))
        if summary.kept_admin_edits:
            self.stdout.write(
                f"Kept as edited in admin (load_tracks --overwrite replaces them): "
                f"{', '.join(summary.kept_admin_edits)}"
            )
        if summary.tracks_changed:
            self.stdout.write(f"Changed: {', '.join(summary.tracks_changed)}")

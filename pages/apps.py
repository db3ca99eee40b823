from django.apps import AppConfig


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"

    def ready(self):
        from pages import snapshots
        from salaries.generation import register_snapshot_builder

        # Every write that changes the data or the catalogue rebuilds the pages built from them (the
        # writers live in salaries and tracks, which never import pages): the track pages first, then
        # the pages beyond them (compare reads the track snapshots).
        register_snapshot_builder("tracks", snapshots.build_track_pages)
        register_snapshot_builder("explore", snapshots.build_pages_beyond_tracks)

from django.apps import AppConfig


class TracksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracks"

    def ready(self):
        from salaries.generation import register_snapshot_builder
        from tracks.page import snapshots

        # Every load of the federal data rebuilds the track pages (salaries cannot import tracks).
        register_snapshot_builder("tracks", snapshots.build_all)
        # Occupation, metro, state and compare pages and the job-title search index (after the tracks:
        # compare reads the track snapshots).
        from pages.snapshots import build_for_pipeline

        register_snapshot_builder("explore", build_for_pipeline)

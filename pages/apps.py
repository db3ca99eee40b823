from django.apps import AppConfig


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"

    def ready(self):
        from pages import snapshots
        from salaries.generation import register_snapshot_builder

        # Every write that changes the data or the catalogue rebuilds the pages built from them (the
        # writers live in salaries and tracks, which never import pages), in the one order
        # pages.snapshots.BUILDERS gives.
        for name, builder in snapshots.BUILDERS.items():
            register_snapshot_builder(name, builder)

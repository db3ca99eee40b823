from django.apps import AppConfig


class CareersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "careers"

    def ready(self):
        from careers import receivers
        from salaries.generation import register_snapshot_builder

        # A data load's change reaches the follow digest the one way every change travels.
        register_snapshot_builder("followers", receivers.data_changed)

"""What the members' app does when the data changes: one handler, registered with the data generation
(``salaries.generation.register_snapshot_builder``, from ``CareersConfig.ready``), the one path a data
change travels. It hands over to a service at once; no logic lives here."""

from django.db import transaction

from careers import services


def data_changed(progress=None, change=None):
    """A new OEWS release may change followed tracks' figures: queue the opt-in digest once the load has
    committed (nothing is queued for data that was rolled back)."""
    if change is not None and "oews" in change.sources:
        transaction.on_commit(services.notify_followers)

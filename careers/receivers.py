"""Receivers of other apps' signals. Each hands over to a service at once; no logic lives here."""

from django.dispatch import receiver

from careers import services
from salaries.signals import workforce_data_loaded


@receiver(workforce_data_loaded, dispatch_uid="careers-notify-followers")
def notify_followers_of_new_data(sender, sources, **kwargs):
    """A new OEWS release may change followed tracks' figures: queue the opt-in digest."""
    if "oews" in sources:
        services.notify_followers()

from django.core.management.base import BaseCommand

from careers.services import notify_followers


class Command(BaseCommand):
    help = (
        "After a data load: queue the follow digest (an opt-in email) for members following tracks the "
        "newest OEWS release hasn't been reported for. Running it again queues nothing new."
    )

    def handle(self, *args, **options):
        queued = notify_followers()
        self.stdout.write(f"Follow digest queued for {queued} member{'s' if queued != 1 else ''}.")

from django.core.management.base import BaseCommand

from inovasi.outbox.services import send_due


class Command(BaseCommand):
    help = "Send every queued outbox mail that is due (run every minute from cron or a timer)."

    def handle(self, *args, **options):
        tried = send_due()
        self.stdout.write(f"{tried} surel dicoba.")

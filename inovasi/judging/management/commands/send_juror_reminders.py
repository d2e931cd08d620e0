from django.core.management.base import BaseCommand

from inovasi.judging.notifications import REMINDER_WINDOW, send_reminders


class Command(BaseCommand):
    help = (
        "Remind jurors with missing scores in stages that close within "
        f"{REMINDER_WINDOW.days} days (one e-mail per juror per stage per day, WIB). Run daily."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} pengingat terkirim.")

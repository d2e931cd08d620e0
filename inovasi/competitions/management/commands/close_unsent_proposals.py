"""Close the proposals left unsent at their edition's deadline (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from inovasi.competitions.deadlines import close_unsent_after_deadline


class Command(BaseCommand):
    help = "Tutup proposal yang belum diajukan sampai batas akhir pengajuan."

    def handle(self, *args, **options):
        closed = close_unsent_after_deadline()
        self.stdout.write(f"{closed} proposal ditutup.")

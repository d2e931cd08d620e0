from django.core.management.base import BaseCommand

from inovasi.innovation_index.presets import PRESETS, load_preset
from inovasi.organisations.models import OrganizerBody

BSKDN = ("Badan Strategi Kebijakan Dalam Negeri, Kementerian Dalam Negeri", "BSKDN Kemendagri")


class Command(BaseCommand):
    help = "Load the IID methodology presets (2023, 2026) as frameworks owned by BSKDN (idempotent)."

    def handle(self, *args, **options):
        body, _ = OrganizerBody.objects.get_or_create(name=BSKDN[0], defaults={"short_name": BSKDN[1]})
        for key in PRESETS:
            framework = load_preset(key, body=body)
            self.stdout.write(f"{framework.year}: {framework.name}")

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inovasi.demo.awards import load_awards_demo
from inovasi.demo.competitions import load_competitions
from inovasi.demo.index import load_index_demo
from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import DEMO_PASSWORD, load_personas
from inovasi.demo.press import load_press_demo
from inovasi.demo.verification import load_verification_demo


class Command(BaseCommand):
    help = "Load the demo data of the seed stories and print the login of each demo persona (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo creates a system admin whose password is in the README.
            raise CommandError("load_demo menolak berjalan di produksi (INOVASI_ENV=production).")
        call_command("load_regions", stdout=self.stdout)
        with transaction.atomic():
            loaded = load_organisations()
            personas = load_personas(loaded)
            load_innovations(loaded)
            load_index_demo(loaded)
            editions = load_competitions(loaded)
            load_verification_demo(loaded, editions)
            load_awards_demo(loaded, editions)
            load_press_demo(loaded, editions)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for persona in personas:
            self.stdout.write(f"  {persona.email:<40} {persona.describe}")

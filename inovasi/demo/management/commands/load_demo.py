from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import formats, timezone

from inovasi.demo.awards import load_awards_demo
from inovasi.demo.competitions import load_competitions
from inovasi.demo.index import load_index_demo
from inovasi.demo.innovations import load_innovations
from inovasi.demo.judging import load_judging_demo
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
        # Loading the demo is not an organizer acting: the assignment and schedule e-mails the
        # services send after commit go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            loaded = load_organisations()
            personas = load_personas(loaded)
            load_innovations(loaded)
            load_index_demo(loaded)
            editions = load_competitions(loaded)
            load_verification_demo(loaded, editions)
            load_awards_demo(loaded, editions)
            load_press_demo(loaded, editions)
            judging = load_judging_demo(loaded)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for persona in personas:
            self.stdout.write(f"  {persona.email:<40} {persona.describe}")
        self._judging(judging)

    def _judging(self, figures):
        desk = figures["desk"]

        def wib(moment):
            return formats.date_format(timezone.localtime(moment), "j F Y H.i")

        self.stdout.write(
            f"\nPenjurian demo: {figures['edition'].name}, {desk.name} dibuka {wib(desk.opens_at)}"
            f" s.d. {wib(desk.closes_at)} WIB; {figures['proposals']} proposal, {figures['jurors']} juri,"
            f" {figures['assignments']} penugasan, {figures['submitted']} nilai terkirim,"
            f" {figures['drafts']} draf, {figures['slots']} jadwal presentasi."
        )
        if figures["closure"] is not None:
            self.stdout.write(
                f"Tahap yang sudah ditutup dengan berita acara: {figures['closure'].stage.edition.name},"
                f" {figures['closure'].stage.name} ({wib(figures['closure'].closed_at)} WIB)."
            )

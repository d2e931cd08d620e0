from django.core.management.base import BaseCommand, CommandError

from inovasi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail and report the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.first_broken_id}: {report.reason} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified."))

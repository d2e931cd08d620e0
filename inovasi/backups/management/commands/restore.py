from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inovasi.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an EMPTY migrated instance, verifying every checksum."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the archive written by `manage.py backup`")

    def handle(self, *args, archive, **options):
        try:
            report = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows in {report.models} models and {report.files} media files; "
                f"audit chain intact: {report.audit_events} events verified."
            )
        )

from pathlib import Path

from django.core.management.base import BaseCommand

from inovasi.backups.archive import create_backup


class Command(BaseCommand):
    help = "Write the database and the media files into one .tar.gz archive with a checksummed manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the archive to write, e.g. /backups/inovasi-2026-05-04.tar.gz")

    def handle(self, *args, archive, **options):
        manifest = create_backup(Path(archive))
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {archive}: {rows} rows in {len(manifest['counts'])} models, "
                f"{len(manifest['files'])} media files."
            )
        )

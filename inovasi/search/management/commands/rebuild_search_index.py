from django.core.management.base import BaseCommand

from inovasi.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every innovation (SQLite FTS5 or PostgreSQL)."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} innovations."))

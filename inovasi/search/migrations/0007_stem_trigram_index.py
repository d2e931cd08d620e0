"""pg_trgm over the stem vocabulary (PostgreSQL only): typo candidates and prefix completions.

pg_trgm ships with PostgreSQL's contrib and every managed PostgreSQL allows it. On SQLite nothing
is created: forgiving search scores the vocabulary in process with rapidfuzz there.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_stem_word_trgm ON search_searchstem USING GIN (word gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_stem_word_trgm"]  # the extension may serve others: kept


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postings")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

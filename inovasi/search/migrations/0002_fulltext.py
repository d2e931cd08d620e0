"""The full-text index over SearchText.stemmed_text, per database vendor.

SQLite: an FTS5 external-content table whose rowid is the innovation id, kept in sync by triggers
on search_searchtext (so bulk writes through the ORM keep it current; note that Django's SQLite
schema editor rebuilds a table for most ALTERs, which drops its triggers: a later migration that
alters SearchText must recreate them). PostgreSQL: a stored
generated column `search_vector` = to_tsvector('simple', stemmed_text) with a GIN index (stored, so
ranking does not re-parse the text); the text is already stemmed, so no language config applies.
The column is unknown to the Django model on purpose: the database fills it on every write.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "stemmed_text, content='search_searchtext', content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchtext BEGIN "
    "INSERT INTO search_fts(rowid, stemmed_text) VALUES (new.document_id, new.stemmed_text); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchtext BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, stemmed_text) VALUES ('delete', old.document_id, old.stemmed_text); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchtext BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, stemmed_text) VALUES ('delete', old.document_id, old.stemmed_text); "
    "INSERT INTO search_fts(rowid, stemmed_text) VALUES (new.document_id, new.stemmed_text); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchtext ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', stemmed_text)) STORED",
    "CREATE INDEX search_document_fts ON search_searchtext USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_fts",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]

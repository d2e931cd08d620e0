"""Indexes for registry queries that read or sorted whole tables on every page view.

Measured with EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL 15 over the synthetic "medium" dataset
(20,600 innovations, 4,021 replications; VACUUM ANALYZE first), each query exactly as Django sends it:

- Workspace innovation list of a system admin, `ORDER BY updated_at DESC, id DESC LIMIT 25`:
  before, a sequential scan of every innovation and a sort spilling 11 MB to disk, 140 ms for the
  first page (245 ms at page 300); after, an index scan that stops after 25 rows, 0.3 ms (90 ms at
  page 300). At 100,000 innovations the sort grows five-fold; the index scan does not.
- `innovation_id IN (SELECT id ... WHERE status = 'published')`, the shape of every "of a published
  innovation" filter (the replications API and its page count, the region page): before, a
  sequential scan of the whole innovation table (4,062 pages of wide narrative rows) for the ids,
  153 ms for the API's count; with an index on (status, id), an index-only scan, 28 ms.
- Public API `/api/v1/replications`, `ORDER BY adopted_on DESC NULLS LAST, id LIMIT 50`: before,
  sequential scans of replications and innovations and a sort, 49 ms for the first page; after,
  an index scan with a nested-loop check that the innovation is published, 0.5 ms.

The replication index is plain SQL per engine: PostgreSQL sorts NULLs first in DESC and needs NULLS
LAST in the index to serve the query; SQLite already sorts NULLs last in DESC, uses a plain DESC
index for this ORDER BY (EXPLAIN QUERY PLAN: "SCAN ... USING INDEX"), and refuses NULLS LAST in
CREATE INDEX. So it is created here rather than declared in the model's Meta.
"""

from django.db import migrations, models

REPLICATION_INDEX = "replication_newest_first"


def create_replication_index(apps, schema_editor):
    adopted = "adopted_on DESC NULLS LAST" if schema_editor.connection.vendor == "postgresql" else "adopted_on DESC"
    schema_editor.execute(f"CREATE INDEX {REPLICATION_INDEX} ON innovations_replication ({adopted}, id)")


def drop_replication_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {REPLICATION_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0004_start_year_precision"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="innovation",
            index=models.Index(fields=["-updated_at", "-id"], name="innovation_recent_first"),
        ),
        migrations.AddIndex(
            model_name="innovation",
            index=models.Index(fields=["status", "id"], name="innovation_status_id"),
        ),
        migrations.RunPython(create_replication_index, drop_replication_index, elidable=False),
    ]

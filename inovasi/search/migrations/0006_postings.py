"""The catalog's inverted index (search.postings): one row per (document, stem) with its weight."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from inovasi.search.indexing import backfill_postings

    backfill_postings(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_search_stems"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchPosting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "document_id", "term", "weight", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("document_id", models.IntegerField()),
                ("term", models.CharField(max_length=64)),
                ("weight", models.FloatField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("term"),
                        models.OrderBy(models.F("weight"), descending=True),
                        models.F("document_id"),
                        name="search_posting_term_weight",
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]

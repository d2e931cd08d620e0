from itertools import groupby

from django.db import migrations, models


def fill(apps, schema_editor):
    """Copy each indexed document's urusan codes into the new column (the indexer keeps it current)."""
    SearchAffair = apps.get_model("search", "SearchAffair")
    links = SearchAffair.objects.order_by("document_id", "affair_code").values_list("document_id", "affair_code")
    rows = [
        (" ".join(code for _id, code in codes)[:255], document_id)
        for document_id, codes in groupby(links.iterator(chunk_size=10_000), key=lambda link: link[0])
    ]
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE search_searchdocument SET affair_codes = %s WHERE innovation_id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_counts")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="affair_codes",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""Province flows stored for the national replication matrix (issue #18), filled from the edges.

`ReplicationFlow` holds one row per (origin province, adopter province) cell; the replication
services keep it exact from here on (`innovations.replication_flows`). The data step counts the
existing edges once, as `replication_flows.rebuild()` does, with the historical models.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Max
from django.db.models.functions import Coalesce


def fill_flows(apps, schema_editor):
    Replication = apps.get_model("innovations", "Replication")
    ReplicationFlow = apps.get_model("innovations", "ReplicationFlow")
    rows = (
        Replication.objects.filter(innovation__status="published")
        .values(
            origin=Coalesce("innovation__government__region__parent_id", "innovation__government__region_id"),
            adopter=Coalesce("adopter_region__parent_id", "adopter_region_id"),
        )
        .annotate(n=Count("id"), latest=Max("year"))
        .order_by()
    )
    ReplicationFlow.objects.bulk_create(
        [
            ReplicationFlow(
                origin_province_id=row["origin"],
                adopter_province_id=row["adopter"],
                count=row["n"],
                latest_year=row["latest"],
            )
            for row in rows
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0007_replication_graph_year_region_partner_kind"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReplicationFlow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="jumlah replikasi")),
                (
                    "latest_year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="tahun replikasi terakhir"),
                ),
                (
                    "adopter_province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                        verbose_name="provinsi pereplikasi",
                    ),
                ),
                (
                    "origin_province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                        verbose_name="provinsi asal",
                    ),
                ),
            ],
            options={
                "verbose_name": "arus replikasi",
                "verbose_name_plural": "arus replikasi",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("origin_province", "adopter_province"), name="replication_flow_cell"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("adopter_province", None)),
                        fields=("origin_province",),
                        name="replication_flow_cell_no_region",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_flows, migrations.RunPython.noop),
    ]

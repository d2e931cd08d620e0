from django.db import migrations

from inovasi.innovations.reference_data import load_reference_lists


def load(apps, schema_editor):
    load_reference_lists(
        apps.get_model("innovations", "GovernmentAffair"), apps.get_model("innovations", "SustainableDevelopmentGoal")
    )


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

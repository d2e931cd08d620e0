from django.db import migrations

from inovasi.innovations.reference_data import GOVERNMENT_AFFAIRS, SDGS


def load(apps, schema_editor):
    Affair = apps.get_model("innovations", "GovernmentAffair")
    Goal = apps.get_model("innovations", "SustainableDevelopmentGoal")
    for code, name, group, basic in GOVERNMENT_AFFAIRS:
        Affair.objects.update_or_create(code=code, defaults={"name": name, "group": group, "is_basic_service": basic})
    for number, name in SDGS:
        Goal.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

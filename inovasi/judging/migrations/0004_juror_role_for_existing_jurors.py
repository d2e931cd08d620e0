"""Existing juror records keep working under the one juror rule (an active Juri membership of the
record's body): each record's user gets that membership unless one exists (active or deliberately
deactivated, which is left as it is) or the user is a system admin or an organizer of that body,
whom `save_juror` now refuses as jurors."""

from django.db import migrations


def grant(apps, schema_editor):
    Juror = apps.get_model("judging", "Juror")
    Membership = apps.get_model("accounts", "Membership")
    for juror in Juror.objects.select_related("user").order_by("pk"):
        user = juror.user
        held = Membership.objects.filter(user=user)
        if user.is_superuser or held.filter(role="system_admin", is_active=True).exists():
            continue
        if held.filter(role="organizer", organizer_body_id=juror.body_id, is_active=True).exists():
            continue
        if held.filter(role="juror", organizer_body_id=juror.body_id).exists():
            continue
        Membership.objects.create(user=user, role="juror", organizer_body_id=juror.body_id, is_active=True)


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0003_jurors_per_body"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

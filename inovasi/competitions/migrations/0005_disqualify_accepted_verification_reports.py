"""Proposals whose field verification report recommending disqualification was accepted before
disqualification propagated: record the disqualification and take them out of the running, as
`verification.services.accept_visit` now does (no mail, no audit event: a data repair, like a load)."""

from django.db import migrations
from django.utils import timezone

RUNNING = ("passed_admin", "shortlisted")


def forwards(apps, schema_editor):
    Visit = apps.get_model("verification", "Visit")
    Disqualification = apps.get_model("competitions", "Disqualification")
    Proposal = apps.get_model("competitions", "Proposal")
    visits = Visit.objects.filter(state="accepted", recommendation="disqualify")
    for visit in visits.order_by("pk"):
        if Disqualification.objects.filter(proposal_id=visit.proposal_id).exists():
            continue
        Disqualification.objects.create(
            proposal_id=visit.proposal_id,
            stage_id=visit.stage_id,
            source="verification",
            reason=visit.reasons or "Diskualifikasi",
            decided_by_id=visit.accepted_by_id,
            decided_at=visit.accepted_at or visit.submitted_at or timezone.now(),
        )
        Proposal.objects.filter(pk=visit.proposal_id, state__in=RUNNING).update(
            state="eliminated", state_reason="Didiskualifikasi pada verifikasi lapangan."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0004_disqualification_funnel_and_objection_reply"),
        ("verification", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""An approved correction to a field eligibility reads flags the proposals it affects (issue #17).

`innovations.corrections.approve_correction` sends `correction_approved` inside its transaction
when the corrected field is one `checks.eligibility_failures` reads (the start date). Every
proposal of that innovation the organizer has received and not yet eliminated gets an audited
note, `proposal.data_changed` (the changed fields before/after, the correction and whether the
proposal still meets eligibility now), and the organizer's pages show "Data berubah setelah
pengajuan" for as long as the approved change is newer than the submission (`data_changes`,
`with_data_changed`). Nothing is decided automatically: the organizer judges.
"""

from django.db.models import Exists, OuterRef

from inovasi.audit.services import record_event
from inovasi.competitions import checks
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Proposal
from inovasi.innovations.corrections import correction_approved, display_value
from inovasi.innovations.enums import ELIGIBILITY_FIELDS, CorrectionState
from inovasi.innovations.models import InnovationCorrection


def affected_proposals(innovation):
    """Received proposals of `innovation` still in the running (what an organizer may still judge)."""
    return (
        Proposal.objects.submitted()
        .filter(innovation=innovation)
        .exclude(state=ProposalState.ELIMINATED)
        .select_related("edition", "agency", "agency__government", "agency__government__region", "group")
    )


def flag_affected_proposals(sender, *, correction, before, after, **kwargs) -> int:
    """Record `proposal.data_changed` on every affected proposal; returns how many were flagged."""
    innovation = correction.innovation
    flagged = 0
    for proposal in affected_proposals(innovation):
        failures = checks.eligibility_failures(
            edition=proposal.edition, innovation=innovation, agency=proposal.agency, group=proposal.group
        )
        record_event(
            actor=correction.decided_by,
            action="proposal.data_changed",
            obj=proposal,
            before=before,
            after={
                **after,
                "correction": correction.pk,
                "eligible": not failures,
                "failures": [f["message"] for f in failures],
            },
        )
        flagged += 1
    return flagged


def _newer_corrections(innovation_ref, submitted_ref):
    return InnovationCorrection.objects.filter(
        innovation=innovation_ref,
        state=CorrectionState.APPROVED,
        field__in=ELIGIBILITY_FIELDS,
        decided_at__gte=submitted_ref,
    )


def with_data_changed(queryset):
    """Annotate `data_changed`: an eligibility field of the innovation was corrected after submission."""
    return queryset.annotate(data_changed=Exists(_newer_corrections(OuterRef("innovation"), OuterRef("submitted_at"))))


def data_changes(proposal) -> dict | None:
    """What changed after `proposal` was submitted, and eligibility now; None when nothing did."""
    if proposal.submitted_at is None:
        return None
    corrections = list(
        _newer_corrections(proposal.innovation_id, proposal.submitted_at)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )
    if not corrections:
        return None
    failures = checks.eligibility_failures(
        edition=proposal.edition, innovation=proposal.innovation, agency=proposal.agency, group=proposal.group
    )
    return {
        "corrections": [
            {
                "field": c.get_field_display(),
                "old": display_value(c.field, c.old_value),
                "new": display_value(c.field, c.new_value),
                "reason": c.reason,
                "decided_at": c.decided_at,
            }
            for c in corrections
        ],
        "failures": [f["message"] for f in failures],
    }


def connect() -> None:
    correction_approved.connect(flag_affected_proposals, dispatch_uid="competitions_flag_corrected_proposals")

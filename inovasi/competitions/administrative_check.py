"""The administrative check of an edition's proposals: the automatic rules over every submitted
proposal, then the organizer's verdict per checklist item (pass, or return with the failed items).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions import checks
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import (
    ChecklistAnswer,
    Proposal,
    Stage,
)
from inovasi.competitions.services import _locked, transition

# --- Administrative check ----------------------------------------------------------------------


def admin_stage(edition) -> Stage | None:
    return edition.stages.filter(kind=StageKind.ADMINISTRATIVE_CHECK).order_by("order").first()


@transaction.atomic
def run_automatic_checks(*, edition, actor) -> dict:
    """Check every received proposal automatically. Failures are returned at once with their rules;
    the rest are passed when the stage has no checklist, or wait for the organizer's checklist."""
    stage = admin_stage(edition)
    has_checklist = bool(stage and stage.checklist_items.exists())
    counts = {"returned": 0, "passed": 0, "waiting": 0}
    index = checks.title_index(edition)
    received = (
        Proposal.objects.with_related()
        .select_related("government__region")
        .prefetch_related("answers", "attachments")
        .select_for_update(of=("self",))
        .filter(edition=edition, state=S.SUBMITTED)
    )
    for proposal in received:
        proposal.edition = edition  # share the edition's cached configuration across the batch
        failures = checks.automatic_failures(proposal, index=index)
        if failures:
            transition(proposal, S.RETURNED_BY_CHECK, actor=actor, failures=failures, reason=_("Pemeriksaan otomatis"))
            counts["returned"] += 1
        elif has_checklist:
            proposal.check_failures = []
            proposal.save(update_fields=["check_failures"])
            counts["waiting"] += 1
        else:
            transition(proposal, S.PASSED_ADMIN, actor=actor, failures=[])
            counts["passed"] += 1
    record_event(actor=actor, action="edition.run_automatic_checks", obj=edition, after=counts)
    return counts


@transaction.atomic
def decide_admin_check(*, proposal, verdicts: dict[int, tuple[bool, str]], actor, note: str = ""):
    """The organizer's checklist for one proposal (item id → (passed, reason)) plus the automatic
    rules. Every failing item needs a reason; the proposal passes only if nothing fails."""
    proposal = _locked(proposal)
    stage = admin_stage(proposal.edition)
    items = list(stage.checklist_items.all()) if stage else []
    missing = [item.text for item in items if item.pk not in verdicts]
    if missing:
        raise ValidationError(_("Semua butir periksa harus dinilai: %(items)s") % {"items": "; ".join(missing)})
    no_reason = [item.text for item in items if not verdicts[item.pk][0] and not verdicts[item.pk][1].strip()]
    if no_reason:
        raise ValidationError(
            _("Tuliskan alasan untuk butir yang tidak memenuhi: %(items)s") % {"items": "; ".join(no_reason)}
        )
    failures = checks.automatic_failures(proposal)
    for item in items:
        passed, reason = verdicts[item.pk]
        ChecklistAnswer.objects.update_or_create(
            proposal=proposal, item=item, defaults={"passed": passed, "reason": reason.strip(), "decided_by": actor}
        )
        if not passed:
            failures.append(checks.failure(f"checklist:{item.code}", f"{item.text} — {reason.strip()}"))
    if failures:
        return transition(proposal, S.RETURNED_BY_CHECK, actor=actor, failures=failures, reason=note.strip())
    return transition(proposal, S.PASSED_ADMIN, actor=actor, failures=[], reason=note.strip())

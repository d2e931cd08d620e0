"""Who is still in the running at a stage, and the verb that takes a proposal out for good.

The rule, once for every reader (the organizer's shortlist page, `publish_shortlist`, the judging
candidates, field verification):

- A proposal is in the running at stage S when it passed the administrative check or is on a list
  (state `passed_admin` or `shortlisted`), belongs to S's group (if S has one), is not disqualified,
  and — when S narrows the previous list (`Stage.narrows_previous`, the default) and an earlier
  narrowing stage of the same group scope has published its list — it is on that list and its
  result is not withdrawn.
- A funnel never widens: S cannot advance more proposals than that previous list left in the
  running (refused at publication), and its `top_n` cannot exceed the `top_n` of the previous
  narrowing stage (refused when the stage is saved, `Stage.clean`).
- A parallel award (`narrows_previous` off: best replication, Outstanding Achievement) is not bound
  by the list before it and does not bound the lists after it.

`disqualify` is the one door for a disqualification (an accepted field verification report that
recommends it, an upheld objection): the proposal is eliminated and a `Disqualification` row is
written; frozen records (stage results, closures and their hashes) are never rewritten, readers
annotate them from that row ("didiskualifikasi pada … karena …").
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Disqualification, Proposal, Stage
from inovasi.competitions.services import _locked, transition

S = ProposalState
RUNNING_STATES = (S.PASSED_ADMIN, S.SHORTLISTED)
NO_LIST_KINDS = (StageKind.OBJECTION_WINDOW, StageKind.ADMINISTRATIVE_CHECK)


def _same_scope(stage) -> Q:
    """Earlier stages whose list bounds `stage`: of every group, or of `stage`'s own group."""
    if stage.group_id:
        return Q(group__isnull=True) | Q(group_id=stage.group_id)
    return Q(group__isnull=True)


def _earlier_narrowing(stage):
    return (
        Stage.objects.filter(edition_id=stage.edition_id, order__lt=stage.order, narrows_previous=True)
        .exclude(kind__in=NO_LIST_KINDS)
        .filter(_same_scope(stage))
        .exclude(pk=stage.pk)
        .order_by("-order", "-pk")
    )


def previous_list(stage) -> Stage | None:
    """The published list `stage` picks from, or None (no earlier list, or a parallel award)."""
    if not stage.narrows_previous:
        return None
    return _earlier_narrowing(stage).filter(results_published_at__isnull=False).first()


def still_in_running(stage):
    """The proposals `stage` may judge, list or advance (see the module docstring), by pk."""
    qs = Proposal.objects.filter(edition_id=stage.edition_id, state__in=RUNNING_STATES, disqualification__isnull=True)
    if stage.group_id:
        qs = qs.filter(group_id=stage.group_id)
    listed = previous_list(stage)
    if listed is not None:
        qs = qs.filter(stage_results__stage=listed, stage_results__withdrawn_at__isnull=True)
    return qs.order_by("pk")


def check_not_widening(stage, proposals) -> None:
    """Refuse a list that is longer than what the previous list left in the running, or that holds
    a proposal no longer in the running (disqualified, eliminated, not on the previous list)."""
    listed = previous_list(stage)
    running = set(still_in_running(stage).values_list("pk", flat=True))
    if listed is not None and len(proposals) > len(running):
        raise ValidationError(
            _(
                "Tahap ini tidak dapat meloloskan %(count)s proposal: daftar %(label)s hanya menyisakan "
                "%(left)s proposal yang masih bertahan."
            )
            % {"count": len(proposals), "label": listed.label or listed.name, "left": len(running)}
        )
    for proposal in proposals:
        if proposal.pk in running:
            continue
        disqualified = Disqualification.objects.filter(proposal_id=proposal.pk).select_related("stage").first()
        if disqualified is not None:
            raise ValidationError(
                _("%(title)s tidak dapat masuk daftar: %(annotation)s.")
                % {"title": proposal.title, "annotation": disqualified.annotation}
            )
        if listed is not None and proposal.state in RUNNING_STATES:
            raise ValidationError(
                _("%(title)s tidak ada di daftar %(label)s, jadi tidak dapat maju ke tahap ini.")
                % {"title": proposal.title, "label": listed.label or listed.name}
            )


def widening_problem(stage) -> str | None:
    """Why `stage`'s `top_n` widens the funnel (more than the previous narrowing stage keeps), or None."""
    if not (stage.top_n and stage.narrows_previous and stage.edition_id and stage.order is not None):
        return None
    earlier = _earlier_narrowing(stage).filter(top_n__isnull=False).first()
    if earlier is None or stage.top_n <= earlier.top_n:
        return None
    return _(
        "Tahap ini meloloskan %(n)s proposal, lebih banyak daripada %(earlier)s (%(m)s) sebelumnya: "
        "corong seleksi tidak boleh melebar. Urutkan tahap dari daftar terpanjang ke terpendek."
    ) % {"n": stage.top_n, "earlier": earlier.name, "m": earlier.top_n}


# --- Disqualification -----------------------------------------------------------------------------


@transaction.atomic
def disqualify(*, proposal, stage, source: str, reason: str, actor) -> Disqualification:
    """Disqualify `proposal` at `stage`; it leaves every later stage and list.

    Side effects: a `Disqualification` row; the proposal moves to `eliminated` (through
    `services.transition`, which audits and mails the Pemda) when it is still in the running;
    audit event `proposal.disqualify` with before/after. Frozen records are left as they are.
    Refused when the proposal is already disqualified or belongs to another edition.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan diskualifikasi."))
    proposal = _locked(proposal)
    if proposal.edition_id != stage.edition_id:
        raise ValidationError(_("Tahap ini bukan bagian dari edisi proposal."))
    if Disqualification.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("Proposal ini sudah didiskualifikasi."), code="already_done")
    before = {"state": proposal.state}
    record = Disqualification.objects.create(
        proposal=proposal, stage=stage, source=source, reason=reason, decided_by=actor, decided_at=timezone.now()
    )
    if proposal.state in RUNNING_STATES:
        transition(proposal, S.ELIMINATED, actor=actor, reason=record.annotation)
    record_event(
        actor=actor,
        action="proposal.disqualify",
        obj=proposal,
        before=before,
        after={"state": proposal.state, "stage": stage.pk, "source": source, "reason": reason},
    )
    return record


def disqualifications(proposal_ids) -> dict[int, Disqualification]:
    """{proposal id: Disqualification} for the given proposals; one query."""
    rows = Disqualification.objects.filter(proposal_id__in=list(proposal_ids)).select_related("stage")
    return {row.proposal_id: row for row in rows}


def edition_disqualifications(edition):
    return Disqualification.objects.filter(proposal__edition=edition).select_related("stage", "proposal")

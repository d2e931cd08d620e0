"""Replacement jurors: when a juror declares a conflict, or an assigned juror's score no longer
counts (a conflict found later, the juror role gone), the proposal is short of its k jurors.

`needs(stage)` lists each such proposal with the juror who dropped out, why, and a proposed
replacement: a juror of the stage's pool who passes the juror rule, has no conflict with the
proposal and is not on it yet, least loaded in the stage first (ties by record id), counting the
replacements proposed before it, so loads stay balanced. The organizer accepts it with one POST
(`accept_replacement`, audited); the replacement is an assignment with source `replacement` that
names whom it replaces and why, which `recorded(stage)` returns for the minutes.
"""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.models import Stage
from inovasi.judging import conflicts, jury
from inovasi.judging.models import Assignment, AssignmentSource, Conflict, ConflictKind, Juror
from inovasi.judging.stages import candidates, require_not_frozen, settings_for

WIB = ZoneInfo("Asia/Jakarta")


def needs(stage) -> list[dict]:
    """[{"proposal", "replaces" (Juror), "reason", "proposed" (Juror or None), "eligible" (juror ids)}]
    in proposal order; one entry per juror who dropped out and is not replaced yet, up to the
    shortfall."""
    body_id = stage.edition.competition.body_id
    k = settings_for(stage).jurors_per_proposal
    # Only what the conflict rule and the result read: a stage's 15,000 assignments and 5,000
    # proposals loaded as whole model instances cost half a second of a cold organizer desk.
    proposals = {p.pk: p for p in candidates(stage).only("pk", "title", "government_id", "agency_id", "innovation_id")}
    assignments = list(
        Assignment.objects.filter(stage=stage, proposal_id__in=proposals).values_list(
            "juror_id", "proposal_id", "replaces_id"
        )
    )
    declared = list(
        Conflict.objects.filter(
            proposal_id__in=proposals, kind=ConflictKind.DECLARED, waived_at__isnull=True, juror__body_id=body_id
        ).select_related("juror")
    )
    if not assignments and not declared:
        return []
    assigned = {j.pk: j for j in Juror.objects.filter(pk__in={juror_id for juror_id, _p, _r in assignments})}
    with_role = set(jury.with_juror_role(Juror.objects.filter(pk__in=assigned), body_id).values_list("pk", flat=True))
    blocked_assigned = conflicts.blocked_pairs(assigned.values(), proposals.values())
    dropped: dict[int, list[tuple[Juror, str]]] = {}
    replaced = {(proposal_id, replaces_id) for _j, proposal_id, replaces_id in assignments if replaces_id}
    on_proposal: dict[int, set[int]] = {}
    effective: dict[int, int] = {}
    for juror_id, proposal_id, _replaces in assignments:
        on_proposal.setdefault(proposal_id, set()).add(juror_id)
        if juror_id not in with_role:
            reason = _("Juri tidak lagi memegang peran juri aktif pada penyelenggara ini.")
        elif (juror_id, proposal_id) in blocked_assigned:
            reason = blocked_assigned[(juror_id, proposal_id)]
        else:
            effective[proposal_id] = effective.get(proposal_id, 0) + 1
            continue
        dropped.setdefault(proposal_id, []).append((assigned[juror_id], reason))
    for c in declared:
        if c.juror_id not in on_proposal.get(c.proposal_id, set()):
            dropped.setdefault(c.proposal_id, []).append((c.juror, c.reason))
    wanted = {}
    for proposal_id, items in dropped.items():
        items = [(j, r) for j, r in items if (proposal_id, j.pk) not in replaced]
        short = k - effective.get(proposal_id, 0)
        if items and short > 0:
            wanted[proposal_id] = sorted(items, key=lambda item: item[0].pk)[:short]
    if not wanted:
        return []
    pool = list(jury.juror_pool(stage))
    blocked_pool = conflicts.blocked_pairs(pool, [proposals[pk] for pk in wanted])
    loads: dict[int, int] = {}
    for a in Assignment.objects.filter(stage=stage).values_list("juror_id", flat=True):
        loads[a] = loads.get(a, 0) + 1
    result = []
    for proposal_id in sorted(wanted):
        taken = set(on_proposal.get(proposal_id, set()))
        for juror, reason in wanted[proposal_id]:
            eligible = [
                j
                for j in pool
                if j.pk not in taken
                and (j.pk, proposal_id) not in blocked_pool
                and j.pk not in {d.pk for d, _r in dropped[proposal_id]}
            ]
            proposed = min(eligible, key=lambda j: (loads.get(j.pk, 0), j.pk), default=None)
            if proposed is not None:
                taken.add(proposed.pk)
                loads[proposed.pk] = loads.get(proposed.pk, 0) + 1
            result.append(
                {
                    "proposal": proposals[proposal_id],
                    "replaces": juror,
                    "reason": reason,
                    "proposed": proposed,
                    "eligible": {j.pk for j in eligible},
                }
            )
    return result


@transaction.atomic
def accept_replacement(*, stage, proposal, juror, replaces, actor) -> Assignment:
    """Assign `juror` to `proposal` in place of `replaces`, who dropped out (see `needs`).

    Refused when the stage is closed, when the proposal needs no replacement for `replaces`, or
    when `juror` is not eligible (not a juror of the body, conflicted, already on the proposal).
    Side effects: an assignment with source `replacement`, audit event `assignment.replace` with
    the juror replaced and the reason before, the replacement after."""
    stage = Stage.objects.select_for_update().select_related("edition__competition").get(pk=stage.pk)
    require_not_frozen(stage)
    need = next((n for n in needs(stage) if n["proposal"].pk == proposal.pk and n["replaces"].pk == replaces.pk), None)
    if need is None:
        raise ValidationError(_("Proposal ini tidak memerlukan juri pengganti untuk juri tersebut."))
    if juror.pk not in need["eligible"]:
        raise ValidationError(
            _("%(juror)s tidak dapat menjadi juri pengganti untuk “%(title)s”.")
            % {"juror": juror.name, "title": proposal.title}
        )
    assignment = Assignment.objects.create(
        stage=stage,
        juror=juror,
        proposal=proposal,
        source=AssignmentSource.REPLACEMENT,
        replaces=replaces,
        replacement_reason=need["reason"][:300],
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="assignment.replace",
        obj=assignment,
        before={"juror": replaces.pk, "juror_name": replaces.name, "reason": need["reason"]},
        after={"juror": juror.pk, "juror_name": juror.name},
    )
    return assignment


def recorded(stage) -> list[dict]:
    """The stage's accepted replacements for the minutes: {"juror", "juror_id", "replaces",
    "replaces_id", "proposal_id", "title", "reason", "assigned_by", "assigned_at" (ISO, WIB)}."""
    rows = (
        Assignment.objects.filter(stage=stage, source=AssignmentSource.REPLACEMENT)
        .select_related("juror", "replaces", "proposal", "created_by")
        .order_by("proposal_id", "pk")
    )
    return [
        {
            "juror": a.juror.name,
            "juror_id": a.juror_id,
            "replaces": a.replaces.name if a.replaces else "",
            "replaces_id": a.replaces_id,
            "proposal_id": a.proposal_id,
            "title": a.proposal.title,
            "reason": a.replacement_reason,
            "assigned_by": (a.created_by.full_name or a.created_by.email) if a.created_by else "",
            "assigned_at": a.created_at.astimezone(WIB).isoformat(),
        }
        for a in rows
    ]

"""Who judges what: the automatic plan, manual assignment and removal, and the CSV import.

Same rules as every service: keyword-only `actor`, one transaction per verb, an audit event inside
it, mail queued in the transaction (sent after commit). The plan itself is `planner.py` (a
min-cost flow, no database); this module reads what it needs in a fixed number of queries and
writes only the difference from the assignments already there.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.models import Stage
from inovasi.innovations.models import Innovation
from inovasi.judging import conflicts, notifications, planner, versions
from inovasi.judging.jury import juror_pool, require_juror
from inovasi.judging.models import Assignment, AssignmentSource, Juror, Scorecard, ScorecardState
from inovasi.judging.stages import candidates, require_not_frozen, settings_for
from inovasi.judging.uploads import csv_juror, juror_lookup, proposal_from, read_csv

Infeasible = planner.Infeasible
DELETE_BATCH = 500  # primary keys per DELETE … WHERE id IN (…): well under SQLite's variable limit


def plan_assignment(*, jurors, proposals, k: int, blocked, expertise: dict, affairs: dict, fixed=None):
    """{proposal id: [juror ids]}: each proposal gets k jurors counting the `fixed` ones (proposal id →
    juror ids it keeps), loads as balanced as the conflicts allow, expertise preferred; the planned
    jurors only (not the fixed ones). `Infeasible` names every proposal short of eligible jurors."""
    return planner.plan_assignment(
        planner.Problem(
            juror_ids=[j.pk for j in jurors],
            proposals=list(proposals),
            k=k,
            blocked=blocked,
            expertise=expertise,
            affairs=affairs,
            fixed=fixed or {},
        )
    )


class Candidate(NamedTuple):
    """What the plan and the conflict check read of a proposal: a row, not a model instance (5,000
    instances with their related descriptors cost more than the solver)."""

    pk: int
    title: str
    innovation_id: int
    government_id: int
    agency_id: int | None


def _inputs(stage):
    """(jurors, proposals, urusan of each proposal, expertise of each juror): five queries."""
    jurors = list(juror_pool(stage).only("pk", "user_id", "name", "home_government_id", "home_agency_id"))
    running = candidates(stage)
    proposals = [
        Candidate(*row)
        for row in running.values_list("pk", "title", "innovation_id", "government_id", "agency_id").iterator(2000)
    ]
    by_innovation: dict[int, set[int]] = {}
    for innovation_id, affair_id in Innovation.affairs.through.objects.filter(
        innovation_id__in=running.values("innovation_id")
    ).values_list("innovation_id", "governmentaffair_id"):
        by_innovation.setdefault(innovation_id, set()).add(affair_id)
    affairs = {p.pk: by_innovation.get(p.innovation_id, set()) for p in proposals}
    expertise: dict[int, set[int]] = {j.pk: set() for j in jurors}
    for juror_id, affair_id in Juror.expertise.through.objects.filter(juror_id__in=[j.pk for j in jurors]).values_list(
        "juror_id", "governmentaffair_id"
    ):
        expertise[juror_id].add(affair_id)
    return jurors, proposals, affairs, expertise


def _insert(stage, pairs) -> None:
    """Insert automatic assignments as plain rows with one executemany: `bulk_create` builds and
    prepares a model instance per row, which for 15,000 rows cost more than the solver."""
    columns = ("stage_id", "proposal_id", "juror_id", "source", "replacement_reason", "created_at")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(stage.pk, pid, jid, AssignmentSource.AUTOMATIC.value, "", now) for pid, jid in pairs]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values bound
        connection.ops.quote_name(Assignment._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    # Raw SQL sends no signal: announce the change so the desk's cached figures are recomputed.
    versions.changed(stage_id=stage.pk)


def _delete(pks) -> None:
    pks = sorted(pks)
    for start in range(0, len(pks), DELETE_BATCH):
        Assignment.objects.filter(pk__in=pks[start : start + DELETE_BATCH]).delete()


def _write_plan(stage, existing, running: set[int], plan: dict) -> set[tuple[int, int]]:
    """Make the stage's assignments the kept ones plus `plan`, touching only what changes: the
    automatic rows the plan keeps stay (same primary key), the others go, the new pairs are
    inserted in bulk. Returns the (proposal id, juror id) pairs that are new."""
    wanted = {(pid, jid) for pid, juror_ids in plan.items() for jid in juror_ids}
    automatic = {(pid, jid): pk for pk, pid, jid, source in existing if source == AssignmentSource.AUTOMATIC}
    gone = [pk for pair, pk in automatic.items() if pair not in wanted]
    gone += [pk for pk, pid, _jid, source in existing if pid not in running and source != AssignmentSource.AUTOMATIC]
    if gone and len(gone) == len(existing):
        Assignment.objects.filter(stage=stage).delete()
    elif gone:
        _delete(gone)
    new = wanted - automatic.keys()
    _insert(stage, sorted(new))
    return new


@transaction.atomic
def assign_automatically(*, stage, actor, k: int | None = None) -> dict:
    """Give every proposal of the stage k jurors: the kept (manual, CSV, replacement) assignments
    count towards k and towards the loads; the automatic ones are planned afresh (deterministic, so
    re-running changes nothing unless the inputs did). Assignments of proposals no longer in the
    running go. Side effects: the difference written, mail to jurors who gained a proposal, one
    audit event `stage.assign_automatically` with the loads."""
    stage = Stage.objects.select_for_update().select_related("edition__competition").get(pk=stage.pk)
    require_not_frozen(stage)
    judging = settings_for(stage)
    k = k or judging.jurors_per_proposal
    if k < 1:
        raise ValidationError({"k": _("Jumlah juri per proposal minimal 1.")})
    jurors, proposals, affairs, expertise = _inputs(stage)
    if not jurors:
        raise Infeasible(_("Belum ada juri untuk tahap ini."))
    running = {p.pk for p in proposals}
    existing = list(Assignment.objects.filter(stage=stage).values_list("pk", "proposal_id", "juror_id", "source"))
    fixed: dict[int, set[int]] = {}
    for _pk, pid, jid, source in existing:
        if source != AssignmentSource.AUTOMATIC and pid in running:
            fixed.setdefault(pid, set()).add(jid)
    plan = plan_assignment(
        jurors=jurors,
        proposals=proposals,
        k=k,
        blocked=conflicts.blocked_pairs(jurors, proposals),
        expertise=expertise,
        affairs=affairs,
        fixed=fixed,
    )
    new = _write_plan(stage, existing, running, plan)
    notifications.queue_assignment_mail(stage, {jid for _pid, jid in new})
    if judging.jurors_per_proposal != k:
        judging.jurors_per_proposal = k
        judging.save(update_fields=["jurors_per_proposal"])
    loads = dict.fromkeys((j.pk for j in jurors), 0)
    for pid in running:
        for jid in [*plan.get(pid, ()), *fixed.get(pid, ())]:
            loads[jid] = loads.get(jid, 0) + 1
    summary = {"proposals": len(plan), "k": k, "min_load": min(loads.values(), default=0)}
    summary["max_load"] = max(loads.values(), default=0)
    record_event(actor=actor, action="stage.assign_automatically", obj=stage, after=summary)
    return summary


@transaction.atomic
def assign(*, stage, juror, proposal, actor, source=AssignmentSource.MANUAL) -> Assignment:
    require_not_frozen(stage)
    if proposal.edition_id != stage.edition_id or juror.body_id != stage.edition.competition.body_id:
        raise ValidationError(_("Juri atau proposal bukan bagian dari edisi ini."))
    require_juror(juror, stage)
    reason = conflicts.conflict_reason(juror, proposal)
    if reason:
        raise ValidationError(
            _("%(juror)s berkonflik kepentingan dengan “%(title)s”: %(reason)s")
            % {"juror": juror.name, "title": proposal.title, "reason": reason}
        )
    assignment, created = Assignment.objects.get_or_create(
        stage=stage, juror=juror, proposal=proposal, defaults={"source": source}
    )
    if created:
        record_event(actor=actor, action="assignment.add", obj=assignment, after={"source": source})
        notifications.queue_assignment_mail(stage, [juror.pk])
    return assignment


@transaction.atomic
def unassign(*, assignment, actor):
    require_not_frozen(assignment.stage)
    if Scorecard.objects.filter(
        stage=assignment.stage, juror=assignment.juror, proposal=assignment.proposal, state=ScorecardState.SUBMITTED
    ).exists():
        raise ValidationError(_("Juri sudah mengirim nilai untuk proposal ini; penugasan tidak dapat dihapus."))
    record_event(actor=actor, action="assignment.remove", obj=assignment, before={"juror": assignment.juror_id})
    assignment.delete()


@transaction.atomic
def import_assignments_csv(*, stage, upload, actor) -> int:
    """Columns `juri` (e-mail) and `proposal` (ID). All or nothing."""
    require_not_frozen(stage)
    rows = read_csv(upload)
    jurors = juror_lookup(stage)
    proposals = {p.pk: p for p in candidates(stage).only("pk", "title", "innovation_id", "government_id", "agency_id")}
    errors, pairs = [], []
    for line, row in enumerate(rows, start=2):
        juror = csv_juror(jurors, row, line, errors)
        proposal = proposal_from(row.get("proposal"), proposals)
        if proposal is None:
            errors.append(_("Baris %(line)s, kolom proposal: proposal tidak ada di tahap ini.") % {"line": line})
        if juror and proposal:
            pairs.append((line, juror, proposal))
    blocked = conflicts.blocked_pairs({j for _line, j, _p in pairs}, {p for _line, _j, p in pairs})
    for line, juror, proposal in pairs:
        if (juror.pk, proposal.pk) in blocked:
            errors.append(
                _("Baris %(line)s: %(juror)s berkonflik kepentingan dengan proposal ini.")
                % {"line": line, "juror": juror.name}
            )
    if errors:
        raise ValidationError(errors)
    present = set(Assignment.objects.filter(stage=stage).values_list("juror_id", "proposal_id"))
    new = sorted({(juror.pk, proposal.pk) for _line, juror, proposal in pairs} - present)
    Assignment.objects.bulk_create(
        [Assignment(stage=stage, juror_id=jid, proposal_id=pid, source=AssignmentSource.CSV) for jid, pid in new],
        batch_size=1000,
    )
    notifications.queue_assignment_mail(stage, {jid for jid, _pid in new})
    record_event(actor=actor, action="stage.import_assignments", obj=stage, after={"rows": len(pairs)})
    return len(pairs)

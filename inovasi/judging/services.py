"""Business verbs of judging: jurors, conflicts, assignment, scoring and CSV imports.

Same rules as every app: keyword-only `actor`, one transaction per verb, an audit event inside it,
mail after commit. Deadlines compare `timezone.now()` with the stage's aware datetimes (stored in
UTC, shown in Asia/Jakarta). Invalid input raises `ValidationError` with Indonesian messages and
writes nothing.
"""

import csv
import functools
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.accounts.rules import forget_memberships, is_organizer_of, is_system_admin
from inovasi.audit.services import record_event
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.funnel import still_in_running
from inovasi.competitions.models import Stage
from inovasi.formats.numbers import NumberKind, parse_number
from inovasi.inputs import parse_id
from inovasi.judging import conflicts, notifications, presentation, rules
from inovasi.judging.enums import SCORECARD_MACHINE
from inovasi.judging.models import (
    Assignment,
    AssignmentSource,
    Conflict,
    ConflictKind,
    Juror,
    Panel,
    Scorecard,
    ScorecardState,
    StageJudging,
)

SCORED_KINDS = (StageKind.DESK_EVALUATION, StageKind.PRESENTATION, StageKind.FINAL_DECISION)
# Proposals still in the running: passed the administrative check or already on a list.
IN_RUNNING = (ProposalState.PASSED_ADMIN, ProposalState.SHORTLISTED)


def settings_for(stage) -> StageJudging:
    judging, _created = StageJudging.objects.get_or_create(stage=stage)
    return judging


def is_frozen(stage) -> bool:
    return stage.closures.filter(reopened_at__isnull=True).exists()


def candidates(stage):
    """The proposals a stage judges: still in the running (one rule, `competitions.funnel`)."""
    return still_in_running(stage)


def edition_jurors(edition):
    """Juror records of the edition's organizer body (whether or not their role is still active)."""
    return Juror.objects.filter(body_id=edition.competition.body_id).order_by("pk")


def with_juror_role(jurors, body_id):
    """Only the records whose user is a juror of `body_id` (the juror rule, as a query)."""
    return jurors.filter(
        body_id=body_id,
        user__is_active=True,
        user__memberships__role=Role.JUROR,
        user__memberships__organizer_body_id=body_id,
        user__memberships__is_active=True,
    )


def holds_juror_role_q():
    """An `Exists` for annotating Juror rows: the record's user holds an active Juri membership of its body."""
    from django.db.models import Exists, OuterRef

    return Exists(
        Membership.objects.filter(
            user=OuterRef("user"), role=Role.JUROR, organizer_body=OuterRef("body"), is_active=True
        )
    )


def juror_pool(stage):
    """The jurors a stage draws from: its own panel, else the edition's panel, else all of the body's;
    always only those who pass the juror rule."""
    body_id = stage.edition.competition.body_id
    panel = (
        Panel.objects.filter(edition_id=stage.edition_id, stage=stage).first()
        or Panel.objects.filter(edition_id=stage.edition_id, stage__isnull=True).first()
    )
    if panel is not None:
        return with_juror_role(panel.jurors.all(), body_id).order_by("pk")
    return with_juror_role(edition_jurors(stage.edition), body_id)


def _require_juror(juror, stage):
    if not rules.may_judge(juror, stage):
        raise ValidationError(
            _("%(juror)s tidak memegang peran juri aktif pada penyelenggara tahap ini.") % {"juror": juror.name}
        )


# --- Jury -------------------------------------------------------------------------------------


def _juror_state(juror) -> dict:
    return {
        "name": juror.name,
        "affiliation": juror.affiliation,
        "home_government": juror.home_government_id,
        "home_agency": juror.home_agency_id,
        "expertise": sorted(juror.expertise.values_list("pk", flat=True)) if juror.pk else [],
    }


@transaction.atomic
def save_juror(*, body, user, name, actor, affiliation="", home_government=None, home_agency=None, expertise=()):
    """Put `user` on `body`'s jury, or update their record there (one record per user and body: a
    save on one body's page never touches another body's record).

    Grants the Juri role of `body` (an active membership) when the user lacks it, so the person is a
    juror by the one rule; `juror.role_granted` tells the caller. Refused for a system admin and an
    organizer of `body`: they see every score and run the stage, so they cannot also judge it.
    Side effects: the record saved, the membership created or reactivated, audit events
    `juror.create`/`juror.update` (before/after) and `membership.grant`.
    """
    if is_system_admin(user):
        raise ValidationError(
            _("%(email)s adalah admin sistem dan tidak dapat menjadi juri. Gunakan akun lain.") % {"email": user.email}
        )
    if is_organizer_of(user, body):
        raise ValidationError(
            _("%(email)s adalah panitia %(body)s dan tidak dapat sekaligus menjadi juri penyelenggara ini.")
            % {"email": user.email, "body": body.name}
        )
    juror = Juror.objects.select_for_update().filter(user=user, body=body).first()
    before = _juror_state(juror) if juror else None
    created = juror is None
    juror = juror or Juror(user=user, body=body)
    juror.name, juror.affiliation = name.strip(), affiliation.strip()
    juror.home_government, juror.home_agency = home_government, home_agency
    juror.full_clean()
    juror.save()
    juror.expertise.set(expertise)
    record_event(
        actor=actor,
        action="juror.create" if created else "juror.update",
        obj=juror,
        before=before,
        after=_juror_state(juror),
    )
    membership = Membership.objects.filter(user=user, role=Role.JUROR, organizer_body=body).first()
    juror.role_granted = membership is None or not membership.is_active
    if membership is None:
        membership = Membership.objects.create(user=user, role=Role.JUROR, organizer_body=body)
    elif not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    if juror.role_granted:
        record_event(
            actor=actor,
            action="membership.grant",
            obj=membership,
            before={"role": Role.JUROR, "active": False},
            after={"role": Role.JUROR, "active": True, "organizer_body": body.pk},
        )
        forget_memberships(user)
    rules.forget_jurors(user)
    return juror


@transaction.atomic
def save_panel(*, edition, name, jurors, actor, stage=None) -> Panel:
    """One panel per edition (stage empty) or per stage; saving again replaces its jurors."""
    if stage is not None and stage.edition_id != edition.pk:
        raise ValidationError({"stage": _("Tahap bukan bagian dari edisi ini.")})
    jurors = list(jurors)
    if any(j.body_id != edition.competition.body_id for j in jurors):
        raise ValidationError({"jurors": _("Juri harus dari penyelenggara edisi ini.")})
    if not name.strip():
        raise ValidationError({"name": _("Nama panel wajib diisi.")})
    panel, _created = Panel.objects.update_or_create(edition=edition, stage=stage, defaults={"name": name.strip()})
    panel.jurors.set(jurors)
    record_event(
        actor=actor,
        action="panel.save",
        obj=panel,
        after={"stage": getattr(stage, "pk", None), "jurors": sorted(j.pk for j in jurors)},
    )
    return panel


# --- Conflicts --------------------------------------------------------------------------------


def _drop_open_assignments(juror, proposal, actor):
    """A new conflict removes the juror from the proposal in stages that are still not frozen."""
    for assignment in Assignment.objects.filter(juror=juror, proposal=proposal).select_related("stage"):
        if not is_frozen(assignment.stage):
            Scorecard.objects.filter(stage=assignment.stage, juror=juror, proposal=proposal).delete()
            record_event(actor=actor, action="assignment.remove", obj=assignment, before={"reason": "conflict"})
            assignment.delete()


@transaction.atomic
def declare_conflict(*, juror, proposal, reason: str, actor) -> Conflict:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Tuliskan alasan konflik kepentingan (minimal 5 karakter).")})
    limit = Conflict._meta.get_field("reason").max_length
    if len(reason) > limit:
        # SQLite stores a longer text; PostgreSQL refuses it with a 500: the rule is the field's.
        raise ValidationError(
            {
                "reason": _("Alasan konflik kepentingan paling banyak %(n)s karakter (tertulis %(m)s).")
                % {"n": limit, "m": len(reason)}
            }
        )
    sent = Scorecard.objects.filter(juror=juror, proposal=proposal, state=ScorecardState.SUBMITTED)
    if any(not is_frozen(card.stage) for card in sent.select_related("stage")):
        # Declaring is for before sending; a conflict found afterwards goes to the organizer, who
        # decides about the sent score (it is excluded at aggregation if the conflict stands).
        raise ValidationError(
            _("Nilai Anda untuk proposal ini sudah dikirim; laporkan konflik kepentingan kepada panitia.")
        )
    conflict, _created = Conflict.objects.update_or_create(
        juror=juror,
        proposal=proposal,
        kind=ConflictKind.DECLARED,
        defaults={"reason": reason, "waived_at": None, "waived_by": None, "waived_reason": ""},
    )
    _drop_open_assignments(juror, proposal, actor)
    record_event(actor=actor, action="conflict.declare", obj=conflict, after={"reason": reason})
    return conflict


@transaction.atomic
def waive_conflict(*, juror, proposal, reason: str, actor) -> list[Conflict]:
    """The organizer lifts every conflict between the pair, with a reason; audited."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Pengecualian konflik wajib disertai alasan (minimal 10 karakter).")})
    found = []
    automatic = conflicts.automatic_reasons([juror], [proposal]).get((juror.pk, proposal.pk))
    if automatic:
        conflict, _created = Conflict.objects.get_or_create(
            juror=juror, proposal=proposal, kind=ConflictKind.AUTOMATIC, defaults={"reason": automatic}
        )
        found.append(conflict)
    found += list(Conflict.objects.filter(juror=juror, proposal=proposal, kind=ConflictKind.DECLARED))
    if not found:
        raise ValidationError(_("Tidak ada konflik kepentingan antara juri dan proposal ini."))
    now = timezone.now()
    for conflict in found:
        before = {
            "reason": conflict.reason,
            "waived": bool(conflict.waived_at),
            "waived_reason": conflict.waived_reason,
        }
        conflict.waived_at, conflict.waived_by, conflict.waived_reason = now, actor, reason
        conflict.save(update_fields=["waived_at", "waived_by", "waived_reason"])
        record_event(
            actor=actor,
            action="conflict.waive",
            obj=conflict,
            before=before,
            after={"reason": conflict.reason, "waived": True, "waived_reason": reason, "waived_by": actor.email},
        )
    from inovasi.judging import integrity  # integrity reads the services' helpers

    integrity.audit_inclusions(juror=juror, proposal=proposal, waiver_reason=reason, actor=actor)
    return found


# --- Assignment -------------------------------------------------------------------------------


class Infeasible(ValidationError):
    pass


def _require_not_frozen(stage):
    if is_frozen(stage):
        raise ValidationError(_("Tahap ini sudah ditutup; buka kembali dengan alasan untuk mengubahnya."))


def plan_assignment(*, jurors, proposals, k: int, blocked: dict, expertise: dict, affairs: dict):
    """Solve the assignment as a min-cost transportation problem with scipy's HiGHS.

    One variable x[p, j] in [0, 1] per eligible (proposal, juror) pair; every proposal gets exactly
    k jurors; every juror's load stays within [floor(kP/J), ceil(kP/J)], so max − min ≤ 1. The cost
    is 0 where the juror's expertise meets the innovation's urusan, else 1. The constraint matrix is
    the incidence matrix of a bipartite graph (totally unimodular), so the basic optimal solution
    HiGHS returns (interior point with crossover) is integral. If the balanced band is infeasible,
    the band widens one step at a time: loads are as balanced as the conflicts allow. Deterministic:
    pairs are laid out in primary-key order. Returns {proposal id: [juror ids]}.
    """
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack

    jurors = sorted(jurors, key=lambda j: j.pk)
    proposals = sorted(proposals, key=lambda p: p.pk)
    if not proposals:
        return {}
    count_p, count_j = len(proposals), len(jurors)
    juror_index = {j.pk: n for n, j in enumerate(jurors)}
    proposal_index = {p.pk: n for n, p in enumerate(proposals)}
    # Eligibility and cost as P × J matrices (numpy), not pair by pair in Python.
    eligible = np.ones((count_p, count_j), dtype=bool)
    for juror_id, proposal_id in blocked:
        if juror_id in juror_index and proposal_id in proposal_index:
            eligible[proposal_index[proposal_id], juror_index[juror_id]] = False
    short = [p for p, n in zip(proposals, eligible.sum(axis=1), strict=True) if n < k]
    if short:
        raise Infeasible(
            [
                _("Proposal “%(title)s” hanya punya %(n)s juri yang memenuhi syarat untuk k = %(k)s.")
                % {"title": p.title, "n": int(eligible[proposal_index[p.pk]].sum()), "k": k}
                for p in short
            ]
        )
    affair_index = {
        a: n for n, a in enumerate(sorted({a for ids in [*affairs.values(), *expertise.values()] for a in ids}))
    }
    wants = np.zeros((count_p, max(1, len(affair_index))))
    knows = np.zeros((count_j, max(1, len(affair_index))))
    for n, p in enumerate(proposals):
        wants[n, [affair_index[a] for a in affairs.get(p.pk, ())]] = 1
    for n, j in enumerate(jurors):
        knows[n, [affair_index[a] for a in expertise.get(j.pk, ())]] = 1
    matches = (wants @ knows.T) > 0
    # The variables in row-major order: proposals by primary key, each one's eligible jurors by
    # primary key (deterministic layout, hence a deterministic plan).
    rows, cols = np.nonzero(eligible)
    costs = np.where(matches[rows, cols], 0.0, 1.0)
    n = len(rows)
    variables = np.arange(n)
    per_proposal = coo_matrix((np.ones(n), (rows, variables)), shape=(count_p, n)).tocsr()
    per_juror = coo_matrix((np.ones(n), (cols, variables)), shape=(count_j, n)).tocsr()
    loads = vstack([per_juror, -per_juror]).tocsr()
    total = k * count_p
    floor, extra = divmod(total, count_j)
    for width in range(total + 1):
        upper, lower = floor + (1 if extra else 0) + width, max(0, floor - width)
        result = linprog(
            costs,
            A_ub=loads,
            b_ub=np.concatenate([np.full(count_j, upper), np.full(count_j, -lower)]),
            A_eq=per_proposal,
            b_eq=np.full(count_p, k),
            bounds=(0, 1),
            method="highs-ipm",
        )
        if result.status == 2:  # infeasible: widen the band
            continue
        if result.status != 0 or np.abs(result.x - np.rint(result.x)).max() > 1e-6:
            raise Infeasible(_("Penugasan tidak dapat disusun oleh pemecah optimasi."))
        plan: dict[int, list[int]] = {p.pk: [] for p in proposals}
        for variable in np.flatnonzero(np.rint(result.x)):
            plan[proposals[rows[variable]].pk].append(jurors[cols[variable]].pk)
        return plan
    raise Infeasible(_("Penugasan tidak dapat disusun: terlalu sedikit juri yang bebas konflik."))


@transaction.atomic
def assign_automatically(*, stage, actor, k: int | None = None) -> dict:
    """Replace the stage's automatic assignments by a fresh, balanced plan; manual ones stay."""
    stage = Stage.objects.select_for_update().select_related("edition__competition").get(pk=stage.pk)
    _require_not_frozen(stage)
    judging = settings_for(stage)
    k = k or judging.jurors_per_proposal
    if k < 1:
        raise ValidationError({"k": _("Jumlah juri per proposal minimal 1.")})
    jurors = list(juror_pool(stage).prefetch_related("expertise"))
    if not jurors:
        raise Infeasible(_("Belum ada juri untuk tahap ini."))
    proposals = list(candidates(stage).select_related("innovation").prefetch_related("innovation__affairs"))
    blocked = conflicts.blocked_pairs(jurors, proposals)
    expertise = {j.pk: {a.pk for a in j.expertise.all()} for j in jurors}
    affairs = {p.pk: {a.pk for a in p.innovation.affairs.all()} for p in proposals}
    plan = plan_assignment(
        jurors=jurors, proposals=proposals, k=k, blocked=blocked, expertise=expertise, affairs=affairs
    )
    before = set(Assignment.objects.filter(stage=stage).values_list("proposal_id", "juror_id"))
    Assignment.objects.filter(stage=stage, source=AssignmentSource.AUTOMATIC).delete()
    Assignment.objects.filter(stage=stage).exclude(proposal__in=[p.pk for p in proposals]).delete()
    kept = set(Assignment.objects.filter(stage=stage).values_list("proposal_id", "juror_id"))
    Assignment.objects.bulk_create(
        [
            Assignment(stage=stage, proposal_id=pid, juror_id=jid, source=AssignmentSource.AUTOMATIC)
            for pid, juror_ids in plan.items()
            for jid in juror_ids
            if (pid, jid) not in kept
        ],
        batch_size=2000,
    )
    notifications.queue_assignment_mail(stage, {j for p, ids in plan.items() for j in ids if (p, j) not in before})
    if judging.jurors_per_proposal != k:
        judging.jurors_per_proposal = k
        judging.save(update_fields=["jurors_per_proposal"])
    loads = {}
    for juror_ids in plan.values():
        for jid in juror_ids:
            loads[jid] = loads.get(jid, 0) + 1
    summary = {"proposals": len(plan), "k": k, "min_load": min(loads.values(), default=0)}
    summary["max_load"] = max(loads.values(), default=0)
    record_event(actor=actor, action="stage.assign_automatically", obj=stage, after=summary)
    return summary


@transaction.atomic
def assign(*, stage, juror, proposal, actor, source=AssignmentSource.MANUAL) -> Assignment:
    _require_not_frozen(stage)
    if proposal.edition_id != stage.edition_id or juror.body_id != stage.edition.competition.body_id:
        raise ValidationError(_("Juri atau proposal bukan bagian dari edisi ini."))
    _require_juror(juror, stage)
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
    _require_not_frozen(assignment.stage)
    if Scorecard.objects.filter(
        stage=assignment.stage, juror=assignment.juror, proposal=assignment.proposal, state=ScorecardState.SUBMITTED
    ).exists():
        raise ValidationError(_("Juri sudah mengirim nilai untuk proposal ini; penugasan tidak dapat dihapus."))
    record_event(actor=actor, action="assignment.remove", obj=assignment, before={"juror": assignment.juror_id})
    assignment.delete()


CSV_MAX_BYTES = 5 * 1024 * 1024  # an assignment or score sheet for 5,000 proposals is well under 1 MB


def _read_csv(upload) -> list[dict]:
    if getattr(upload, "size", 0) > CSV_MAX_BYTES:
        raise ValidationError(_("Berkas CSV terlalu besar (paling besar 5 MB)."))
    raw = upload.read() if hasattr(upload, "read") else upload
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Berkas harus berupa CSV dengan pengodean UTF-8.")) from exc
    sample = raw[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(raw), delimiter=delimiter)
    try:
        if not reader.fieldnames:
            raise ValidationError(_("Berkas CSV kosong."))
    except csv.Error as exc:
        raise ValidationError(_("Berkas CSV tidak dapat dibaca: ada kolom yang terlalu panjang atau rusak.")) from exc
    try:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
        return list(reader)
    except csv.Error as exc:  # a field over the csv module's 128 KB limit, a stray quote
        raise ValidationError(_("Berkas CSV tidak dapat dibaca: ada kolom yang terlalu panjang atau rusak.")) from exc


def _juror_lookup(stage):
    """E-mail → juror record of the stage's body, for those who pass the juror rule; e-mail → None
    for records whose user no longer does (named in the errors rather than "unknown")."""
    eligible = set(juror_pool_all(stage).values_list("pk", flat=True))
    jurors = {}
    for juror in edition_jurors(stage.edition).select_related("user"):
        jurors[juror.user.email.lower()] = juror if juror.pk in eligible else None
    return jurors


def juror_pool_all(stage):
    """Every record of the stage's body that passes the juror rule (panels aside)."""
    return with_juror_role(edition_jurors(stage.edition), stage.edition.competition.body_id)


def _csv_juror(jurors, row, line, errors):
    email = (row.get("juri") or "").strip().lower()
    juror = jurors.get(email)
    if juror is None and email in jurors:
        errors.append(
            _("Baris %(line)s, kolom juri: %(email)s tidak memegang peran juri aktif penyelenggara ini.")
            % {"line": line, "email": email}
        )
    elif juror is None:
        errors.append(_("Baris %(line)s, kolom juri: juri tidak dikenal.") % {"line": line})
    return juror


@transaction.atomic
def import_assignments_csv(*, stage, upload, actor) -> int:
    """Columns `juri` (e-mail) and `proposal` (ID). All or nothing."""
    _require_not_frozen(stage)
    rows = _read_csv(upload)
    jurors = _juror_lookup(stage)
    proposals = {p.pk: p for p in candidates(stage)}
    errors, pairs = [], []
    for line, row in enumerate(rows, start=2):
        juror = _csv_juror(jurors, row, line, errors)
        proposal = _proposal_from(row.get("proposal"), proposals)
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
    added = set()
    for _line, juror, proposal in pairs:
        _assignment, created = Assignment.objects.get_or_create(
            stage=stage, juror=juror, proposal=proposal, defaults={"source": AssignmentSource.CSV}
        )
        if created:
            added.add(juror.pk)
    notifications.queue_assignment_mail(stage, added)
    record_event(actor=actor, action="stage.import_assignments", obj=stage, after={"rows": len(pairs)})
    return len(pairs)


def _proposal_from(value, proposals):
    return proposals.get(parse_id(value))


# --- Scoring ----------------------------------------------------------------------------------


class StaleScorecard(ValidationError):
    """The scorecard was saved elsewhere (another tab or device, an organizer's CSV import) after
    this form was opened, so nothing was written. `changes` lists, as {"field", "label", "saved"}
    dicts, what differs from the refused input; `current_version` is what a deliberate re-save
    must carry."""

    def __init__(self, message, *, card, submitted_version, changes):
        super().__init__(message, code="stale")
        self.card = card
        self.submitted_version = submitted_version
        self.current_version = card.version
        self.changes = list(changes)


def _stale_audited(verb):
    """Run the scoring verb in one transaction; a stale refusal rolls it back and is then audited
    (`scorecard.stale_refused`, in its own transaction) before it reaches the caller."""

    @functools.wraps(verb)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return verb(*args, **kwargs)
        except StaleScorecard as stale:
            with transaction.atomic():
                record_event(
                    actor=kwargs.get("actor"),
                    action="scorecard.stale_refused",
                    obj=stale.card,
                    after={
                        "submitted_version": stale.submitted_version,
                        "current_version": stale.current_version,
                        "fields": [c["field"] for c in stale.changes],
                    },
                )
            raise

    return wrapper


def _number(value) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _card_differences(stage, card, values: dict, comment: str) -> list[dict]:
    """Criteria (and the comment) where the saved card differs from the input."""
    wanted, _errors = check_values(stage, values, complete=False)
    changes = []
    for criterion in stage.criteria.all():
        saved = card.values.get(criterion.code)
        if saved != wanted.get(criterion.code):
            changes.append({"field": criterion.code, "label": criterion.name, "saved": _number(saved)})
    if (card.comment or "").strip() != comment:
        changes.append({"field": "comment", "label": _("Catatan untuk panitia"), "saved": card.comment or "—"})
    return changes


def _wib(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")


def check_values(stage, values: dict, *, complete: bool) -> tuple[dict, dict]:
    """Parse and check scores per criterion code: (clean values, errors per criterion code)."""
    clean, errors = {}, {}
    for criterion in stage.criteria.all():
        raw = values.get(criterion.code)
        if raw is None or str(raw).strip() == "":
            if complete:
                errors[criterion.code] = _("Nilai %(name)s wajib diisi.") % {"name": criterion.name}
            continue
        try:
            value = parse_number(raw, kind=NumberKind.SCORE)
        except ValidationError as exc:
            if exc.code == "exponent":
                errors[criterion.code] = _("Nilai %(name)s: %(problem)s") % {
                    "name": criterion.name,
                    "problem": exc.messages[0],
                }
            else:
                errors[criterion.code] = _("Nilai %(name)s harus berupa angka.") % {"name": criterion.name}
            continue
        if not value.is_finite() or not (criterion.scale_min <= value <= criterion.scale_max):
            errors[criterion.code] = _("Nilai %(name)s harus antara %(min)s dan %(max)s.") % {
                "name": criterion.name,
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
            continue
        clean[criterion.code] = float(value)
    return clean, errors


def _lock_assignment(stage, juror, proposal) -> None:
    """Lock the juror's assignment row (if any) until the transaction ends: saves of the same
    scorecard then run one after the other (two first saves cannot both insert), while other
    jurors' saves go on in parallel. Whether there is one is checked by `_require_may_score`."""
    list(
        Assignment.objects.filter(stage_id=stage.pk, juror=juror, proposal=proposal)
        .select_for_update()
        .values_list("pk", flat=True)
    )


def _require_may_score(stage, juror, proposal):
    if not rules.may_judge(juror, stage):
        raise ValidationError(_("Anda tidak memegang peran juri aktif pada penyelenggara tahap ini."))
    if not Assignment.objects.filter(stage=stage, juror=juror, proposal=proposal).exists():
        raise ValidationError(_("Proposal ini tidak ditugaskan kepada Anda pada tahap ini."))
    if conflicts.conflict_reason(juror, proposal):
        raise ValidationError(_("Anda berkonflik kepentingan dengan proposal ini dan tidak dapat menilainya."))


def _stage_for_scoring(stage) -> Stage:
    """The stage, read under a lock that every score save shares and that closing excludes.

    On PostgreSQL, FOR SHARE: saves by different jurors run side by side, while `close_stage`
    (FOR UPDATE on the same row) waits for the saves in flight and then blocks new ones, so no
    score is written into a stage that has just been closed. (An exclusive lock here made every
    save of the stage wait for the previous one.) SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Stage._meta.db_table} WHERE id = %s FOR SHARE", [stage.pk])  # noqa: S608
    return Stage.objects.get(pk=stage.pk)


@_stale_audited
def save_scorecard(
    *, stage, juror, proposal, values: dict, comment: str = "", submit: bool = False, actor, version=None
):
    """Save a draft or submit, while the stage is open (server clock, Asia/Jakarta deadlines).

    `version` is the card version the form was opened at (0: no card yet). If the card was saved
    since, the save is refused with `StaleScorecard` (nothing written, the refusal audited) unless
    the input equals what is saved, which is a no-op — so a double-clicked "Kirim nilai" submits
    once. The write is a conditional UPDATE … WHERE version = the expected one. Without `version`
    the save is unconditional. Side effects: the card saved, `version` bumped, one audit event.
    """
    # The assignment first, then the stage: two saves of one card queue on the assignment before
    # either holds the shared stage lock.
    _lock_assignment(stage, juror, proposal)
    stage = _stage_for_scoring(stage)
    if not stage.is_open():
        raise ValidationError(_("Tahap penilaian tidak sedang dibuka; nilai tidak dapat disimpan."))
    _require_not_frozen(stage)
    _require_may_score(stage, juror, proposal)
    presentation.require_slot_accepts(stage, proposal)
    card = Scorecard.objects.select_for_update().filter(stage=stage, juror=juror, proposal=proposal).first()
    comment = (comment or "").strip()
    current = card.version if card else 0
    changes = _card_differences(stage, card, values, comment) if card else []
    if card and card.state == ScorecardState.SUBMITTED and submit and not changes:
        return card  # "Kirim nilai" clicked twice: the scores are already sent, nothing to do
    if version is not None and version != current and card and changes:
        if card.state == ScorecardState.SUBMITTED:
            changes.append(
                {
                    "field": "state",
                    "label": _("Status"),
                    "saved": _("dikirim %(when)s WIB") % {"when": _wib(card.submitted_at)},
                }
            )
        raise StaleScorecard(
            _(
                "Lembar nilai ini sudah disimpan dari tempat lain pada %(when)s WIB setelah Anda membukanya, "
                "sehingga isian Anda belum disimpan. Isian Anda tetap ditampilkan; bandingkan dengan nilai "
                "tersimpan, lalu simpan lagi."
            )
            % {"when": _wib(card.updated_at)},
            card=card,
            submitted_version=version,
            changes=changes,
        )
    # From here the input is either based on the saved version or identical to it.
    if card and card.state == ScorecardState.SUBMITTED:
        raise ValidationError(_("Nilai untuk proposal ini sudah dikirim dan tidak dapat diubah."))
    clean, errors = check_values(stage, values, complete=submit)
    if errors:
        raise ValidationError(errors)
    if card and not changes and not submit:
        return card  # the same draft saved twice
    previous = card.state if card else ScorecardState.DRAFT
    state, submitted_at = ScorecardState.DRAFT, None
    if submit:
        state, submitted_at = ScorecardState.SUBMITTED, timezone.now()
    action = SCORECARD_MACHINE.action(previous, state)  # the table's legality and audit action
    if card is None:
        card = Scorecard.objects.create(
            stage=stage,
            juror=juror,
            proposal=proposal,
            values=clean,
            comment=comment,
            state=state,
            submitted_at=submitted_at,
        )
    else:
        written = Scorecard.objects.filter(pk=card.pk, version=current).update(
            values=clean,
            comment=comment,
            state=state,
            submitted_at=submitted_at,
            version=current + 1,
            updated_at=timezone.now(),
        )
        if not written:  # cannot happen under the row lock; refuse rather than overwrite if it does
            raise ValidationError(_("Lembar nilai ini sedang disimpan dari tempat lain. Muat ulang halaman."))
        card.refresh_from_db()
    record_event(
        actor=actor,
        action=action,
        obj=card,
        after={**clean, "version": card.version},
    )
    return card


@transaction.atomic
def import_scores_csv(*, stage, upload, actor) -> int:
    """Offline scores: columns `juri` (e-mail), `proposal` (ID), one per criterion code, `catatan`.

    Same validation as the screen (assignment, conflict, scale, every criterion), all or nothing;
    errors name the row, the column and the reason. Allowed until the stage is closed.
    """
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _require_not_frozen(stage)
    rows = _read_csv(upload)
    if not rows:
        raise ValidationError(_("Berkas CSV tidak berisi baris nilai."))
    criteria = list(stage.criteria.all())
    missing = [c.code for c in criteria if c.code not in rows[0]] + [
        col for col in ("juri", "proposal") if col not in rows[0]
    ]
    if missing:
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    jurors = _juror_lookup(stage)
    proposals = {p.pk: p for p in candidates(stage)}
    assigned = set(Assignment.objects.filter(stage=stage).values_list("juror_id", "proposal_id"))
    submitted = {
        (card.juror_id, card.proposal_id): card
        for card in Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).only(
            "juror_id", "proposal_id", "values", "comment"
        )
    }
    errors, good, seen, unchanged = [], [], set(), 0
    for line, row in enumerate(rows, start=2):
        juror = _csv_juror(jurors, row, line, errors)
        proposal = _proposal_from(row.get("proposal"), proposals)
        if proposal is None:
            errors.append(_("Baris %(line)s, kolom proposal: proposal tidak ada di tahap ini.") % {"line": line})
        clean, value_errors = check_values(stage, {c.code: row.get(c.code) for c in criteria}, complete=True)
        comment = (row.get("catatan") or "").strip()
        if juror and proposal:
            key = (juror.pk, proposal.pk)
            sent = submitted.get(key)
            if key not in assigned:
                errors.append(_("Baris %(line)s: proposal tidak ditugaskan kepada juri ini.") % {"line": line})
            elif key in seen:
                errors.append(_("Baris %(line)s: pasangan juri dan proposal muncul dua kali.") % {"line": line})
            elif sent is not None and not value_errors and (sent.values, sent.comment) == (clean, comment):
                unchanged += 1  # the same row imported before (the same file posted twice): skip it
                seen.add(key)
                continue
            elif sent is not None:
                errors.append(_("Baris %(line)s: nilai juri ini untuk proposal ini sudah dikirim.") % {"line": line})
            seen.add(key)
        for code, message in value_errors.items():
            errors.append(
                _("Baris %(line)s, kolom %(col)s: %(reason)s") % {"line": line, "col": code, "reason": message}
            )
        if juror and proposal:
            good.append((juror, proposal, clean, comment))
    if not errors:
        blocked = conflicts.blocked_pairs({g[0] for g in good}, {g[1] for g in good})
        for line, (juror, proposal, _clean, _comment) in enumerate(good, start=2):
            if (juror.pk, proposal.pk) in blocked:
                errors.append(
                    _("Baris %(line)s: %(juror)s berkonflik kepentingan dengan proposal ini.")
                    % {"line": line, "juror": juror.name}
                )
    if errors:
        raise ValidationError(errors)
    if not good:
        raise ValidationError(
            _("Semua nilai dalam berkas ini sudah diimpor sebelumnya; tidak ada yang diubah."), code="already_done"
        )
    now = timezone.now()
    drafts = {
        (card.juror_id, card.proposal_id): card
        for card in Scorecard.objects.select_for_update().filter(
            stage=stage, juror__in={g[0].pk for g in good}, proposal__in={g[1].pk for g in good}
        )
    }
    for juror, proposal, clean, comment in good:
        card = drafts.get((juror.pk, proposal.pk)) or Scorecard(stage=stage, juror=juror, proposal=proposal, version=0)
        # The version moves on, so a juror's scoring screen opened before the import cannot overwrite it.
        card.values, card.comment, card.version = clean, comment, card.version + 1
        card.state, card.submitted_at = ScorecardState.SUBMITTED, now
        card.save()
    record_event(
        actor=actor, action="stage.import_scores", obj=stage, after={"rows": len(good), "unchanged": unchanged}
    )
    return len(good)


def get_user_by_email(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()

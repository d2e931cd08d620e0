"""Business verbs of field verification: the transition table, policy, planning visits, review.

Same rules as every app: keyword-only `actor`, one transaction per verb, an audit event inside it,
mail after commit. A visit's state changes only through `transition`, which refuses any move not in
`enums.VISIT_TRANSITIONS`. Invalid input raises `ValidationError` with Indonesian messages (a dict keyed
by form field where one field is at fault) and writes nothing, files included. The report carries
an optimistic `version`: a save based on an older version is refused, so two team members never
overwrite each other. The team's report and photos are in `verification.reports`.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership, User
from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.competitions import funnel
from inovasi.competitions.enums import DisqualificationSource, StageKind
from inovasi.competitions.models import Stage
from inovasi.judging.stages import candidates as judging_candidates
from inovasi.outbox.services import queue_mail, render_subject, render_text
from inovasi.verification import photos
from inovasi.verification.enums import VISIT_MACHINE, Policy, Recommendation, VisitState
from inovasi.verification.models import VerificationPlan, Visit, VisitMember

V = VisitState
WIB = photos.WIB

# The team writes the report and uploads photos; the organizer may still change the plan.
EDITABLE_STATES = frozenset({V.PLANNED, V.IN_PROGRESS})
TEAM_ROLES = (Role.VERIFIER, Role.ORGANIZER)
MIN_REASON = 10
MAX_PHOTOS_PER_VISIT = 30
MAX_TEXT = 4000


def transition(visit: Visit, to: str, *, actor, reason: str = "") -> Visit:
    """Move `visit` to `to` if the table allows it and audit it. Runs inside the caller's transaction."""
    move(
        visit,
        to,
        machine=VISIT_MACHINE,
        actor=actor,
        changes={
            "state_reason": reason,
            "submitted_at": visit.submitted_at,
            "submitted_by": visit.submitted_by,
            "accepted_at": visit.accepted_at,
            "accepted_by": visit.accepted_by,
        },
        after={"reason": reason},
    )
    return visit


def locked(visit: Visit) -> Visit:
    return Visit.objects.with_related().select_for_update(of=("self",)).get(pk=visit.pk)


def _body(stage):
    return stage.edition.competition.body


# --- Plan and policy ----------------------------------------------------------------------------


def plan_for(stage) -> VerificationPlan:
    """The stage's saved plan, or the default (gate) without writing anything."""
    plan = VerificationPlan.objects.filter(stage=stage).first()
    return plan or VerificationPlan(stage=stage)


def require_verification_stage(stage) -> None:
    if stage.kind != StageKind.FIELD_VERIFICATION:
        raise ValidationError(_("Tahap “%(stage)s” bukan tahap verifikasi lapangan.") % {"stage": stage.name})


@transaction.atomic
def set_policy(*, stage, policy: str, weight, adjust_passes: bool, actor) -> VerificationPlan:
    """Choose how the stage's verification feeds the final decision. Audited with before/after."""
    require_verification_stage(stage)
    errors = {}
    if policy not in Policy.values:
        errors["policy"] = _("Pilih kebijakan gerbang atau berbobot.")
    try:
        weight = Decimal(str(weight if weight not in (None, "") else 0))
    except ArithmeticError:
        weight = None
    if weight is None or not weight.is_finite() or not (Decimal(0) <= weight <= Decimal(100)):
        errors["weight"] = _("Bobot harus antara 0 dan 100 persen.")
    elif policy == Policy.WEIGHTED and weight <= 0:
        errors["weight"] = _("Kebijakan berbobot memerlukan bobot lebih dari 0 persen.")
    if errors:
        raise ValidationError(errors)
    weight = Decimal(0) if policy == Policy.GATE else weight
    weight = weight.quantize(Decimal("0.01"))
    plan = VerificationPlan.objects.select_for_update().filter(stage=stage).first()
    before = None
    if plan is None:
        plan = VerificationPlan(stage=stage)
    else:
        before = {"policy": plan.policy, "weight": plan.weight, "adjust_passes": plan.adjust_passes}
    plan.policy, plan.weight, plan.adjust_passes, plan.updated_by = policy, weight, bool(adjust_passes), actor
    plan.save()
    record_event(
        actor=actor,
        action="verification.set_policy",
        obj=plan,
        before=before,
        after={"policy": plan.policy, "weight": plan.weight, "adjust_passes": plan.adjust_passes},
    )
    return plan


def candidates(stage):
    """Proposals a field verification stage visits: those still in the running, of the stage's group."""
    return judging_candidates(stage)


def eligible_team(stage):
    """Users who may join a visit of `stage`: active verifiers and organizers of the edition's body."""
    user_ids = Membership.objects.active().filter(role__in=TEAM_ROLES, organizer_body=_body(stage)).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "pk")


def window_dates(stage) -> tuple[date, date] | None:
    """The first and last WIB day on which a visit of `stage` may take place (None: no window)."""
    if not (stage.opens_at and stage.closes_at):
        return None
    first = timezone.localtime(stage.opens_at, WIB).date()
    last = timezone.localtime(stage.closes_at - timedelta(microseconds=1), WIB).date()
    return first, last


def _check_date(stage, visit_date) -> dict:
    window = window_dates(stage)
    if window is None:
        return {
            "visit_date": _(
                "Tahap “%(stage)s” belum punya jadwal. Atur tanggal dibuka dan ditutup tahap ini lebih dulu."
            )
            % {"stage": stage.name}
        }
    if not isinstance(visit_date, date):
        return {"visit_date": _("Isi tanggal kunjungan.")}
    first, last = window
    if not (first <= visit_date <= last):
        return {
            "visit_date": _("Tanggal kunjungan %(d)s di luar jadwal tahap (%(first)s – %(last)s).")
            % {
                "d": date_format(visit_date, "j F Y"),
                "first": date_format(first, "j F Y"),
                "last": date_format(last, "j F Y"),
            }
        }
    return {}


def _coordinate(value, name: str, limit: int, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or abs(number) > limit:
        errors[name] = (
            _("Lintang harus antara −90 dan 90 derajat.")
            if name == "latitude"
            else _("Bujur harus antara −180 dan 180 derajat.")
        )
        return None
    return number.quantize(photos.SIX_PLACES)


def _check_team(stage, team) -> tuple[list[tuple[User, bool]], dict]:
    """team: [(user, is_lead)]. Exactly one lead, no duplicates, every member of the body."""
    team = [(user, bool(is_lead)) for user, is_lead in team]
    if not team:
        return team, {"team": _("Pilih minimal satu anggota tim, salah satunya ketua.")}
    ids = [user.pk for user, _lead in team]
    duplicates = sorted({str(user) for user, _lead in team if ids.count(user.pk) > 1})
    if duplicates:
        return team, {"team": _("Anggota tercantum lebih dari sekali: %(names)s.") % {"names": ", ".join(duplicates)}}
    allowed = set(eligible_team(stage).filter(pk__in=ids).values_list("pk", flat=True))
    strangers = [str(user) for user, _lead in team if user.pk not in allowed]
    if strangers:
        return team, {
            "team": _("Bukan verifikator atau panitia %(body)s: %(names)s.")
            % {"body": _body(stage), "names": ", ".join(strangers)}
        }
    leads = [str(user) for user, is_lead in team if is_lead]
    if not leads:
        return team, {"team": _("Pilih satu ketua tim.")}
    if len(leads) > 1:
        return team, {
            "team": _("Tim hanya boleh punya satu ketua; dipilih %(n)s: %(names)s.")
            % {"n": len(leads), "names": ", ".join(leads)}
        }
    return team, {}


def _plan_fields(stage, data: dict) -> tuple[dict, list, dict]:
    errors = {}
    errors.update(_check_date(stage, data.get("visit_date")))
    address = (data.get("address") or "").strip()
    if not address:
        errors["address"] = _("Isi alamat lokasi kunjungan.")
    elif len(address) > 300:
        errors["address"] = _("Alamat paling panjang 300 karakter.")
    latitude = _coordinate(data.get("latitude"), "latitude", 90, errors)
    longitude = _coordinate(data.get("longitude"), "longitude", 180, errors)
    if (latitude is None) != (longitude is None) and "latitude" not in errors and "longitude" not in errors:
        errors["longitude" if latitude is not None else "latitude"] = _("Isi lintang dan bujur bersama-sama.")
    contact_name = (data.get("contact_name") or "").strip()[:150]
    contact_phone = (data.get("contact_phone") or "").strip()
    if contact_phone and not all(ch.isdigit() or ch in "+-() " for ch in contact_phone):
        errors["contact_phone"] = _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung.")
    elif len(contact_phone) > 30:
        errors["contact_phone"] = _("Nomor telepon paling panjang 30 karakter.")
    team, team_errors = _check_team(stage, data.get("team") or [])
    errors.update(team_errors)
    fields = {
        "visit_date": data.get("visit_date"),
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
    }
    return fields, team, errors


def _plan_snapshot(visit) -> dict:
    return {
        "visit_date": visit.visit_date.isoformat(),
        "address": visit.address,
        "latitude": visit.latitude,
        "longitude": visit.longitude,
        "contact_name": visit.contact_name,
        "contact_phone": visit.contact_phone,
        "team": [{"user": m.user_id, "lead": m.is_lead} for m in visit.members.order_by("user_id")],
    }


def _set_team(visit, team):
    visit.members.all().delete()
    VisitMember.objects.bulk_create(VisitMember(visit=visit, user=user, is_lead=is_lead) for user, is_lead in team)


@transaction.atomic
def plan_visit(*, stage, proposal, actor, **data) -> Visit:
    """Plan a visit of `proposal` in a field verification stage: date in the stage's window,
    address, optional coordinates, contact person and a team with exactly one lead.

    data: visit_date, address, latitude, longitude, contact_name, contact_phone, team [(user, is_lead)].
    Side effects: creates the visit and its members, audits, mails the team after commit.
    """
    require_verification_stage(stage)
    Stage.objects.select_for_update().filter(pk=stage.pk).first()
    fields, team, errors = _plan_fields(stage, data)
    if proposal is None or not candidates(stage).filter(pk=proposal.pk).exists():
        errors["proposal"] = _("Proposal ini tidak sedang diverifikasi pada tahap ini.")
    elif Visit.objects.live().filter(stage=stage, proposal=proposal).exists():
        errors["proposal"] = _("Proposal ini sudah punya kunjungan pada tahap ini. Ubah kunjungan itu.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            visit = Visit.objects.create(stage=stage, proposal=proposal, planned_by=actor, **fields)
    except IntegrityError:
        raise ValidationError({"proposal": _("Proposal ini sudah punya kunjungan pada tahap ini.")}) from None
    _set_team(visit, team)
    record_event(actor=actor, action="visit.plan", obj=visit, after=_plan_snapshot(visit))
    _notify_team(visit.pk, "visit_planned")  # queued in this transaction, sent after commit
    return visit


@transaction.atomic
def update_plan(*, visit, actor, **data) -> Visit:
    """Change a visit's date, place, contact or team while it is planned or in progress."""
    visit = locked(visit)
    if visit.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Rencana kunjungan berstatus “%(state)s” tidak dapat diubah.") % {"state": visit.get_state_display()}
        )
    fields, team, errors = _plan_fields(visit.stage, data)
    if errors:
        raise ValidationError(errors)
    before = _plan_snapshot(visit)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save(update_fields=[*fields, "updated_at"])
    _set_team(visit, team)
    record_event(actor=actor, action="visit.update_plan", obj=visit, before=before, after=_plan_snapshot(visit))
    return visit


# --- Organizer's review ---------------------------------------------------------------------------


@transaction.atomic
def accept_visit(*, visit, actor) -> Visit:
    """The organizer accepts a submitted report; from now on it counts in the stage outcome. A report
    recommending disqualification disqualifies the proposal (`competitions.funnel.disqualify`)."""
    visit = locked(visit)
    if visit.state == V.SUBMITTED:
        visit.accepted_at, visit.accepted_by = timezone.now(), actor
    visit = transition(visit, V.ACCEPTED, actor=actor)
    if visit.recommendation == Recommendation.DISQUALIFY and not hasattr(visit.proposal, "disqualification"):
        # An accepted disqualification takes the proposal out of every later stage and list.
        funnel.disqualify(
            proposal=visit.proposal,
            stage=visit.stage,
            source=DisqualificationSource.VERIFICATION,
            reason=visit.reasons or str(Recommendation.DISQUALIFY.label),
            actor=actor,
        )
    return visit


@transaction.atomic
def return_visit(*, visit, actor, reason: str) -> Visit:
    """Send a submitted report back to the team with a reason (at least 10 characters)."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": _("Tuliskan alasan pengembalian (minimal %(n)s karakter).") % {"n": MIN_REASON}}
        )
    visit = locked(visit)
    visit.submitted_at, visit.submitted_by = None, None
    visit = transition(visit, V.IN_PROGRESS, actor=actor, reason=reason)
    _notify_team(visit.pk, "visit_returned")
    return visit


@transaction.atomic
def cancel_visit(*, visit, actor, reason: str) -> Visit:
    """Cancel a planned or ongoing visit with a reason; the proposal can then be planned again."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan (minimal %(n)s karakter).") % {"n": MIN_REASON}})
    visit = locked(visit)
    return transition(visit, V.CANCELLED, actor=actor, reason=reason)


# --- Mail -----------------------------------------------------------------------------------------


def _send(template: str, context: dict, recipients):
    recipients = sorted({e for e in recipients if e})
    if not recipients:
        return
    subject = render_subject(f"{template}_subject.txt", context)
    body = render_text(f"{template}.txt", context)
    queue_mail(to=recipients, subject=subject, body=body)


def _notify_team(visit_id: int, template: str):
    visit = Visit.objects.with_related().get(pk=visit_id)
    emails = visit.members.filter(user__is_active=True).values_list("user__email", flat=True)
    context = {"visit": visit, "site_url": settings.SITE_URL}
    _send(f"jury/verification/email/{template}", context, emails)


def notify_organizers(visit_id: int):
    visit = Visit.objects.with_related().get(pk=visit_id)
    emails = (
        Membership.objects.active()
        .filter(role=Role.ORGANIZER, organizer_body_id=visit.stage.edition.competition.body_id)
        .values_list("user__email", flat=True)
    )
    context = {"visit": visit, "site_url": settings.SITE_URL}
    _send("organizer/verification/email/visit_submitted", context, emails)


def proposals_without_visit(stage):
    live = Visit.objects.live().filter(stage=stage).values("proposal_id")
    return candidates(stage).exclude(pk__in=live)

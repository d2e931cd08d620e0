"""The jury: juror records, panels, and the conflicts a juror declares or the organizer waives.

Same rules as every service: keyword-only `actor`, one transaction per verb, an audit event inside
it. Invalid input raises `ValidationError` with Indonesian messages and writes nothing. Who counts
as a juror is one rule (`rules.juror_of`); its query form is `with_juror_role`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.accounts.rules import forget_memberships, is_organizer_of, is_system_admin
from inovasi.audit.services import record_event
from inovasi.judging import conflicts, integrity, rules
from inovasi.judging.models import Assignment, Conflict, ConflictKind, Juror, Panel, Scorecard, ScorecardState
from inovasi.judging.stages import is_frozen


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


def juror_pool_all(stage):
    """Every record of the stage's body that passes the juror rule (panels aside)."""
    return with_juror_role(edition_jurors(stage.edition), stage.edition.competition.body_id)


def require_juror(juror, stage):
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
    integrity.audit_inclusions(juror=juror, proposal=proposal, waiver_reason=reason, actor=actor)
    return found


def get_user_by_email(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()

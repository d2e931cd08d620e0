"""Corrections to a published record without reopening it (issue #17).

A typo in the name or a missing start date used to need "Buka kembali untuk revisi", which takes
the record out of the catalog (and out of any competition it could enter) until it is published
again. A correction is smaller: a manager of the record proposes one value for one whitelisted
field (`enums.CorrectableField`) with a reason; the Admin Pemda approves it (the value is written
to the published record, audited before/after, and the search index follows through the same
`post_save` an edit uses) or rejects it with a note; the proposer may withdraw it. The record stays
published throughout. Its public page lists "Dikoreksi pada <tanggal>: <data>".

Who decides: an Admin Pemda of the record's government (or a system admin), never the proposer —
unless the proposer is the only active Admin Pemda of that government, who would otherwise have
nobody to ask; that self-approval is marked `self_approved` in the audit trail.

When an approved correction changes a field competition eligibility reads (`ELIGIBILITY_FIELDS`,
the start date), `correction_approved` is sent inside the transaction; the competitions app flags
the proposals it affects for their organizers (`competitions.corrections`). This app imports no
app above it.

Every state ends: approved, rejected and withdrawn are final; a correction still open when its
record leaves the catalog (reopened, archived) is withdrawn automatically with why.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import User
from inovasi.accounts.rules import governments_administered, is_system_admin
from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.formats.display import format_date_id
from inovasi.innovations.enums import (
    CORRECTION_MACHINE,
    ELIGIBILITY_FIELDS,
    CorrectableField,
    CorrectionState,
    InnovationStatus,
)
from inovasi.innovations.models import Innovation, InnovationCorrection
from inovasi.innovations.queries import innovations_for_user
from inovasi.inputs import TEXT_MAX_CHARS, single_line
from inovasi.outbox.services import queue_mail

C = CorrectionState
F = CorrectableField

# Sent inside `approve_correction`'s transaction with `correction`, `before` and `after` (the
# record's changed fields) when the corrected field is one eligibility reads.
correction_approved = Signal()

_MAX_CHARS = {F.NAME: 200, F.ACRONYM_EXPANSION: 255}
_YEAR = re.compile(r"[0-9]{4}")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


# --- Values ------------------------------------------------------------------------------------


def current_value(innovation: Innovation, field: str) -> str:
    """The record's value of `field` as a correction stores it (a date YYYY-MM-DD, a year-only start YYYY)."""
    if field == F.STARTED_ON:
        if innovation.started_on is None:
            return ""
        return str(innovation.started_on.year) if innovation.started_year_only else innovation.started_on.isoformat()
    return getattr(innovation, field) or ""


def display_value(field: str, value: str) -> str:
    """A stored value as a reader sees it ("1 Maret 2021", "2021", "—")."""
    if not value:
        return "—"
    if field == F.STARTED_ON and len(value) == 10:
        try:
            return format_date_id(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _parse_date(raw: str) -> str:
    today = timezone.localdate()
    if _YEAR.fullmatch(raw):
        year = int(raw)
        if not 1900 <= year <= today.year:
            raise ValidationError(
                {"new_value": _("Tahun mulai harus antara 1900 dan %(year)s.") % {"year": today.year}}
            )
        return raw
    if found := _DAY_FIRST.fullmatch(raw):
        day, month, year = (int(g) for g in found.groups())
    elif found := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in found.groups())
    else:
        raise ValidationError(
            {"new_value": _("Tulis tanggal sebagai HH-BB-TTTT (misalnya 01-03-2021), atau tahunnya saja (2021).")}
        )
    try:
        started = date(year, month, day)
    except ValueError:
        raise ValidationError({"new_value": _("Tanggal %(raw)s tidak ada di kalender.") % {"raw": raw}}) from None
    if started.year < 1900 or started > today:
        raise ValidationError({"new_value": _("Tanggal mulai tidak boleh sebelum 1900 atau setelah hari ini.")})
    return started.isoformat()


def parse_value(field: str, raw) -> str:
    """The proposed value of `field` as stored, or a ValidationError in Indonesian (key `new_value`)."""
    if field not in F.values:
        raise ValidationError({"field": _("Pilih data yang dapat dikoreksi.")})
    raw = raw if isinstance(raw, str) else ""
    if field == F.STARTED_ON:
        raw = raw.strip()
        if not raw:
            raise ValidationError({"new_value": _("Tanggal mulai penerapan wajib diisi.")})
        return _parse_date(raw)
    value = single_line(raw)
    if field == F.NAME and not value:
        raise ValidationError({"new_value": _("Nama inovasi wajib diisi.")})
    if len(value) > _MAX_CHARS[field]:
        raise ValidationError(
            {
                "new_value": _("Paling banyak %(n)s karakter; isian ini %(got)s.")
                % {"n": _MAX_CHARS[field], "got": len(value)}
            }
        )
    return value


def _apply(innovation: Innovation, field: str, value: str) -> None:
    if field == F.STARTED_ON:
        if len(value) == 4:
            innovation.started_on, innovation.started_year_only = date(int(value), 1, 1), True
        else:
            innovation.started_on, innovation.started_year_only = date.fromisoformat(value), False
    else:
        setattr(innovation, field, value)


# --- Who ---------------------------------------------------------------------------------------


def other_admins_exist(correction: InnovationCorrection) -> bool:
    """Whether an active Admin Pemda of the record's government other than the proposer exists."""
    government_id = correction.innovation.government_id
    return government_id in _governments_with_other_admins([government_id], correction.proposed_by_id)


def _governments_with_other_admins(government_ids, proposer_id) -> set[int]:
    """Of these governments, those with an active Admin Pemda other than `proposer_id` (one query)."""
    return set(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.PEMDA_ADMIN,
            memberships__government_id__in=government_ids,
        )
        .exclude(pk=proposer_id)
        .values_list("memberships__government_id", flat=True)
    )


def may_decide(user, correction: InnovationCorrection, *, others: set[int] | None = None) -> bool:
    """An Admin Pemda of the record's government or a system admin, not the proposer unless the
    proposer is that government's only active Admin Pemda. `others`: the governments where an Admin
    Pemda other than `user` exists, when a list page has read them at once (`may_decide_each`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not (is_system_admin(user) or correction.innovation.government_id in governments_administered(user)):
        return False
    if user.pk != correction.proposed_by_id:
        return True
    if others is None:
        return not other_admins_exist(correction)
    return correction.innovation.government_id not in others


def may_decide_each(user, corrections) -> dict[int, bool]:
    """`may_decide` for every correction of a list, in a fixed number of queries."""
    own = {c.innovation.government_id for c in corrections if c.proposed_by_id == user.pk}
    others = _governments_with_other_admins(own, user.pk) if own else set()
    return {c.pk: may_decide(user, c, others=others) for c in corrections}


def decision_refusal(user, correction: InnovationCorrection) -> str:
    """Why `user` may not decide `correction` (Indonesian), or "" when they may."""
    if may_decide(user, correction):
        return ""
    if user.pk == correction.proposed_by_id:
        return _("Koreksi yang Anda ajukan sendiri diputuskan oleh Admin Pemda lain.")
    return _("Hanya Admin Pemda pemilik inovasi yang dapat memutuskan koreksi.")


# --- Mail --------------------------------------------------------------------------------------


def _mail(correction: InnovationCorrection, *, template: str, subject: str, to: list[str], url: str) -> None:
    """Queue one mail about `correction` (in the caller's transaction, sent after commit)."""
    to = [address for address in to if address]
    if not to:
        return
    body = render_to_string(
        f"innovations/email/{template}.txt",
        {
            "correction": correction,
            "innovation": correction.innovation,
            "old": display_value(correction.field, correction.old_value),
            "new": display_value(correction.field, correction.new_value),
            "link": settings.SITE_URL + url,
        },
    )
    queue_mail(to=to, subject=subject, body=body)


def _mail_decision(correction: InnovationCorrection) -> None:
    proposer = correction.proposed_by
    if proposer is None or not proposer.is_active or proposer.pk == correction.decided_by_id:
        return
    _mail(
        correction,
        template="correction_decided",
        subject=_("Koreksi %(state)s: %(name)s")
        % {"state": correction.get_state_display().lower(), "name": correction.innovation.name},
        to=[proposer.email],
        url=reverse("workspace:innovation_detail", args=[correction.innovation_id]),
    )


# --- Verbs -------------------------------------------------------------------------------------


def _locked_correction(correction: InnovationCorrection) -> InnovationCorrection:
    return (
        InnovationCorrection.objects.select_for_update(of=("self",))
        .select_related("innovation", "innovation__government")
        .get(pk=correction.pk)
    )


def _clean_text(text, *, required_message: str) -> str:
    text = (text if isinstance(text, str) else "").strip()
    if not text:
        raise ValidationError({"reason": required_message})
    if len(text) > TEXT_MAX_CHARS:
        raise ValidationError({"reason": _("Paling banyak %(n)s karakter.") % {"n": TEXT_MAX_CHARS}})
    return text


@transaction.atomic
def propose_correction(*, innovation: Innovation, field: str, new_value, reason, actor) -> InnovationCorrection:
    """A manager of a published record proposes one new value for one correctable field, saying why.

    Refused (ValidationError, Indonesian) unless the record is published, the field is on the
    whitelist, the value parses and differs from the current one, a reason is given and no other
    correction of the same field is waiting. Audited as `innovation_correction.propose`.
    """
    from inovasi.innovations.services import _locked  # inline: services imports this module (cycle)

    innovation = _locked(innovation)
    if innovation.status != InnovationStatus.PUBLISHED:
        raise ValidationError(
            _("Koreksi hanya untuk inovasi yang sudah terbit; inovasi ini berstatus %(status)s.")
            % {"status": innovation.get_status_display()}
        )
    value = parse_value(field, new_value)
    old = current_value(innovation, field)
    if value == old:
        raise ValidationError({"new_value": _("Nilai baru sama dengan nilai saat ini.")})
    reason = _clean_text(reason, required_message=_("Alasan koreksi wajib diisi."))
    if InnovationCorrection.objects.filter(innovation=innovation, field=field, state=C.PROPOSED).exists():
        raise ValidationError(
            {"field": _("Koreksi %(field)s sudah diajukan dan menunggu keputusan.") % {"field": F(field).label}}
        )
    correction = InnovationCorrection.objects.create(
        innovation=innovation,
        field=field,
        old_value=old,
        new_value=value,
        reason=reason,
        proposed_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        action="innovation_correction.propose",
        obj=correction,
        after={"innovation": innovation.pk, "field": field, "old": old, "new": value, "reason": reason},
    )
    from inovasi.innovations.services import pemda_admin_emails  # inline: services imports this module (cycle)

    _mail(
        correction,
        template="correction_proposed",
        subject=_("Koreksi menunggu keputusan: %(name)s") % {"name": innovation.name},
        to=[e for e in pemda_admin_emails(innovation.government_id) if e != getattr(actor, "email", None)],
        url=reverse("workspace:correction_list"),
    )
    return correction


def _decided(actor, note: str) -> dict:
    return {
        "decided_by": actor if getattr(actor, "pk", None) else None,
        "decided_at": timezone.now(),
        "decision_note": note,
    }


@transaction.atomic
def approve_correction(*, correction: InnovationCorrection, actor, note: str = "") -> InnovationCorrection:
    """The Admin Pemda applies a proposed correction to the published record; it stays published.

    Refused when the actor may not decide (`may_decide`), when the record is no longer published,
    or when the field changed since the proposal (the correction would overwrite a newer value).
    Writes `innovation.correct` on the record (changed fields before/after, the correction's id),
    moves the correction to approved (`innovation_correction.approve`) and, for a field eligibility
    reads, sends `correction_approved` so competitions flag the affected proposals.
    """
    # inline: services imports this module (cycle)
    from inovasi.innovations.services import _changed, _clean_record, _locked, content_snapshot

    correction = _locked_correction(correction)
    note = (note if isinstance(note, str) else "").strip()[:TEXT_MAX_CHARS]
    if correction.state != C.PROPOSED:
        raise CORRECTION_MACHINE.illegal(correction.state, C.APPROVED)
    refusal = decision_refusal(actor, correction)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    innovation = _locked(correction.innovation)
    if innovation.status != InnovationStatus.PUBLISHED:
        raise ValidationError(
            _("Inovasi tidak lagi terbit (%(status)s); tolak koreksi ini.")
            % {"status": innovation.get_status_display()}
        )
    now = current_value(innovation, correction.field)
    if now != correction.old_value:
        raise ValidationError(
            _(
                "%(field)s sudah berubah sejak koreksi diajukan (kini %(now)s). Tolak koreksi ini dan "
                "ajukan koreksi baru bila masih perlu."
            )
            % {"field": correction.get_field_display(), "now": display_value(correction.field, now)},
            code="stale",
        )
    before = content_snapshot(innovation)
    _apply(innovation, correction.field, correction.new_value)
    _clean_record(innovation)
    innovation.save()  # post_save re-indexes the record for search, as an edit does
    correction.innovation = innovation  # the receivers read the corrected record
    changed_before, changed_after = _changed(before, content_snapshot(innovation))
    record_event(
        actor=actor,
        action="innovation.correct",
        obj=innovation,
        before=changed_before,
        after={**changed_after, "correction": correction.pk, "reason": correction.reason},
    )
    self_approved = actor is not None and actor.pk == correction.proposed_by_id
    move(
        correction,
        C.APPROVED,
        machine=CORRECTION_MACHINE,
        actor=actor,
        changes=_decided(actor, note),
        after={"note": note, "self_approved": self_approved},
    )
    if correction.field in ELIGIBILITY_FIELDS:
        correction_approved.send(
            sender=InnovationCorrection, correction=correction, before=changed_before, after=changed_after
        )
    _mail_decision(correction)
    return correction


@transaction.atomic
def reject_correction(*, correction: InnovationCorrection, actor, note) -> InnovationCorrection:
    """The Admin Pemda refuses a proposed correction, saying why (the record does not change)."""
    correction = _locked_correction(correction)
    if correction.state != C.PROPOSED:
        raise CORRECTION_MACHINE.illegal(correction.state, C.REJECTED)
    refusal = decision_refusal(actor, correction)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    note = _clean_text(note, required_message=_("Alasan penolakan wajib diisi."))
    move(
        correction,
        C.REJECTED,
        machine=CORRECTION_MACHINE,
        actor=actor,
        changes=_decided(actor, note),
        after={"note": note},
    )
    _mail_decision(correction)
    return correction


@transaction.atomic
def withdraw_correction(*, correction: InnovationCorrection, actor) -> InnovationCorrection:
    """The proposer takes back a correction still waiting for a decision."""
    correction = _locked_correction(correction)
    if correction.state != C.PROPOSED:
        raise CORRECTION_MACHINE.illegal(correction.state, C.WITHDRAWN)
    if actor is None or actor.pk != correction.proposed_by_id:
        raise ValidationError(_("Hanya pengusul yang dapat menarik koreksi ini."), code="not_allowed")
    move(correction, C.WITHDRAWN, machine=CORRECTION_MACHINE, actor=actor, changes=_decided(actor, ""))
    return correction


def close_open_corrections(innovation: Innovation, *, actor, status_label: str) -> int:
    """Withdraw, with why, every correction still open when the record leaves the catalog.

    Called by `services.transition` inside its transaction (reopen for revision, archive): the
    operators then change the record directly, so nothing waits on a value that can no longer apply.
    """
    note = _(
        "Ditutup otomatis: inovasi berpindah ke status “%(status)s” sebelum koreksi diputuskan; "
        "perbaiki langsung pada formulir inovasi."
    ) % {"status": status_label}
    closed = 0
    for correction in InnovationCorrection.objects.filter(innovation=innovation, state=C.PROPOSED):
        move(
            correction,
            C.WITHDRAWN,
            machine=CORRECTION_MACHINE,
            actor=actor,
            changes={"decided_at": timezone.now(), "decision_note": note},
            after={"note": note, "automatic": True},
        )
        closed += 1
    return closed


def managed_innovations(user):
    """The ids of the records `user` manages (a subquery)."""

    return innovations_for_user(user).values("pk")


def pending_for_user(user):
    """Corrections waiting for a decision on records `user` manages (oldest first)."""
    return (
        InnovationCorrection.objects.filter(state=C.PROPOSED, innovation__in=managed_innovations(user))
        .select_related("innovation", "innovation__government", "proposed_by")
        .order_by("created_at", "pk")
    )


def approved_for_public(innovation: Innovation) -> list[InnovationCorrection]:
    """The "Dikoreksi pada <tanggal>: <data>" lines of a published record, oldest first."""
    return list(
        InnovationCorrection.objects.filter(innovation=innovation, state=C.APPROVED)
        .only("field", "decided_at", "innovation_id")
        .order_by("decided_at", "pk")
    )


def for_record_page(innovation: Innovation, user) -> list[InnovationCorrection]:
    """Every correction of the record, newest first, with what `user` may do with each open one."""
    rows = list(InnovationCorrection.objects.filter(innovation=innovation).order_by("-created_at", "-pk"))
    for correction in rows:
        correction.innovation = innovation
        correction.old_shown = display_value(correction.field, correction.old_value)
        correction.new_shown = display_value(correction.field, correction.new_value)
        is_open = correction.state == C.PROPOSED
        correction.can_withdraw = is_open and correction.proposed_by_id == user.pk
        correction.can_decide = is_open and may_decide(user, correction)
    return rows

"""Business verbs for proposals, shortlists and public objections.

Every verb runs in one transaction, writes an audit event inside it and sends its e-mails after
commit. A proposal's state changes only through `transition`, which refuses any move that is not
in `enums.PROPOSAL_TRANSITIONS`. Deadlines are compared with `timezone.now()` against the edition's
aware datetimes (stored in UTC, entered and shown in Asia/Jakarta).
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.competitions import checks, reuse
from inovasi.competitions.enums import PROPOSAL_MACHINE, AttachmentKind, ProposalState
from inovasi.competitions.models import (
    Edition,
    Proposal,
    ProposalAnswer,
    ProposalAttachment,
)
from inovasi.competitions.words import count_chars, count_words
from inovasi.innovations import uploads
from inovasi.inputs import single_line
from inovasi.outbox.services import queue_mail, render_subject, render_text

S = ProposalState

EDITABLE_STATES = {S.DRAFT, S.RETURNED_TO_OPERATOR, S.AWAITING_APPROVAL}
WITHDRAWABLE_STATES = {S.DRAFT, S.AWAITING_APPROVAL, S.RETURNED_TO_OPERATOR, S.SUBMITTED}
# Who hears about each new state besides the Pemda (creator, Admin Pemda, agency operators).
ORGANIZER_HEARS = {S.SUBMITTED, S.WITHDRAWN}


def _raise(failures: list[dict]):
    raise ValidationError([f["message"] for f in failures], code="rules")


# --- Optimistic locking and double submits ------------------------------------------------------


class StaleProposal(ValidationError):
    """Someone saved the proposal after this form was opened, so nothing was written.

    `changes` lists what differs between the saved proposal and the refused input, as
    {"field", "label", "saved"} dicts; `current_version` is what a deliberate re-save must carry.
    """

    def __init__(self, message, *, proposal, action, submitted_version, changes=()):
        super().__init__(message, code="stale")
        self.proposal = proposal
        self.action = action
        self.submitted_version = submitted_version
        self.current_version = proposal.version
        self.changes = list(changes)


def already_done(message) -> ValidationError:
    """The second of two identical requests (double click, resent form): nothing to do."""
    return ValidationError(message, code="already_done")


def already_done_message(proposal, state: str) -> str | None:
    """What to tell someone asking to move `proposal` to `state` when it is already there."""
    if proposal.state != state:
        return None
    if state == S.SUBMITTED:
        return _("Proposal ini sudah diajukan ke panitia pada %(when)s WIB.") % {
            "when": _wib(proposal.submitted_at or proposal.updated_at)
        }
    return {
        S.AWAITING_APPROVAL: _("Proposal ini sudah dikirim ke Admin Pemda."),
        S.RETURNED_TO_OPERATOR: _("Proposal ini sudah dikembalikan ke operator."),
        S.WITHDRAWN: _("Proposal ini sudah ditarik."),
        S.DRAFT: _("Proposal ini sudah menjadi draf."),
    }.get(state)


def _refuse_if_already(proposal, state: str):
    message = already_done_message(proposal, state)
    if message:
        raise already_done(message)


def _wib(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")


def last_saved(proposal) -> tuple[str, str]:
    """(who, when) of the proposal's latest audited change, for the refusal message."""
    event = (
        AuditEvent.objects.filter(object_type=Proposal._meta.label_lower, object_id=str(proposal.pk))
        .exclude(action="proposal.stale_refused")
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    if event is None:
        return "", _wib(proposal.updated_at)
    who = (event.actor.full_name or event.actor.email) if event.actor else event.actor_label
    return who or _("sistem"), _wib(event.created_at)


def _stale(proposal, *, version, action, changes=()) -> StaleProposal:
    who, when = last_saved(proposal)
    values = {"who": who or _("pengguna lain"), "when": when}
    if action == "proposal.update":
        message = _(
            "Proposal ini sudah diubah oleh %(who)s pada %(when)s WIB setelah Anda membukanya, sehingga isian Anda "
            "belum disimpan. Isian Anda tetap ditampilkan; bandingkan dengan versi tersimpan, lalu simpan lagi."
        )
    else:
        message = _(
            "Proposal ini sudah diubah oleh %(who)s pada %(when)s WIB setelah Anda membukanya. Tindakan Anda belum "
            "dijalankan; periksa isi proposal terbaru, lalu ulangi."
        )
    message %= values
    return StaleProposal(message, proposal=proposal, action=action, submitted_version=version, changes=changes)


def _require_version(proposal, version, *, action):
    """Refuse an action taken on an older view of the proposal (e.g. approving text that has changed since)."""
    if version is not None and version != proposal.version:
        raise _stale(proposal, version=version, action=action)


def _bump_version(proposal, expected: int) -> bool:
    """Conditional UPDATE … WHERE version = expected: False when someone else saved first."""
    if not Proposal.objects.filter(pk=proposal.pk, version=expected).update(version=expected + 1):
        return False
    proposal.version = expected + 1
    return True


def refusing_stale(verb):
    """Run `verb` in one transaction; a stale refusal rolls everything back and is then audited.

    The audit event (`proposal.stale_refused`) is written in its own transaction after the rollback,
    so the refused attempt stays on record even though nothing else was written.
    """

    @functools.wraps(verb)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return verb(*args, **kwargs)
        except StaleProposal as stale:
            with transaction.atomic():
                record_event(
                    actor=kwargs.get("actor"),
                    action="proposal.stale_refused",
                    obj=stale.proposal,
                    after={
                        "action": stale.action,
                        "submitted_version": stale.submitted_version,
                        "current_version": stale.current_version,
                        "fields": [c["field"] for c in stale.changes],
                    },
                )
            raise

    return wrapper


def transition(proposal: Proposal, to: str, *, actor, reason: str = "", failures: list | None = None) -> Proposal:
    """Move `proposal` to `to` if the table allows it; audit it and mail the people concerned.

    Must run inside the caller's transaction. Side effects: saves `state`, `state_reason` and
    `check_failures`; writes one audit event; queues one e-mail per recipient after commit.
    """
    # Callers hold the row lock (`_locked` or a select_for_update queryset), so a plain increment is safe.
    changes = {
        "state_reason": reason,
        "version": proposal.version + 1,
        "submitted_at": proposal.submitted_at,
        "snapshot": proposal.snapshot,
    }
    if failures is not None:
        changes["check_failures"] = failures
    move(
        proposal,
        to,
        machine=PROPOSAL_MACHINE,
        actor=actor,
        changes=changes,
        after={"reason": reason, "failures": [f["rule"] for f in (failures or [])]},
    )
    _notify_state(proposal.pk)  # queued in this transaction, sent after commit
    return proposal


def _pemda_recipients(proposal) -> set[str]:
    emails = set(
        Membership.objects.active()
        .filter(
            Q(role=Role.PEMDA_ADMIN, government_id=proposal.government_id)
            | Q(role=Role.OPERATOR, agency_id=proposal.agency_id)
        )
        .values_list("user__email", flat=True)
    )
    if proposal.created_by_id:
        emails.add(proposal.created_by.email)
    return emails


def _organizer_recipients(edition) -> set[str]:
    return set(
        Membership.objects.active()
        .filter(role=Role.ORGANIZER, organizer_body_id=edition.competition.body_id)
        .values_list("user__email", flat=True)
    )


def _send(template: str, context: dict, recipients):
    recipients = sorted(e for e in recipients if e)
    if not recipients:
        return
    subject = render_subject(f"competitions/email/{template}_subject.txt", context)
    body = render_text(f"competitions/email/{template}.txt", context)
    queue_mail(to=recipients, subject=subject, body=body)


def _notify_state(proposal_id: int):
    proposal = Proposal.objects.with_related().select_related("created_by").get(pk=proposal_id)
    recipients = _pemda_recipients(proposal)
    if proposal.state in ORGANIZER_HEARS:
        recipients |= _organizer_recipients(proposal.edition)
    context = {
        "proposal": proposal,
        "state_label": proposal.get_state_display(),
        "failures": proposal.check_failures if proposal.state == S.RETURNED_BY_CHECK else [],
        "site_url": settings.SITE_URL,
    }
    _send("proposal_state", context, recipients)


def _require_registration_open(edition: Edition):
    now = timezone.now()
    if now < edition.registration_opens_at:
        raise ValidationError(_("Pendaftaran %(edition)s belum dibuka.") % {"edition": edition.name}, code="deadline")
    if now >= edition.registration_closes_at:
        closes = timezone.localtime(edition.registration_closes_at).strftime("%d-%m-%Y %H:%M")
        raise ValidationError(
            _("Batas akhir pengajuan %(edition)s sudah lewat (%(closes)s WIB).")
            % {"edition": edition.name, "closes": closes},
            code="deadline",
        )


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.with_related().select_for_update(of=("self",)).get(pk=proposal.pk)


# --- Drafting ----------------------------------------------------------------------------------


@transaction.atomic
def create_proposal(*, edition, innovation, group, actor, category=None, source_innovation=None, source_description=""):
    """Enter a published innovation into an open edition; the answers are prefilled from its narrative.

    Refused (nothing written) when registration is closed, the group or category belongs to another
    edition, the innovation is already entered, or it is not eligible.
    """
    _require_registration_open(edition)
    if group.edition_id != edition.pk or (category is not None and category.edition_id != edition.pk):
        raise ValidationError(_("Kelompok atau kategori tidak termasuk edisi ini."))
    if Proposal.objects.filter(edition=edition, innovation=innovation).exists():
        raise ValidationError(
            _("Inovasi ini sudah diikutkan pada %(edition)s.") % {"edition": edition.name}, code="already_done"
        )
    failures = checks.eligibility_failures(
        edition=edition, innovation=innovation, agency=innovation.agency, group=group
    )
    if failures:
        _raise(failures)
    try:
        with transaction.atomic():  # a savepoint: a concurrent double submit loses here, cleanly
            proposal = Proposal.objects.create(
                edition=edition,
                innovation=innovation,
                government_id=innovation.government_id,
                agency=innovation.agency,
                group=group,
                category=category,
                title=single_line(innovation.name)[:200],
                source_innovation=source_innovation,
                source_description=source_description.strip(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ValidationError(
            _("Inovasi ini sudah diikutkan pada %(edition)s.") % {"edition": edition.name}, code="already_done"
        ) from None
    answers = []
    for section in checks.applicable_sections(proposal):
        text = getattr(innovation, section.prefill_from, "") if section.prefill_from else ""
        answers.append(ProposalAnswer(proposal=proposal, section=section, text=text or ""))
    ProposalAnswer.objects.bulk_create(answers)
    record_event(
        actor=actor,
        action="proposal.create",
        obj=proposal,
        after={"edition": edition.pk, "innovation": innovation.pk, "group": group.code},
    )
    reuse.reuse_earlier(proposal=proposal, actor=actor)  # record once: start from an earlier proposal
    return proposal


def _require_editable(proposal):
    if proposal.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Proposal berstatus “%(state)s” tidak dapat diubah.") % {"state": proposal.get_state_display()}
        )
    _require_registration_open(proposal.edition)


def _same_text(a: str, b: str) -> bool:
    # Browsers send textarea line breaks as CRLF; what was saved may use either.
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


def _differences(proposal, sections, answers, *, title, category, source_description) -> list[dict]:
    """What the refused input would have changed in the saved proposal, field by field."""
    saved = {a.section_id: a.text for a in proposal.answers.all()}
    changes = []
    if title is not None and single_line(title) and single_line(title)[:200] != proposal.title:
        changes.append({"field": "title", "label": _("Judul"), "saved": proposal.title})
    if category is not None and category.pk != proposal.category_id:
        changes.append({"field": "category", "label": _("Kategori"), "saved": str(proposal.category or "—")})
    if source_description is not None and not _same_text(source_description, proposal.source_description):
        changes.append(
            {"field": "source_description", "label": _("Inovasi sumber"), "saved": proposal.source_description}
        )
    for section_id, text in answers.items():
        before = saved.get(section_id, "")
        if not _same_text(text, before):
            changes.append({"field": f"section-{section_id}", "label": sections[section_id].title, "saved": before})
    return changes


@refusing_stale
def update_proposal(
    *, proposal, answers: dict[int, str], actor, title=None, category=None, source_description=None, version=None
):
    """Save the draft's answers (by section id). Over-long answers are kept in a draft (the counter
    shows them in red) and refused only on submission, so an operator never loses text.

    `version` is the proposal version the form was opened at. If someone saved in between, the save
    is refused with `StaleProposal` (nothing written, the refusal audited) — unless the input equals
    what is saved, which is then a no-op. Without `version` the save is unconditional.
    Side effects: answers and fields saved, `version` bumped, audit event `proposal.update`.
    """
    proposal = _locked(proposal)
    _require_editable(proposal)
    sections = {s.pk: s for s in checks.applicable_sections(proposal)}
    if any(section_id not in sections for section_id in answers):
        raise ValidationError(_("Bagian formulir tidak dikenal."))
    if category is not None and category.edition_id != proposal.edition_id:
        raise ValidationError(_("Kategori tidak termasuk edisi ini."))
    _check_char_limits(sections, answers)
    expected = proposal.version if version is None else version
    if not _bump_version(proposal, expected):
        changes = _differences(
            proposal, sections, answers, title=title, category=category, source_description=source_description
        )
        if not changes:
            return proposal  # the same input was already saved (double submit): nothing to do
        raise _stale(proposal, version=version, action="proposal.update", changes=changes)
    changed = []
    for section_id, text in answers.items():
        ProposalAnswer.objects.update_or_create(proposal=proposal, section_id=section_id, defaults={"text": text})
        changed.append(sections[section_id].code)
    fields = ["updated_at"]
    if title is not None and single_line(title):
        proposal.title, fields = single_line(title)[:200], [*fields, "title"]
    if category is not None:
        proposal.category, fields = category, [*fields, "category"]
    if source_description is not None:
        proposal.source_description, fields = source_description.strip()[:255], [*fields, "source_description"]
    proposal.save(update_fields=fields)
    record_event(
        actor=actor, action="proposal.update", obj=proposal, after={"sections": changed, "version": proposal.version}
    )
    return proposal


def _check_char_limits(sections, answers) -> None:
    """Refuse (nothing saved) an answer longer than its section's character cap."""
    too_long = [
        _("Bagian “%(title)s” berisi %(chars)s karakter; batasnya %(limit)s karakter.")
        % {"title": sections[pk].title, "chars": count_chars(text), "limit": sections[pk].char_limit}
        for pk, text in answers.items()
        if count_chars(text) > sections[pk].char_limit
    ]
    if too_long:
        raise ValidationError(too_long)


@transaction.atomic
def attach(*, proposal, requirement, actor, upload=None, url: str = ""):
    """Store the file (checked by content: PDF only, within the requirement's size) or the link."""
    proposal = _locked(proposal)
    _require_editable(proposal)
    if requirement.edition_id != proposal.edition_id or requirement.group_id not in (None, proposal.group_id):
        raise ValidationError(_("Lampiran ini tidak diminta untuk proposal ini."))
    attachment = ProposalAttachment.objects.filter(proposal=proposal, requirement=requirement).first()
    attachment = attachment or ProposalAttachment(proposal=proposal, requirement=requirement)
    if requirement.kind == AttachmentKind.LINK:
        attachment.url = uploads.check_video_url(url)
        attachment.file = ""
        attachment.content_type, attachment.size, attachment.sha256 = "", None, ""
    else:
        if upload is None:
            raise ValidationError(_("Pilih berkas PDF untuk diunggah."))
        if upload.size > requirement.max_bytes:
            raise ValidationError(
                _("Berkas terlalu besar (%(size)s KB). Ukuran maksimum %(limit)s KB.")
                % {"size": (upload.size + 1023) // 1024, "limit": requirement.max_bytes // 1024}
            )
        checked = uploads.check_upload(upload, allowed=frozenset({uploads.PDF}))
        upload.seek(0)
        if attachment.file and not reuse.file_still_used(attachment.file.name, besides=attachment):
            attachment.file.delete(save=False)
        attachment.file.save(checked.name, ContentFile(upload.read()), save=False)
        attachment.url = ""
        attachment.content_type, attachment.size, attachment.sha256 = checked.content_type, checked.size, checked.sha256
    attachment.uploaded_by = actor
    attachment.save()
    record_event(
        actor=actor,
        action="proposal.attach",
        obj=proposal,
        after={"requirement": requirement.code, "sha256": attachment.sha256, "url": attachment.url},
    )
    return attachment


# --- Lifecycle ---------------------------------------------------------------------------------


@refusing_stale
def send_to_admin(*, proposal, actor, version=None):
    """Operator hands the draft to the Admin Pemda. Refused with every failed rule listed."""
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.AWAITING_APPROVAL)
    _require_version(proposal, version, action="proposal.send_to_admin")
    _require_registration_open(proposal.edition)
    failures = checks.entry_failures(proposal, include_caps=False)
    if failures:
        _raise(failures)
    return transition(proposal, S.AWAITING_APPROVAL, actor=actor)


@refusing_stale
def return_to_operator(*, proposal, reason: str, actor, version=None):
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan pengembalian agar operator tahu apa yang harus diperbaiki."))
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.RETURNED_TO_OPERATOR)
    _require_version(proposal, version, action="proposal.return_to_operator")
    return transition(proposal, S.RETURNED_TO_OPERATOR, actor=actor, reason=reason.strip())


def _snapshot(proposal) -> dict:
    innovation = proposal.innovation
    return {
        "title": proposal.title,
        "group": proposal.group.code,
        "category": proposal.category.code if proposal.category_id else None,
        "source_innovation": proposal.source_innovation_id,
        "source_description": proposal.source_description,
        "innovation": {
            "id": innovation.pk,
            "name": innovation.name,
            "acronym_expansion": innovation.acronym_expansion,
            "started_on": innovation.started_on.isoformat() if innovation.started_on else None,
            "agency": proposal.agency.name,
            "government": proposal.government.name,
        },
        "answers": {
            a.section.code: {"title": a.section.title, "text": a.text, "words": count_words(a.text)}
            for a in proposal.answers.select_related("section")
        },
        "attachments": {
            a.requirement.code: {"url": a.url, "file": a.file.name, "sha256": a.sha256, "size": a.size}
            for a in proposal.attachments.select_related("requirement")
        },
        "sources": reuse.sources_of(proposal),
    }


@refusing_stale
def approve_and_submit(*, proposal, actor, version=None):
    """Admin Pemda approves and submits to the organizer before the deadline.

    Checks eligibility, caps (the edition row is locked so two submissions cannot both take the
    last place), word limits and attachments; freezes the narrative into `snapshot`. A second
    submission (double click, two admins) is refused as already done; with `version`, approving a
    proposal that changed since the admin opened it is refused as stale.
    """
    Edition.objects.select_for_update().filter(pk=proposal.edition_id).first()
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.SUBMITTED)
    _require_version(proposal, version, action="proposal.submit")
    _require_registration_open(proposal.edition)
    if proposal.state != S.AWAITING_APPROVAL:
        transition(proposal, S.SUBMITTED, actor=actor)  # raises the clear illegal-move error
    failures = checks.entry_failures(proposal)
    if failures:
        _raise(failures)
    proposal.submitted_at = timezone.now()
    proposal.snapshot = _snapshot(proposal)
    proposal.snapshot["receipt"] = receipt_number(proposal)
    return transition(proposal, S.SUBMITTED, actor=actor)


@refusing_stale
def submit_directly(*, proposal, actor, version=None):
    """An Admin Pemda submits a draft (theirs or returned to the operator) without sending it to themselves.

    The draft passes through "awaiting approval" inside the same transaction, so the trail shows
    both moves (`proposal.send_to_admin`, `proposal.submit`) and any refusal rolls both back.
    The caller checks the permission (`competitions.submit_proposal_directly`).
    """
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.SUBMITTED)
    _require_version(proposal, version, action="proposal.submit")
    _require_registration_open(proposal.edition)
    if proposal.state in (S.DRAFT, S.RETURNED_TO_OPERATOR):
        failures = checks.entry_failures(proposal)
        if failures:
            _raise(failures)
        transition(proposal, S.AWAITING_APPROVAL, actor=actor)
    return approve_and_submit.__wrapped__(proposal=proposal, actor=actor, version=proposal.version)


# States that wait for a Pemda's step; past the deadline that step can no longer come.
def receipt_number(proposal) -> str:
    """The number on the submission receipt: KOVABLIK-2026-000123 (competition, edition year, proposal).

    Frozen into the snapshot at submission, so renaming the competition later does not change a
    receipt already handed out.
    """
    frozen = (proposal.snapshot or {}).get("receipt")
    if frozen:
        return frozen
    short = "".join(ch for ch in proposal.edition.competition.short_name.upper() if ch.isalnum()) or "PROPOSAL"
    return f"{short}-{proposal.edition.year}-{proposal.pk:06d}"


@refusing_stale
def withdraw(*, proposal, actor, reason: str = "", version=None):
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.WITHDRAWN)
    _require_version(proposal, version, action="proposal.withdraw")
    if proposal.state not in WITHDRAWABLE_STATES:
        transition(proposal, S.WITHDRAWN, actor=actor)
    _require_before_deadline(proposal.edition)
    return transition(proposal, S.WITHDRAWN, actor=actor, reason=reason.strip())


def _require_before_deadline(edition):
    if timezone.now() >= edition.registration_closes_at:
        _require_registration_open(edition)


@refusing_stale
def reopen(*, proposal, actor, version=None):
    """Back to a draft after a return by the check or a withdrawal, while registration is open."""
    proposal = _locked(proposal)
    _refuse_if_already(proposal, S.DRAFT)
    _require_version(proposal, version, action="proposal.reopen")
    _require_registration_open(proposal.edition)
    return transition(proposal, S.DRAFT, actor=actor, reason="")

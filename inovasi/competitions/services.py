"""Business verbs for proposals, shortlists and public objections.

Every verb runs in one transaction, writes an audit event inside it and sends its e-mails after
commit. A proposal's state changes only through `transition`, which refuses any move that is not
in `ALLOWED_TRANSITIONS`. Deadlines are compared with `timezone.now()` against the edition's
aware datetimes (stored in UTC, entered and shown in Asia/Jakarta).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.services import record_event
from inovasi.competitions import checks
from inovasi.competitions.enums import AttachmentKind, ProposalState, StageKind
from inovasi.competitions.models import (
    ChecklistAnswer,
    Edition,
    Proposal,
    ProposalAnswer,
    ProposalAttachment,
    Stage,
)
from inovasi.competitions.words import count_words
from inovasi.innovations import uploads

S = ProposalState

# from-state → {to-state: audit action}. The only moves a proposal can make.
ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.AWAITING_APPROVAL: "proposal.send_to_admin", S.WITHDRAWN: "proposal.withdraw"},
    S.AWAITING_APPROVAL: {
        S.SUBMITTED: "proposal.submit",
        S.RETURNED_TO_OPERATOR: "proposal.return_to_operator",
        S.WITHDRAWN: "proposal.withdraw",
    },
    S.RETURNED_TO_OPERATOR: {S.AWAITING_APPROVAL: "proposal.send_to_admin", S.WITHDRAWN: "proposal.withdraw"},
    S.SUBMITTED: {
        S.PASSED_ADMIN: "proposal.pass_admin_check",
        S.RETURNED_BY_CHECK: "proposal.return_by_admin_check",
        S.WITHDRAWN: "proposal.withdraw",
    },
    S.RETURNED_BY_CHECK: {S.DRAFT: "proposal.reopen", S.PASSED_ADMIN: "proposal.pass_admin_check"},
    S.WITHDRAWN: {S.DRAFT: "proposal.reopen"},
    S.PASSED_ADMIN: {S.SHORTLISTED: "proposal.shortlist", S.ELIMINATED: "proposal.eliminate"},
    S.SHORTLISTED: {S.ELIMINATED: "proposal.eliminate"},
    S.ELIMINATED: {},
}
EDITABLE_STATES = {S.DRAFT, S.RETURNED_TO_OPERATOR, S.AWAITING_APPROVAL}
WITHDRAWABLE_STATES = {S.DRAFT, S.AWAITING_APPROVAL, S.RETURNED_TO_OPERATOR, S.SUBMITTED}
# Who hears about each new state besides the Pemda (creator, Admin Pemda, agency operators).
ORGANIZER_HEARS = {S.SUBMITTED, S.WITHDRAWN}


def _raise(failures: list[dict]):
    raise ValidationError([f["message"] for f in failures], code="rules")


def transition(proposal: Proposal, to: str, *, actor, reason: str = "", failures: list | None = None) -> Proposal:
    """Move `proposal` to `to` if the table allows it; audit it and mail the people concerned.

    Must run inside the caller's transaction. Side effects: saves `state`, `state_reason` and
    `check_failures`; writes one audit event; queues one e-mail per recipient after commit.
    """
    allowed = ALLOWED_TRANSITIONS.get(proposal.state, {})
    if to not in allowed:
        raise ValidationError(
            _("Proposal berstatus “%(from)s” tidak dapat diubah menjadi “%(to)s”.")
            % {"from": S(proposal.state).label, "to": S(to).label},
            code="illegal_transition",
        )
    before = {"state": proposal.state}
    proposal.state = to
    proposal.state_reason = reason
    if failures is not None:
        proposal.check_failures = failures
    proposal.save(update_fields=["state", "state_reason", "check_failures", "updated_at", "submitted_at", "snapshot"])
    record_event(
        actor=actor,
        action=allowed[to],
        obj=proposal,
        before=before,
        after={"state": to, "reason": reason, "failures": [f["rule"] for f in (failures or [])]},
    )
    transaction.on_commit(lambda: _notify_state(proposal.pk))
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
    subject = render_to_string(f"competitions/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"competitions/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


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
        raise ValidationError(_("Inovasi ini sudah diikutkan pada %(edition)s.") % {"edition": edition.name})
    failures = checks.eligibility_failures(
        edition=edition, innovation=innovation, agency=innovation.agency, group=group
    )
    if failures:
        _raise(failures)
    proposal = Proposal.objects.create(
        edition=edition,
        innovation=innovation,
        government_id=innovation.government_id,
        agency=innovation.agency,
        group=group,
        category=category,
        title=innovation.name,
        source_innovation=source_innovation,
        source_description=source_description.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
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
    return proposal


def _require_editable(proposal):
    if proposal.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Proposal berstatus “%(state)s” tidak dapat diubah.") % {"state": proposal.get_state_display()}
        )
    _require_registration_open(proposal.edition)


@transaction.atomic
def update_proposal(*, proposal, answers: dict[int, str], actor, title=None, category=None, source_description=None):
    """Save the draft's answers (by section id). Over-long answers are kept in a draft (the counter
    shows them in red) and refused only on submission, so an operator never loses text."""
    proposal = _locked(proposal)
    _require_editable(proposal)
    sections = {s.pk: s for s in checks.applicable_sections(proposal)}
    changed = []
    for section_id, text in answers.items():
        if section_id not in sections:
            raise ValidationError(_("Bagian formulir tidak dikenal."))
        ProposalAnswer.objects.update_or_create(proposal=proposal, section_id=section_id, defaults={"text": text})
        changed.append(sections[section_id].code)
    fields = ["updated_at"]
    if title is not None and title.strip():
        proposal.title, fields = title.strip()[:200], [*fields, "title"]
    if category is not None:
        if category.edition_id != proposal.edition_id:
            raise ValidationError(_("Kategori tidak termasuk edisi ini."))
        proposal.category, fields = category, [*fields, "category"]
    if source_description is not None:
        proposal.source_description, fields = source_description.strip()[:255], [*fields, "source_description"]
    proposal.save(update_fields=fields)
    record_event(actor=actor, action="proposal.update", obj=proposal, after={"sections": changed})
    return proposal


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
        if attachment.file:
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


@transaction.atomic
def send_to_admin(*, proposal, actor):
    """Operator hands the draft to the Admin Pemda. Refused with every failed rule listed."""
    proposal = _locked(proposal)
    _require_registration_open(proposal.edition)
    failures = checks.entry_failures(proposal, include_caps=False)
    if failures:
        _raise(failures)
    return transition(proposal, S.AWAITING_APPROVAL, actor=actor)


@transaction.atomic
def return_to_operator(*, proposal, reason: str, actor):
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan pengembalian agar operator tahu apa yang harus diperbaiki."))
    proposal = _locked(proposal)
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
    }


@transaction.atomic
def approve_and_submit(*, proposal, actor):
    """Admin Pemda approves and submits to the organizer before the deadline.

    Checks eligibility, caps (the edition row is locked so two submissions cannot both take the
    last place), word limits and attachments; freezes the narrative into `snapshot`.
    """
    Edition.objects.select_for_update().filter(pk=proposal.edition_id).first()
    proposal = _locked(proposal)
    _require_registration_open(proposal.edition)
    if proposal.state != S.AWAITING_APPROVAL:
        transition(proposal, S.SUBMITTED, actor=actor)  # raises the clear illegal-move error
    failures = checks.entry_failures(proposal)
    if failures:
        _raise(failures)
    proposal.submitted_at = timezone.now()
    proposal.snapshot = _snapshot(proposal)
    return transition(proposal, S.SUBMITTED, actor=actor)


@transaction.atomic
def withdraw(*, proposal, actor, reason: str = ""):
    proposal = _locked(proposal)
    if proposal.state not in WITHDRAWABLE_STATES:
        transition(proposal, S.WITHDRAWN, actor=actor)
    _require_before_deadline(proposal.edition)
    return transition(proposal, S.WITHDRAWN, actor=actor, reason=reason.strip())


def _require_before_deadline(edition):
    if timezone.now() >= edition.registration_closes_at:
        _require_registration_open(edition)


@transaction.atomic
def reopen(*, proposal, actor):
    """Back to a draft after a return by the check or a withdrawal, while registration is open."""
    proposal = _locked(proposal)
    _require_registration_open(proposal.edition)
    return transition(proposal, S.DRAFT, actor=actor, reason="")


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

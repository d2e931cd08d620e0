"""Business verbs of awards: labels, ceremonies, awards, certificates and bulk certificate runs.

Every verb validates everything before writing, runs in one transaction and writes one audit
event (`record_event`) per changed object. Messages are Indonesian (gettext msgids).

Rules shared by the verbs:
- a label, a ceremony and a proposal must belong to the same edition;
- no date (award, ceremony) before the edition starts (its registration opening, WIB);
- one label per proposal; a Government/person award is unique by label, Government and name;
- a certificate needs signatories: the ceremony's list, else the person who hands the award over;
- a revoked certificate stays revoked (its serial is never reused and its PDF is not served).
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition
from inovasi.awards import certificates
from inovasi.awards.enums import BATCH_MACHINE
from inovasi.awards.models import (
    Award,
    AwardLabel,
    AwardLabelKind,
    Ceremony,
    Certificate,
    CertificateBatch,
    CertificateBatchState,
)
from inovasi.competitions.models import NOT_RECEIVED_STATES, Stage

logger = logging.getLogger(__name__)

MAX_SIGNATORIES = 3
MIN_REASON = 10

B = CertificateBatchState
# A batch queued or running longer than this is taken as abandoned (its worker died).
STALE_BATCH_AFTER = timedelta(hours=1)


# --- Helpers ---------------------------------------------------------------------------------


def edition_starts_on(edition):
    return timezone.localdate(edition.registration_opens_at)


def _check_not_before_edition(edition, value, field_name):
    if value and value < edition_starts_on(edition):
        raise ValidationError(
            {
                field_name: _("Tanggal tidak boleh sebelum edisi dimulai (%(date)s).")
                % {"date": formats.date_format(edition_starts_on(edition), "j F Y")}
            }
        )


def _full_clean(obj, exclude=()):
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def clean_people(rows, *, field_name="people", limit=None) -> list[dict]:
    """[{name, title}] with surrounding spaces removed; every row needs a name."""
    cleaned = []
    for row in rows or []:
        name = str(row.get("name", "")).strip()
        title = str(row.get("title", "")).strip()
        if not name and not title:
            continue
        if not name:
            raise ValidationError({field_name: _("Setiap baris wajib memuat nama.")})
        if len(name) > 150 or len(title) > 200:
            raise ValidationError({field_name: _("Nama paling panjang 150 karakter dan jabatan 200 karakter.")})
        cleaned.append({"name": name, "title": title})
    if limit and len(cleaned) > limit:
        raise ValidationError({field_name: _("Paling banyak %(n)s penanda tangan.") % {"n": limit}})
    return cleaned


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


# --- Labels ----------------------------------------------------------------------------------

LABEL_FIELDS = ("name", "code", "kind", "description", "order")


def _clean_label(label: AwardLabel):
    label.name = (label.name or "").strip()
    label.code = "".join(ch for ch in (label.code or "").upper() if ch.isalnum())
    if not label.name:
        raise ValidationError({"name": _("Nama penghargaan wajib diisi.")})
    if label.kind not in AwardLabelKind.values:
        raise ValidationError({"kind": _("Pilih jenis penghargaan.")})
    others = AwardLabel.objects.filter(edition=label.edition).exclude(pk=label.pk)
    if others.filter(name__iexact=label.name).exists():
        raise ValidationError({"name": _("Edisi ini sudah memiliki penghargaan “%(name)s”.") % {"name": label.name}})
    if not label.code:
        base = code = certificates.label_code_from_name(label.name)
        n = 2
        while others.filter(code=code).exists():
            code, n = f"{base[:9]}{n}", n + 1
        label.code = code
    elif others.filter(code=label.code).exists():
        raise ValidationError({"code": _("Kode %(code)s sudah dipakai penghargaan lain.") % {"code": label.code}})
    _full_clean(label, exclude=["edition"])


@transaction.atomic
def create_label(*, edition, actor, name, kind=AwardLabelKind.WINNER, description="", order=0, code="") -> AwardLabel:
    label = AwardLabel(edition=edition, name=name, kind=kind, description=description, order=order, code=code)
    _clean_label(label)
    label.save()
    record_event(actor=actor, action="award_label.create", obj=label, after=_snapshot(label, LABEL_FIELDS))
    return label


@transaction.atomic
def update_label(*, label, actor, **changes) -> AwardLabel:
    """Change name, code, kind, description or order. Serials already issued keep their old code."""
    label = AwardLabel.objects.select_for_update().get(pk=label.pk)
    unknown = set(changes) - set(LABEL_FIELDS)
    if unknown:
        raise ValueError(f"unknown label fields: {sorted(unknown)}")
    before = _snapshot(label, LABEL_FIELDS)
    for name, value in changes.items():
        setattr(label, name, value)
    _clean_label(label)
    label.save()
    record_event(
        actor=actor, action="award_label.update", obj=label, before=before, after=_snapshot(label, LABEL_FIELDS)
    )
    return label


@transaction.atomic
def delete_label(*, label, actor) -> None:
    label = AwardLabel.objects.select_for_update().get(pk=label.pk)
    if label.awards.exists():
        raise ValidationError(_("Penghargaan ini sudah diberikan; hapus dulu penerimanya."))
    record_event(actor=actor, action="award_label.delete", obj=label, before=_snapshot(label, LABEL_FIELDS))
    label.delete()


def labels_from_stages(*, edition, actor) -> list[AwardLabel]:
    """One label per award stage of the edition (Top 30, Top 45 …) that has none yet, in stage order."""
    created = []
    existing = {name.lower() for name in edition.award_labels.values_list("name", flat=True)}
    for stage in edition.stages.filter(is_award=True).exclude(label="").order_by("order"):
        if stage.label.lower() in existing:
            continue
        kind = AwardLabelKind.SHORTLIST if stage.label.lower().startswith("top ") else AwardLabelKind.WINNER
        created.append(create_label(edition=edition, actor=actor, name=stage.label, kind=kind, order=stage.order))
        existing.add(stage.label.lower())
    return created


# --- Ceremonies ------------------------------------------------------------------------------

CEREMONY_FIELDS = ("name", "held_on", "place", "presenter_name", "presenter_title", "signatories", "notes")


def _clean_ceremony(ceremony: Ceremony):
    for name in ("name", "place", "presenter_name", "presenter_title", "notes"):
        setattr(ceremony, name, (getattr(ceremony, name) or "").strip())
    if not ceremony.name:
        raise ValidationError({"name": _("Nama acara wajib diisi.")})
    if not ceremony.place:
        raise ValidationError({"place": _("Tempat acara wajib diisi.")})
    if not ceremony.held_on:
        raise ValidationError({"held_on": _("Tanggal acara wajib diisi.")})
    _check_not_before_edition(ceremony.edition, ceremony.held_on, "held_on")
    ceremony.signatories = clean_people(ceremony.signatories, field_name="signatories", limit=MAX_SIGNATORIES)
    _full_clean(ceremony, exclude=["edition"])


@transaction.atomic
def create_ceremony(
    *,
    edition,
    actor,
    name,
    held_on,
    place,
    presenter_name="",
    presenter_title="",
    signatories=(),
    notes="",
) -> Ceremony:
    ceremony = Ceremony(
        edition=edition,
        name=name,
        held_on=held_on,
        place=place,
        presenter_name=presenter_name,
        presenter_title=presenter_title,
        signatories=list(signatories),
        notes=notes,
    )
    _clean_ceremony(ceremony)
    ceremony.save()
    record_event(actor=actor, action="ceremony.create", obj=ceremony, after=_snapshot(ceremony, CEREMONY_FIELDS))
    return ceremony


@transaction.atomic
def update_ceremony(*, ceremony, actor, **changes) -> Ceremony:
    """Change the ceremony. Certificates already issued keep their PDF until regenerated."""
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    unknown = set(changes) - set(CEREMONY_FIELDS)
    if unknown:
        raise ValueError(f"unknown ceremony fields: {sorted(unknown)}")
    before = _snapshot(ceremony, CEREMONY_FIELDS)
    for name, value in changes.items():
        setattr(ceremony, name, value)
    _clean_ceremony(ceremony)
    ceremony.save()
    record_event(
        actor=actor,
        action="ceremony.update",
        obj=ceremony,
        before=before,
        after=_snapshot(ceremony, CEREMONY_FIELDS),
    )
    return ceremony


@transaction.atomic
def delete_ceremony(*, ceremony, actor) -> None:
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    if ceremony.awards.exists():
        raise ValidationError(_("Acara ini sudah dipakai penghargaan; pindahkan penghargaannya dulu."))
    record_event(actor=actor, action="ceremony.delete", obj=ceremony, before=_snapshot(ceremony, CEREMONY_FIELDS))
    ceremony.delete()


# --- Awards ----------------------------------------------------------------------------------

AWARD_FIELDS = (
    "label_id",
    "ceremony_id",
    "proposal_id",
    "innovation_id",
    "government_id",
    "agency_id",
    "recipient_name",
    "people",
    "citation",
    "rank",
    "awarded_on",
)
EDITABLE_AWARD_FIELDS = ("ceremony", "recipient_name", "people", "citation", "rank", "awarded_on")


def _check_award(award: Award):
    """Everything an award must satisfy before it is written (new or changed)."""
    edition = award.label.edition
    if award.ceremony_id and award.ceremony.edition_id != edition.pk:
        raise ValidationError({"ceremony": _("Acara ini milik edisi lain.")})
    if not award.awarded_on:
        raise ValidationError({"awarded_on": _("Tanggal penetapan wajib diisi.")})
    _check_not_before_edition(edition, award.awarded_on, "awarded_on")
    if award.rank is not None and award.rank < 1:
        raise ValidationError({"rank": _("Peringkat mulai dari 1.")})
    award.recipient_name = (award.recipient_name or "").strip()
    if not award.recipient_name:
        raise ValidationError({"recipient_name": _("Nama penerima wajib diisi.")})
    award.people = clean_people(award.people)
    award.citation = (award.citation or "").strip()
    _full_clean(award, exclude=["label", "ceremony", "proposal", "innovation", "government", "agency", "created_by"])


def _build_award(*, label, proposal=None, government=None, agency=None, **data) -> Award:
    edition = label.edition
    if proposal is not None:
        if proposal.edition_id != edition.pk:
            raise ValidationError(
                {"proposal": _("Proposal ini bukan peserta %(edition)s.") % {"edition": edition.name}}
            )
        if proposal.state in NOT_RECEIVED_STATES:
            raise ValidationError({"proposal": _("Proposal ini belum diterima panitia (masih draf atau ditarik).")})
        if Award.objects.filter(label=label, proposal=proposal).exists():
            raise ValidationError(
                {
                    "proposal": _("%(title)s sudah menerima penghargaan “%(label)s”.")
                    % {"title": proposal.title, "label": label.name}
                }
            )
        award = Award(
            label=label,
            proposal=proposal,
            innovation_id=proposal.innovation_id,
            government_id=proposal.government_id,
            agency_id=proposal.agency_id,
            **data,
        )
        award.recipient_name = (award.recipient_name or "").strip() or proposal.title
    else:
        if government is None:
            raise ValidationError({"government": _("Pilih proposal, atau pemerintah daerah penerima penghargaan.")})
        if agency is not None and agency.government_id != government.pk:
            raise ValidationError({"agency": _("Perangkat daerah ini bukan milik %(gov)s.") % {"gov": government.name}})
        award = Award(label=label, government=government, agency=agency, **data)
        award.recipient_name = (award.recipient_name or "").strip() or government.name
        if Award.objects.filter(
            label=label, proposal__isnull=True, government=government, recipient_name__iexact=award.recipient_name
        ).exists():
            raise ValidationError(
                {
                    "recipient_name": _("%(name)s sudah menerima penghargaan “%(label)s”.")
                    % {"name": award.recipient_name, "label": label.name}
                }
            )
    _check_award(award)
    return award


@transaction.atomic
def give_award(
    *,
    label,
    actor,
    awarded_on,
    proposal=None,
    government=None,
    agency=None,
    recipient_name="",
    people=(),
    citation="",
    rank=None,
    ceremony=None,
) -> Award:
    """Give `label` to a proposal (its innovation, agency and Government are filled from it) or to a
    Government or person (`government` required, `recipient_name` defaults to the Government)."""
    label = AwardLabel.objects.select_for_update(of=("self",)).select_related("edition").get(pk=label.pk)
    award = _build_award(
        label=label,
        proposal=proposal,
        government=government,
        agency=agency,
        recipient_name=recipient_name,
        people=list(people),
        citation=citation,
        rank=rank,
        awarded_on=awarded_on,
        ceremony=ceremony,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    award.save()
    record_event(actor=actor, action="award.give", obj=award, after=_snapshot(award, AWARD_FIELDS))
    return award


@transaction.atomic
def update_award(*, award, actor, **changes) -> Award:
    """Change the ceremony, printed name, people, citation, rank or date. A valid certificate is
    regenerated (same serial and code, new PDF and SHA-256); a revoked one blocks changes."""
    award = Award.objects.select_for_update(of=("self",)).select_related("label__edition").get(pk=award.pk)
    unknown = set(changes) - set(EDITABLE_AWARD_FIELDS)
    if unknown:
        raise ValueError(f"unknown award fields: {sorted(unknown)}")
    certificate = Certificate.objects.filter(award=award).first()
    if certificate and certificate.revoked_at:
        raise ValidationError(_("Sertifikat penghargaan ini sudah dicabut; penghargaannya tidak dapat diubah."))
    before = _snapshot(award, AWARD_FIELDS)
    for name, value in changes.items():
        setattr(award, name, list(value) if name == "people" else value)
    _check_award(award)
    award.save()
    record_event(actor=actor, action="award.update", obj=award, before=before, after=_snapshot(award, AWARD_FIELDS))
    if certificate:
        issue_certificate(award=award, actor=actor)
    return award


@transaction.atomic
def delete_award(*, award, actor) -> None:
    """Remove an award given by mistake. An award with a certificate cannot be removed: revoke the
    certificate instead, so the public verification page keeps telling the truth."""
    award = Award.objects.select_for_update().get(pk=award.pk)
    if Certificate.objects.filter(award=award).exists():
        raise ValidationError(_("Penghargaan ini sudah bersertifikat; cabut sertifikatnya, jangan dihapus."))
    record_event(actor=actor, action="award.delete", obj=award, before=_snapshot(award, AWARD_FIELDS))
    award.delete()


@dataclass
class StageImport:
    label: AwardLabel | None = None
    created: list = field(default_factory=list)
    skipped: int = 0


@transaction.atomic
def awards_from_stage_results(stage, label, ceremony, actor) -> StageImport:
    """Turn a published stage's results that carry a label into awards of `label`.

    Withdrawn results (upheld objections) are left out; the rank is copied; the award date is the
    day the results were published (WIB). Idempotent: a proposal that already has `label` is
    counted as skipped. With `label` None, the edition's label named like the stage's label is used,
    or created.
    """
    stage = Stage.objects.select_related("edition").get(pk=stage.pk)
    if label is None:
        if not stage.label:
            raise ValidationError({"stage": _("Tahap ini tidak memberi label.")})
        label = stage.edition.award_labels.filter(name__iexact=stage.label).first() or create_label(
            edition=stage.edition, actor=actor, name=stage.label, order=stage.order
        )
    label = AwardLabel.objects.select_for_update(of=("self",)).select_related("edition").get(pk=label.pk)
    if stage.edition_id != label.edition_id:
        raise ValidationError({"stage": _("Tahap dan penghargaan harus dari edisi yang sama.")})
    if ceremony is not None and ceremony.edition_id != label.edition_id:
        raise ValidationError({"ceremony": _("Acara ini milik edisi lain.")})
    if not stage.results_published_at:
        raise ValidationError({"stage": _("Hasil tahap ini belum diumumkan.")})
    results = list(
        stage.results.filter(withdrawn_at__isnull=True)
        .exclude(label="")
        .select_related("proposal")
        .order_by("rank", "proposal__title")
    )
    if not results:
        raise ValidationError({"stage": _("Tahap ini tidak memiliki hasil berlabel.")})
    already = set(Award.objects.filter(label=label, proposal__isnull=False).values_list("proposal_id", flat=True))
    outcome = StageImport(label=label)
    awarded_on = timezone.localdate(stage.results_published_at)
    for result in results:
        if result.proposal_id in already:
            outcome.skipped += 1
            continue
        award = _build_award(
            label=label,
            proposal=result.proposal,
            rank=result.rank,
            awarded_on=awarded_on,
            ceremony=ceremony,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        award.save()
        record_event(actor=actor, action="award.give", obj=award, after=_snapshot(award, AWARD_FIELDS))
        outcome.created.append(award)
    record_event(
        actor=actor,
        action="award.import_stage_results",
        obj=stage,
        after={"label": label.pk, "created": [a.pk for a in outcome.created], "skipped": outcome.skipped},
    )
    return outcome


# --- Certificates ----------------------------------------------------------------------------


def signatories_for(award) -> list[dict]:
    ceremony = award.ceremony
    if ceremony is not None:
        if ceremony.signatories:
            return [dict(s) for s in ceremony.signatories]
        if ceremony.presenter_name:
            return [{"name": ceremony.presenter_name, "title": ceremony.presenter_title}]
    raise ValidationError(
        _(
            "Penghargaan “%(name)s” belum memiliki penanda tangan: pilih acara penganugerahan yang mencantumkan "
            "penanda tangan atau penyerah penghargaan."
        )
        % {"name": award.recipient_name}
    )


@transaction.atomic
def issue_certificate(*, award, actor, issued_at=None) -> Certificate:
    """Create the award's certificate (serial, signatories, PDF with QR code, SHA-256), or render
    an existing valid one again with the same serial and code.

    The PDF carries the organizer body's electronic seal (`inovasi.audit.seal`). Idempotent: when
    the stored sealed PDF is intact and begins with the new drawing byte for byte, nothing is written. The old file
    of a regenerated certificate is deleted after commit. `issued_at` (default now) is only for
    loading historical certificates.
    """
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("label__edition__competition__body", "ceremony", "government", "agency")
        .get(pk=award.pk)
    )
    certificate = Certificate.objects.filter(award=award).first()
    if certificate is not None and certificate.revoked_at:
        raise ValidationError(_("Sertifikat %(serial)s sudah dicabut.") % {"serial": certificate.serial})
    signatories = signatories_for(award)
    created = certificate is None
    if created:
        label = (
            AwardLabel.objects.select_for_update(of=("self",))
            .select_related("edition__competition")
            .get(pk=award.label_id)
        )
        certificate = Certificate(
            award=award,
            serial=certificates.next_serial(label),
            issued_at=issued_at or timezone.now(),
        )
    certificate.award = award
    certificate.signatories = signatories
    drawing = certificates.render_pdf(certificate)
    if not created and certificates.is_sealed_copy_of(certificate, drawing):
        return certificate
    content = certificates.seal(drawing)
    digest = hashlib.sha256(content).hexdigest()
    old_name = certificate.pdf.name if certificate.pdf else ""
    certificate.pdf.save(certificates.pdf_filename(certificate), ContentFile(content), save=False)
    certificate.sha256 = digest
    certificate.save()
    if old_name and old_name != certificate.pdf.name:
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    record_event(
        actor=actor,
        action="certificate.issue" if created else "certificate.regenerate",
        obj=certificate,
        after={"award": award.pk, "serial": certificate.serial, "sha256": digest},
    )
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate, reason, actor) -> Certificate:
    """Revoke for good, with a public reason. The verification page then says "dicabut"."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": _("Tuliskan alasan pencabutan (minimal %(n)s karakter); alasan ini diumumkan.")
                % {"n": MIN_REASON}
            }
        )
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    record_event(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        after={"serial": certificate.serial, "reason": reason},
    )
    return certificate


def missing_certificates(edition):
    """Awards of the edition without a certificate, in print order."""
    return (
        Award.objects.filter(label__edition=edition, certificate__isnull=True)
        .select_related("label")
        .order_by("label__order", "label__name", "rank", "recipient_name", "pk")
    )


def active_batch(edition) -> CertificateBatch | None:
    return (
        CertificateBatch.objects.filter(
            edition=edition,
            state__in=(B.QUEUED, B.RUNNING),
            created_at__gte=timezone.now() - STALE_BATCH_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


def _move(batch: CertificateBatch, state: str, *, after: dict | None = None, **fields) -> None:
    transition(batch, state, machine=BATCH_MACHINE, actor=batch.requested_by, changes=fields, after=after)


def start_certificate_batch(*, edition, actor) -> CertificateBatch:
    """Queue the generation of every missing certificate of the edition (django-tasks).

    Not wrapped in a transaction: the batch row must be committed before a database worker picks
    the task up. With the immediate backend the run finishes before this returns.
    """
    from inovasi.awards.tasks import generate_certificates_task

    with transaction.atomic():
        if active_batch(edition):
            raise ValidationError(_("Pembuatan sertifikat edisi ini sedang berjalan."))
        total = missing_certificates(edition).count()
        if not total:
            raise ValidationError(_("Semua penghargaan edisi ini sudah bersertifikat."))
        batch = CertificateBatch.objects.create(
            edition=edition, total=total, requested_by=actor if getattr(actor, "pk", None) else None
        )
        record_event(actor=actor, action="certificate_batch.start", obj=batch, after={"total": total})
    generate_certificates_task.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def run_certificate_batch(*, batch_id: int) -> CertificateBatch:
    """The task's body: issue each missing certificate in its own transaction, counting progress.

    Awards that cannot get a certificate (no signatories) are skipped and listed in `error`.
    A crash marks the batch failed; certificates already issued stay (they are valid).
    """
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=batch_id)
        if batch.state != B.QUEUED:
            return batch
        awards = list(missing_certificates(batch.edition_id))
        _move(batch, B.RUNNING, total=len(awards), done=0, skipped=0)
    notes = []
    try:
        for award in awards:
            if not Certificate.objects.filter(award_id=award.pk).exists():
                try:
                    issue_certificate(award=award, actor=batch.requested_by)
                except ValidationError as exc:
                    batch.skipped += 1
                    notes.append(f"{award.recipient_name} ({award.label.name}): {' '.join(exc.messages)}")
            batch.done += 1
            CertificateBatch.objects.filter(pk=batch.pk).update(done=batch.done, skipped=batch.skipped)
    except Exception as exc:
        logger.exception("Certificate batch %s crashed", batch_id)
        with transaction.atomic():
            _move(batch, B.FAILED, finished_at=timezone.now(), error=_("Terjadi kesalahan sistem: %(e)s") % {"e": exc})
        raise
    with transaction.atomic():
        _move(
            batch,
            B.DONE,
            finished_at=timezone.now(),
            error="\n".join(notes[:100]),
            after={"done": batch.done, "skipped": batch.skipped},
        )
    return batch

"""Issuing certificates: one at a time (signatories, serial, sealed PDF), revoking one with a reason,
and the background batch that issues every missing certificate of an edition.
"""

import hashlib
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition
from inovasi.awards import certificates
from inovasi.awards.enums import BATCH_MACHINE, CertificateBatchState
from inovasi.awards.models import (
    Award,
    AwardLabel,
    Certificate,
    CertificateBatch,
)

logger = logging.getLogger(__name__)

B = CertificateBatchState
MIN_REASON = 10  # characters of a revocation reason
# A batch queued or running longer than this is taken as abandoned (its worker died).
STALE_BATCH_AFTER = timedelta(hours=1)


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
def check_revocation(certificate, reason: str) -> str:
    """The revocation rule (not yet revoked; a public reason of MIN_REASON characters): the
    cleaned reason, or a ValidationError. The check page asks it before confirming, the service again."""
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
    return reason


def revoke_certificate(*, certificate, reason, actor) -> Certificate:
    """Revoke for good, with a public reason. The verification page then says "dicabut"."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = check_revocation(certificate, reason)
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
    from inovasi.awards.tasks import generate_certificates_task  # inline: the task module imports this one (cycle)

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

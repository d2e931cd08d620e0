"""The certificate batch's states and its one transition table (moved by `audit.transitions.transition`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class CertificateBatchState(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


_B = CertificateBatchState
# from-state → {to-state: audit action}; `awards.certificates`' batch runner is the door.
BATCH_TRANSITIONS: dict[str, dict[str, str]] = {
    _B.QUEUED: {_B.RUNNING: "certificate_batch.start", _B.FAILED: "certificate_batch.fail"},
    _B.RUNNING: {_B.DONE: "certificate_batch.finish", _B.FAILED: "certificate_batch.fail"},
    _B.DONE: {},
    _B.FAILED: {},
}
BATCH_MACHINE = machine(
    "certificate_batch", BATCH_TRANSITIONS, states=CertificateBatchState, noun=_("Pembuatan sertifikat")
)

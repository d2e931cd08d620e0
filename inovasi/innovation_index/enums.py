from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class IndicatorScope(models.TextChoices):
    REGION = "region", _("Satuan pemerintahan daerah (per Pemda)")
    INNOVATION = "innovation", _("Satuan inovasi daerah (per inovasi)")
    COUNT = "count", _("Jumlah inovasi daerah (skor jumlah)")


class Predicate(models.TextChoices):
    SANGAT_INOVATIF = "sangat_inovatif", _("Sangat Inovatif")
    INOVATIF = "inovatif", _("Inovatif")
    KURANG_INOVATIF = "kurang_inovatif", _("Kurang Inovatif")
    TIDAK_DAPAT_DINILAI = "tidak_dapat_dinilai", _("Tidak Dapat Dinilai")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan untuk validasi")
    VALIDATED = "validated", _("Divalidasi")
    FINALIZED = "finalized", _("Ditetapkan")


# The one table of allowed assessment moves, {from: {to: audit action}}; the one door that checks it,
# saves and audits is `states.transition_assessment` (its guards: docs/index-methodology.md).
ALLOWED_TRANSITIONS = {
    AssessmentStatus.DRAFT: {
        AssessmentStatus.SUBMITTED: "index_assessment.submit",
    },
    AssessmentStatus.SUBMITTED: {
        AssessmentStatus.DRAFT: "index_assessment.reopen",
        AssessmentStatus.VALIDATED: "index_assessment.validated",
    },
    AssessmentStatus.VALIDATED: {
        AssessmentStatus.SUBMITTED: "index_assessment.validation_reopened",
        AssessmentStatus.DRAFT: "index_assessment.reopen",
        AssessmentStatus.FINALIZED: "index_assessment.finalize",
    },
    AssessmentStatus.FINALIZED: {
        AssessmentStatus.VALIDATED: "index_assessment.unfinalize",
    },
}
# Moved by the shared door `inovasi.audit.transitions.transition` (via states.transition_assessment).
ASSESSMENT_MACHINE = machine(
    "index_assessment", ALLOWED_TRANSITIONS, states=AssessmentStatus, noun=_("Penilaian"), field="status"
)


class ClaimValidation(models.TextChoices):
    PENDING = "pending", _("Menunggu validasi")
    ACCEPTED = "accepted", _("Diterima")
    ADJUSTED = "adjusted", _("Disesuaikan")
    REJECTED = "rejected", _("Ditolak")


class RegistrySource(models.TextChoices):
    """Facts the registry already knows, used to prefill an innovation indicator (see prefill.py)."""

    NONE = "", _("Tidak ada (diisi Pemda)")
    REPLICATIONS = "replications", _("Jumlah replikasi tercatat")
    VIDEO = "video", _("Tautan video pada bukti")
    DIGITAL = "digital", _("Jenis inovasi digital / non-digital")
    PARTNERS = "partners", _("Jumlah mitra tercatat")
    STAGE = "stage", _("Tahapan inovasi")

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class InitiatorKind(models.TextChoices):
    KEPALA_DAERAH = "kepala_daerah", _("Kepala daerah")
    ANGGOTA_DPRD = "anggota_dprd", _("Anggota DPRD")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah (OPD)")
    ASN = "asn", _("ASN")
    MASYARAKAT = "masyarakat", _("Masyarakat")


class InnovationForm(models.TextChoices):
    TATA_KELOLA = "tata_kelola", _("Inovasi tata kelola pemerintahan daerah")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Inovasi pelayanan publik")
    LAINNYA = "lainnya", _("Inovasi daerah lainnya")


class InnovationType(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    NON_DIGITAL = "non_digital", _("Non-digital")


class InnovationStage(models.TextChoices):
    INISIATIF = "inisiatif", _("Inisiatif")
    UJI_COBA = "uji_coba", _("Uji coba")
    PENERAPAN = "penerapan", _("Penerapan")


class InnovationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke Admin Pemda")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    PUBLISHED = "published", _("Terbit")
    ARCHIVED = "archived", _("Diarsipkan")


_S = InnovationStatus
# The workflow: from-status → {to-status: audit action}. Moved only by `innovations.services.transition`.
ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    _S.DRAFT: {_S.SUBMITTED: "innovation.transition"},
    _S.RETURNED: {_S.SUBMITTED: "innovation.transition"},
    _S.SUBMITTED: {_S.PUBLISHED: "innovation.transition", _S.RETURNED: "innovation.transition"},
    _S.PUBLISHED: {_S.ARCHIVED: "innovation.transition", _S.RETURNED: "innovation.transition"},
    _S.ARCHIVED: {_S.PUBLISHED: "innovation.transition"},
}
INNOVATION_MACHINE = machine(
    "innovation", ALLOWED_TRANSITIONS, states=InnovationStatus, noun=_("Inovasi"), field="status"
)
# Moves that must say why (the reason is stored in `status_reason` and shown to the operators).
REASON_REQUIRED = frozenset({(_S.SUBMITTED, _S.RETURNED), (_S.PUBLISHED, _S.RETURNED), (_S.PUBLISHED, _S.ARCHIVED)})


class AdopterKind(models.TextChoices):
    GOVERNMENT = "government", _("Pemerintah daerah")
    AGENCY = "agency", _("Perangkat daerah")
    NON_GOVERNMENT = "non_government", _("Mitra non-pemerintah")


class PartnerKind(models.TextChoices):
    """What kind of non-government partner adopted an innovation (a cafeteria, a pesantren...)."""

    BUSINESS = "business", _("Usaha / swasta")
    HEALTH = "health", _("Fasilitas kesehatan")
    EDUCATION = "education", _("Sekolah / pondok pesantren")
    RELIGIOUS = "religious", _("Lembaga keagamaan")
    COMMUNITY = "community", _("Komunitas / organisasi masyarakat")
    OTHER = "other", _("Lainnya")


class ReplicationEvidenceKind(models.TextChoices):
    SURAT_PERNYATAAN = "surat_pernyataan", _("Surat pernyataan replikasi")
    PKS = "pks", _("Perjanjian kerja sama (PKS)")
    LAINNYA = "lainnya", _("Bukti lain")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Berkas")
    VIDEO = "video", _("Tautan video")
    LINK = "link", _("Tautan lain")


# The narrative sections of an innovation, in the order of the 2023 proposal form.
NARRATIVE_SECTIONS = [
    ("summary", _("Ringkasan")),
    ("background", _("Latar belakang dan tujuan")),
    ("novelty", _("Kebaruan / nilai tambah")),
    ("implementation", _("Implementasi")),
    ("significance", _("Signifikansi")),
    ("adaptability", _("Adaptabilitas")),
    ("resources", _("Sumber daya")),
    ("sustainability", _("Strategi keberlanjutan")),
]


class CorrectableField(models.TextChoices):
    """The one whitelist of fields a published record may have corrected without reopening it.

    Each value is the `Innovation` field it writes; `innovations.corrections` reads and parses them.
    The agency's public contact is not here: it belongs to the agency (Admin Pemda edits it on the
    agency page, which does not touch publication).
    """

    NAME = "name", _("Nama inovasi")
    ACRONYM_EXPANSION = "acronym_expansion", _("Kepanjangan akronim")
    STARTED_ON = "started_on", _("Mulai diterapkan")


# Fields a competition's eligibility reads (`competitions.checks.eligibility_failures`): an approved
# correction to one of them flags the proposals of the innovation for their organizers.
ELIGIBILITY_FIELDS = frozenset({CorrectableField.STARTED_ON})


class CorrectionState(models.TextChoices):
    PROPOSED = "proposed", _("Menunggu keputusan Admin Pemda")
    APPROVED = "approved", _("Disetujui dan diterapkan")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik pengusul")


_C = CorrectionState
# A correction to a published record: proposed by its managers, decided once by the Admin Pemda.
# Every end state is final (a new correction is proposed instead). Moved only by `innovations.corrections`.
CORRECTION_TRANSITIONS: dict[str, dict[str, str]] = {
    _C.PROPOSED: {
        _C.APPROVED: "innovation_correction.approve",
        _C.REJECTED: "innovation_correction.reject",
        _C.WITHDRAWN: "innovation_correction.withdraw",
    },
    _C.APPROVED: {},
    _C.REJECTED: {},
    _C.WITHDRAWN: {},
}
CORRECTION_MACHINE = machine("innovation_correction", CORRECTION_TRANSITIONS, states=CorrectionState, noun=_("Koreksi"))

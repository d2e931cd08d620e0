from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inovasi.audit.transitions import machine


class StageKind(models.TextChoices):
    ADMINISTRATIVE_CHECK = "administrative_check", _("Seleksi administrasi")
    DESK_EVALUATION = "desk_evaluation", _("Evaluasi proposal")
    OBJECTION_WINDOW = "objection_window", _("Masa sanggah publik")
    PRESENTATION = "presentation", _("Presentasi dan wawancara")
    FIELD_VERIFICATION = "field_verification", _("Verifikasi lapangan")
    FINAL_DECISION = "final_decision", _("Penetapan")


class CapUnit(models.TextChoices):
    """Whose entries a cap counts."""

    PROVINCIAL_AGENCY = "provincial_agency", _("per perangkat daerah provinsi")
    REGENCY_CITY = "regency_city", _("per pemerintah kabupaten/kota")
    BUMD = "bumd", _("per BUMD")
    GOVERNMENT = "government", _("per instansi (pemerintah daerah)")


class AttachmentKind(models.TextChoices):
    PDF = "pdf", _("Berkas PDF")
    LINK = "link", _("Tautan (misalnya video)")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draf operator")
    AWAITING_APPROVAL = "awaiting_approval", _("Menunggu persetujuan Admin Pemda")
    RETURNED_TO_OPERATOR = "returned_to_operator", _("Dikembalikan ke operator")
    SUBMITTED = "submitted", _("Diterima panitia")
    WITHDRAWN = "withdrawn", _("Ditarik")
    PASSED_ADMIN = "passed_admin", _("Lolos seleksi administrasi")
    RETURNED_BY_CHECK = "returned_by_check", _("Tidak lolos seleksi administrasi")
    SHORTLISTED = "shortlisted", _("Masuk daftar pendek")
    ELIMINATED = "eliminated", _("Gugur")


class ObjectionState(models.TextChoices):
    OPEN = "open", _("Menunggu tindak lanjut")
    UPHELD = "upheld", pgettext_lazy("sanggahan", "Diterima")
    REJECTED = "rejected", _("Ditolak")


_P = ProposalState
# from-state → {to-state: audit action}. The only moves a proposal can make (`services.transition`).
PROPOSAL_TRANSITIONS: dict[str, dict[str, str]] = {
    _P.DRAFT: {_P.AWAITING_APPROVAL: "proposal.send_to_admin", _P.WITHDRAWN: "proposal.withdraw"},
    _P.AWAITING_APPROVAL: {
        _P.SUBMITTED: "proposal.submit",
        _P.RETURNED_TO_OPERATOR: "proposal.return_to_operator",
        _P.WITHDRAWN: "proposal.withdraw",
    },
    _P.RETURNED_TO_OPERATOR: {_P.AWAITING_APPROVAL: "proposal.send_to_admin", _P.WITHDRAWN: "proposal.withdraw"},
    _P.SUBMITTED: {
        _P.PASSED_ADMIN: "proposal.pass_admin_check",
        _P.RETURNED_BY_CHECK: "proposal.return_by_admin_check",
        _P.WITHDRAWN: "proposal.withdraw",
    },
    _P.RETURNED_BY_CHECK: {_P.DRAFT: "proposal.reopen", _P.PASSED_ADMIN: "proposal.pass_admin_check"},
    _P.WITHDRAWN: {_P.DRAFT: "proposal.reopen"},
    _P.PASSED_ADMIN: {_P.SHORTLISTED: "proposal.shortlist", _P.ELIMINATED: "proposal.eliminate"},
    _P.SHORTLISTED: {_P.ELIMINATED: "proposal.eliminate"},
    _P.ELIMINATED: {},
}
PROPOSAL_MACHINE = machine("proposal", PROPOSAL_TRANSITIONS, states=ProposalState, noun=_("Proposal"))

# An objection is decided once: upheld (the proposal leaves the list) or rejected (`shortlists.resolve_objection`).
OBJECTION_TRANSITIONS: dict[str, dict[str, str]] = {
    ObjectionState.OPEN: {ObjectionState.UPHELD: "objection.resolve", ObjectionState.REJECTED: "objection.resolve"},
    ObjectionState.UPHELD: {},
    ObjectionState.REJECTED: {},
}
OBJECTION_MACHINE = machine("objection", OBJECTION_TRANSITIONS, states=ObjectionState, noun=_("Sanggahan"))


class DisqualificationSource(models.TextChoices):
    """Where a disqualification was decided."""

    VERIFICATION = "verification", _("Verifikasi lapangan")
    OBJECTION = "objection", _("Sanggahan yang diterima")
    ADMINISTRATIVE_CHECK = "administrative_check", _("Seleksi administrasi")

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class Policy(models.TextChoices):
    """How a field verification stage feeds the final decision."""

    GATE = "gate", _("Gerbang: hanya yang terkonfirmasi boleh lolos")
    WEIGHTED = "weighted", _("Berbobot: nilai verifikasi masuk ke nilai akhir")


class VisitState(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    SUBMITTED = "submitted", _("Dikirim, menunggu panitia")
    ACCEPTED = "accepted", _("Diterima panitia")
    CANCELLED = "cancelled", _("Dibatalkan")


_V = VisitState
# from-state → {to-state: audit action}. The only moves a visit can make (`services.transition`).
VISIT_TRANSITIONS: dict[str, dict[str, str]] = {
    _V.PLANNED: {_V.IN_PROGRESS: "visit.start", _V.CANCELLED: "visit.cancel"},
    _V.IN_PROGRESS: {_V.SUBMITTED: "visit.submit", _V.CANCELLED: "visit.cancel"},
    _V.SUBMITTED: {_V.ACCEPTED: "visit.accept", _V.IN_PROGRESS: "visit.return"},
    _V.ACCEPTED: {},
    _V.CANCELLED: {},
}
VISIT_MACHINE = machine("visit", VISIT_TRANSITIONS, states=VisitState, noun=_("Kunjungan"))


class Met(models.TextChoices):
    """Whether one checklist item was found to be met on site."""

    YES = "yes", _("Ya")
    PARTLY = "partly", _("Sebagian")
    NO = "no", _("Tidak")


class Recommendation(models.TextChoices):
    CONFIRM = "confirm", _("Konfirmasi")
    ADJUST = "adjust", _("Konfirmasi dengan penyesuaian")
    DISQUALIFY = "disqualify", _("Diskualifikasi")

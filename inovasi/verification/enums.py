from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Met(models.TextChoices):
    """Whether one checklist item was found to be met on site."""

    YES = "yes", _("Ya")
    PARTLY = "partly", _("Sebagian")
    NO = "no", _("Tidak")


class Recommendation(models.TextChoices):
    CONFIRM = "confirm", _("Konfirmasi")
    ADJUST = "adjust", _("Konfirmasi dengan penyesuaian")
    DISQUALIFY = "disqualify", _("Diskualifikasi")

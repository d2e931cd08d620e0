from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (.csv)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu antrean")
    RUNNING = "running", _("Sedang diproses")
    SUCCEEDED = "succeeded", _("Berhasil")
    FAILED = "failed", _("Gagal, tidak ada data yang disimpan")


# The only moves an import job may make; `ImportJob.move_to` refuses anything else.
ALLOWED_TRANSITIONS = {
    ImportStatus.PENDING: {ImportStatus.RUNNING, ImportStatus.FAILED},
    ImportStatus.RUNNING: {ImportStatus.SUCCEEDED, ImportStatus.FAILED},
    ImportStatus.SUCCEEDED: set(),
    ImportStatus.FAILED: set(),
}

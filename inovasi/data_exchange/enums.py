from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (.csv)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu antrean")
    RUNNING = "running", _("Sedang diproses")
    SUCCEEDED = "succeeded", _("Berhasil")
    FAILED = "failed", _("Gagal, tidak ada data yang disimpan")


_I = ImportStatus
# from-status → {to-status: audit action}; `services.move_job` is the one door.
ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    _I.PENDING: {_I.RUNNING: "import.start", _I.FAILED: "import.fail"},
    _I.RUNNING: {_I.SUCCEEDED: "import.succeed", _I.FAILED: "import.fail"},
    _I.SUCCEEDED: {},
    _I.FAILED: {},
}
IMPORT_MACHINE = machine("import_job", ALLOWED_TRANSITIONS, states=ImportStatus, noun=_("Impor"), field="status")

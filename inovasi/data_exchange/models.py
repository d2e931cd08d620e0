"""Import jobs: one uploaded spreadsheet of innovations, validated whole and written all or nothing."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.accounts.rules import is_admin_of_government, is_system_admin
from inovasi.data_exchange.enums import ImportFormat, ImportStatus

INDEX_PATIENCE = timedelta(minutes=15)


def import_upload_to(instance, filename):
    # The original name is kept in `original_name`; the stored name is not guessable.
    return f"imports/{instance.government_id}/{uuid.uuid4().hex}.{instance.format}"


class ImportJobQuerySet(models.QuerySet):
    def of_government(self, government):
        return self.filter(government=government)

    def visible_to(self, user, government):
        """Jobs of `government` the user may open: all for its admins, their own for operators."""
        jobs = self.of_government(government)
        if is_system_admin(user) or is_admin_of_government(user, government):
            return jobs
        return jobs.filter(created_by=user)

    def for_list(self):
        return self.select_related("created_by").order_by("-created_at", "-id")


def storable(value):
    """Error reports quote the uploaded cells; PostgreSQL's JSON cannot hold a NUL character (SQLite
    can), so a NUL is shown as "␀" instead of crashing the job."""
    if isinstance(value, str):
        return value.replace("\x00", "␀")
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {key: storable(item) for key, item in value.items()}
    return value


class ImportJob(models.Model):
    """One upload of innovations into a Pemda's registry, run in the background.

    `errors` holds the row report as a list of `{"row": int | None, "column": str, "message": str}`
    (row None is a problem with the file itself). `processed_rows` counts validated rows so the job
    page can show progress; `created_count` is set only when the whole file has been written.
    `indexed_at` is set once the new innovations are in the search index (derived data, built in
    short transactions after the write commits).
    """

    government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengunggah"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("berkas"), upload_to=import_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    sha256 = models.CharField(max_length=64)
    publish = models.BooleanField(_("langsung terbit"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    created_count = models.PositiveIntegerField(_("inovasi dibuat"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah galat"), default=0)
    errors = models.JSONField(_("galat"), default=list, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("masuk indeks pencarian"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor inovasi")
        verbose_name_plural = _("impor inovasi")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}

    @property
    def is_indexing(self) -> bool:
        """Written, but the search index is still catching up (the catalog shows them once indexed)."""
        return self.status == ImportStatus.SUCCEEDED and self.indexed_at is None

    @property
    def index_overdue(self) -> bool:
        """Indexing should take minutes; past INDEX_PATIENCE something failed (see the worker log)."""
        return self.is_indexing and self.finished_at is not None and timezone.now() - self.finished_at > INDEX_PATIENCE

    @property
    def polls(self) -> bool:
        return not self.is_finished or (self.is_indexing and not self.index_overdue)

    @property
    def progress_percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

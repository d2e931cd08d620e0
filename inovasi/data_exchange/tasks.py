"""Background work of the import: one task per uploaded file."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from inovasi.data_exchange.enums import ImportStatus
from inovasi.data_exchange.models import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> dict:
    """Run an import job; an unexpected crash marks it failed (nothing was written) and re-raises."""
    from inovasi.data_exchange.services import (  # inline: services enqueue this task (cycle)
        move_job,
        run_import,
    )

    job = ImportJob.objects.select_related("government", "created_by").get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return {"status": job.status, "created": job.created_count}
    try:
        run_import(job=job)
    except Exception:
        logger.exception("Import job %s crashed", job_id)
        job.refresh_from_db()
        if not job.is_finished:
            message = _("Terjadi kesalahan sistem saat memproses berkas; tidak ada data yang disimpan.")
            move_job(
                job,
                ImportStatus.FAILED,
                errors=[{"row": None, "column": "", "reason": message, "message": message}],
                error_count=1,
            )
        raise
    return {"status": job.status, "created": job.created_count}

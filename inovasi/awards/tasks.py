"""Background award work (django-tasks; the immediate backend in development and tests)."""

from django_tasks import task

from inovasi.awards import issuance


@task()
def generate_certificates_task(batch_id: int) -> dict:
    """Generate the missing certificates of one edition, updating the batch's progress."""
    batch = issuance.run_certificate_batch(batch_id=batch_id)
    return {"state": batch.state, "done": batch.done, "skipped": batch.skipped, "total": batch.total}

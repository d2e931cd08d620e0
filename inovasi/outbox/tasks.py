"""Outbox delivery on the task queue (django-tasks; the immediate backend in development and tests)."""

from django_tasks import task

from inovasi.outbox import services


@task()
def deliver_mail_task(mail_id: int) -> str | None:
    mail = services.deliver(mail_id)
    return mail.state if mail else None

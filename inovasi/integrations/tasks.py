"""Webhook delivery on the task queue (django-tasks; the immediate backend in development and tests)."""

from django_tasks import task

from inovasi.integrations import webhooks


@task()
def deliver_webhook_task(delivery_id: int) -> str | None:
    delivery = webhooks.deliver(delivery_id)
    return delivery.state if delivery else None

"""Mail through an outbox.

`queue_mail` writes one `OutgoingMail` row per recipient inside the caller's transaction, and after
commit hands each row to the task queue. `deliver` sends one row: a success marks it sent; a
failure counts the attempt, keeps the error and schedules the next try with a growing delay
(`OUTBOX_BACKOFF_SECONDS`); after the last delay the row is failed and shows up for system admins,
who can `retry` it. A periodic `manage.py send_queued_mail` sends whatever is due, so a lost task or
a backend without delayed tasks (the immediate one) never strands a row.

Subjects are plain text: whitespace runs (newlines included, which SMTP headers refuse) become one
space, and the result is cut to 255 characters.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from inovasi.audit.services import record_event
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail


def plain_subject(subject) -> str:
    return " ".join(str(subject).split())[:255]


def render_subject(template_name: str, context: dict) -> str:
    """Render a `*_subject.txt` template as plain text (autoescape off: a title with & stays &)."""
    template = get_template(template_name).template
    return plain_subject(template.render(Context(context, autoescape=False)))


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text mail body: autoescape off, since text/plain has no HTML to protect."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def queue_mail(*, to, subject, body: str, html: str = "", from_email: str = "") -> list[OutgoingMail]:
    """Queue one message per distinct recipient; delivery is enqueued after the transaction commits.

    `to` is one address or an iterable of addresses; empty ones are skipped.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = sorted({address.strip() for address in recipients if address and address.strip()})
    if not recipients:
        return []
    now = timezone.now()
    rows = OutgoingMail.objects.bulk_create(
        OutgoingMail(
            to=address,
            subject=plain_subject(subject),
            body=body,
            html=html,
            from_email=from_email,
            next_attempt_at=now,
        )
        for address in recipients
    )
    ids = [row.pk for row in rows]  # bulk_create returns primary keys on SQLite and PostgreSQL
    transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _enqueue(ids, run_after=None):
    from inovasi.outbox.tasks import deliver_mail_task  # inline: tasks imports this module (cycle)

    task = deliver_mail_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic sweep picks it up when it is due
        task = task.using(run_after=run_after)
    for pk in ids:
        task.enqueue(pk)


def _backoff() -> list[int]:
    return list(getattr(settings, "OUTBOX_BACKOFF_SECONDS", [60, 300, 1800, 7200]))


def deliver(mail_id: int) -> OutgoingMail | None:
    """Send one queued row (claimed first, so two workers never send it twice)."""
    claimed = OutgoingMail.objects.filter(pk=mail_id, state=MailState.QUEUED).update(
        state=MailState.SENDING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(mail.subject, mail.body, mail.from_email or settings.DEFAULT_FROM_EMAIL, [mail.to])
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    mail.attempts += 1
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        delays = _backoff()
        if mail.attempts > len(delays):
            mail.state, mail.next_attempt_at = MailState.FAILED, None
        else:
            mail.state = MailState.QUEUED
            mail.next_attempt_at = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
        mail.save(update_fields=["state", "attempts", "last_error", "next_attempt_at", "updated_at"])
        if mail.state == MailState.QUEUED:
            _enqueue([mail.pk], run_after=mail.next_attempt_at)
        return mail
    mail.state, mail.sent_at, mail.next_attempt_at = MailState.SENT, timezone.now(), None
    mail.save(update_fields=["state", "attempts", "sent_at", "next_attempt_at", "updated_at"])
    return mail


def send_due(now=None, limit: int = 500) -> int:
    """Send queued rows that are due; returns how many were tried. Rows stuck in `sending` for an
    hour (a worker that died mid-send) are put back in the queue first."""
    now = now or timezone.now()
    OutgoingMail.objects.filter(state=MailState.SENDING, updated_at__lt=now - timedelta(hours=1)).update(
        state=MailState.QUEUED, next_attempt_at=now
    )
    ids = list(OutgoingMail.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        deliver(pk)
    return len(ids)


@transaction.atomic
def retry(*, mails, actor) -> int:
    """Put failed (or still queued) rows back in the queue now; audited. Sent rows are left alone."""
    rows = list(
        OutgoingMail.objects.select_for_update().filter(
            pk__in=[m.pk for m in mails], state__in=[MailState.FAILED, MailState.QUEUED]
        )
    )
    now = timezone.now()
    for mail in rows:
        before = {"state": mail.state, "attempts": mail.attempts}
        mail.state, mail.attempts, mail.next_attempt_at = MailState.QUEUED, 0, now
        mail.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
        record_event(actor=actor, action="outbox.retry", obj=mail, before=before, after={"state": mail.state})
    ids = [m.pk for m in rows]
    transaction.on_commit(lambda: _enqueue(ids))
    return len(rows)

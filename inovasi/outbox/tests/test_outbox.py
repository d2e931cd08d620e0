"""Mail through the outbox: rows in the change's transaction, sent after commit, retried, never lost."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inovasi.accounts.models import User
from inovasi.audit.models import AuditEvent
from inovasi.innovations import services as innovations
from inovasi.innovations.tests.builders import make_innovation
from inovasi.outbox import services
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

REFUSING = "inovasi.outbox.tests.test_outbox.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("451 coba lagi nanti")


@pytest.fixture(autouse=True)
def backoff(settings):
    settings.OUTBOX_BACKOFF_SECONDS = [60, 300]
    settings.EMAIL_BACKEND = LOCMEM


def test_a_queued_mail_is_a_row_per_recipient_and_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.queue_mail(to=["b@uji.test", "a@uji.test", "", "a@uji.test"], subject="Halo", body="Isi")
        assert [(r.to, r.state) for r in rows] == [("a@uji.test", "queued"), ("b@uji.test", "queued")]
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["a@uji.test"], ["b@uji.test"]]
    assert list(OutgoingMail.objects.order_by("to").values_list("state", "attempts")) == [("sent", 1), ("sent", 1)]


def test_a_change_that_rolls_back_leaves_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.queue_mail(to="a@uji.test", subject="Halo", body="Isi")
        raise RuntimeError("the change failed")
    assert (OutgoingMail.objects.count(), len(mail.outbox)) == (0, 0)


def test_a_refusing_smtp_server_leaves_the_row_queued_then_failed_and_a_retry_sends_it(
    settings, cast, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = services.queue_mail(to="a@uji.test", subject="Halo", body="Isi")
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == ("queued", 1, "SMTPException: 451 coba lagi nanti")
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=59)

    # Not due yet: the sweep leaves it; due: tried again, then given up after the last delay.
    assert services.send_due() == 0
    assert services.send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 2)
    services.send_due(now=timezone.now() + timedelta(minutes=10))
    row.refresh_from_db()
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 3, None)

    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry(mails=[row], actor=cast.system_admin) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.sent_at is not None) == ("sent", 1, True)
    assert [m.to for m in mail.outbox] == [["a@uji.test"]]
    event = AuditEvent.objects.get(action="outbox.retry")
    assert (event.before, event.after) == ({"state": "failed", "attempts": 3}, {"state": "queued"})


def test_a_sent_row_is_never_sent_twice():
    (row,) = services.queue_mail(to="a@uji.test", subject="Halo", body="Isi")
    assert services.deliver(row.pk).state == MailState.SENT
    assert services.deliver(row.pk) is None
    assert len(mail.outbox) == 1


def test_the_periodic_command_sends_what_is_due(capsys):
    services.queue_mail(to="a@uji.test", subject="Halo", body="Isi")  # no commit hook ran: still queued
    call_command("send_queued_mail")
    assert capsys.readouterr().out == "1 surel dicoba.\n"
    assert OutgoingMail.objects.get().state == MailState.SENT


def test_a_subject_is_one_plain_line():
    assert services.plain_subject("Inovasi diajukan: SI\nJAHAT\r\n  & <b>") == "Inovasi diajukan: SI JAHAT & <b>"
    assert len(services.plain_subject("x" * 400)) == 255


def test_a_newline_in_an_innovation_name_does_not_break_submitting_and_the_mail_goes_out(
    cast, django_capture_on_commit_callbacks
):
    innovation = make_innovation(cast, name="Among Tani\nCrop & Co", evidence=True)
    with django_capture_on_commit_callbacks(execute=True):
        innovations.submit_innovation(innovation=innovation, actor=cast.operator_a)
    innovation.refresh_from_db()
    assert innovation.status == "submitted"
    expected = [(["admin.a@uji.test"], "Inovasi diajukan: Among Tani Crop & Co")]
    assert [(m.to, m.subject) for m in mail.outbox] == expected


def test_superusers_see_failed_mail_and_retry_it_in_django_admin(client, cast, settings):
    """System admins use `workspace:system_outbox` (tested in inovasi/workspace/tests)."""
    row = OutgoingMail.objects.create(
        to="a@uji.test", subject="Gagal terkirim", body="Isi", state=MailState.FAILED, attempts=5, last_error="x"
    )
    url = reverse("admin:outbox_outgoingmail_changelist")
    for refused in (cast.organizer, cast.system_admin):
        client.force_login(refused)
        assert client.get(url).status_code == 302  # the admin site refuses everyone but superusers
    client.force_login(User.objects.create_superuser("root@uji.test", "x", full_name="Operator Teknis"))
    page = client.get(url, {"state__exact": "failed"})
    assert page.status_code == 200
    assert "Gagal terkirim" in page.content.decode()
    response = client.post(url, {"action": "retry_selected", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 0)

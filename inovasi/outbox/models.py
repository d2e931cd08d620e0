"""Every e-mail the site sends is first a row here, written in the transaction of the change it
reports, so a crash or an SMTP outage can delay a notification but never lose it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.outbox.enums import MailState


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now):
        """Queued rows whose next attempt is due (what the periodic sweep sends)."""
        return self.filter(state=MailState.QUEUED, next_attempt_at__lte=now)


class OutgoingMail(models.Model):
    """One message to one recipient. `attempts` counts tries; `last_error` keeps the last refusal."""

    to = models.EmailField(_("kepada"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=255)
    body = models.TextField(_("isi"))
    html = models.TextField(_("isi HTML"), blank=True)
    from_email = models.CharField(_("pengirim"), max_length=254, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("surel keluar")
        verbose_name_plural = _("surel keluar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"

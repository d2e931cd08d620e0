"""API tokens and webhook endpoints of a Pemda or an organizer body, and every webhook delivery.

A token's secret is shown once and stored only as its SHA-256 (the secret is 32 random bytes, so a
plain digest is enough; nothing to stretch). A token acts as the user who created it, limited to its
scopes, and stops working when that user no longer holds the role over its owner.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.integrations.enums import DeliveryState, Event, OwnerKind


class OwnedQuerySet(models.QuerySet):
    def of_owner(self, owner):
        if owner.kind == OwnerKind.GOVERNMENT:
            return self.filter(government_id=owner.pk)
        return self.filter(organizer_body_id=owner.pk)


class Owned(models.Model):
    """Belongs to exactly one Pemda or one organizer body."""

    government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("Pemda"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organizer_body = models.ForeignKey(
        "organisations.OrganizerBody",
        verbose_name=_("penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def owner_kind(self) -> str:
        return OwnerKind.GOVERNMENT if self.government_id else OwnerKind.ORGANIZER_BODY

    @property
    def owner(self):
        return self.government or self.organizer_body


_ONE_OWNER = Q(government__isnull=False, organizer_body__isnull=True) | Q(
    government__isnull=True, organizer_body__isnull=False
)


class ApiToken(Owned):
    name = models.CharField(_("nama"), max_length=120)
    prefix = models.CharField(_("awalan"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("cakupan"), default=list)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=_ONE_OWNER, name="api_token_one_owner")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class WebhookEndpoint(Owned):
    url = models.URLField(_("alamat URL"), max_length=500)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    events = models.JSONField(_("peristiwa"), default=list)
    secret = models.CharField(_("rahasia penandatangan"), max_length=80)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("titik webhook")
        verbose_name_plural = _("titik webhook")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=_ONE_OWNER, name="webhook_endpoint_one_owner")]

    def __str__(self):
        return self.url


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)


class WebhookDelivery(models.Model):
    """One event for one endpoint: written in the transaction of the change, sent after it."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("peristiwa"), max_length=40, choices=Event.choices)
    event_id = models.CharField(_("ID peristiwa"), max_length=40)
    payload = models.JSONField(_("isi"))
    state = models.CharField(_("status"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("kode jawaban"), null=True, blank=True)
    response_body = models.TextField(_("isi jawaban"), blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    delivered_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id}"

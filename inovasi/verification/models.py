"""Field verification: the organizer's plan per stage, visits, their team, findings and photos.

Builds on `competitions` (Stage of kind field verification, its `ChecklistItem`s as the checklist,
Proposal); nothing there is changed. A `VerificationPlan` holds the organizer's policy for one stage
(a gate, or a weighted score). A `Visit` is one planned trip to one proposal's site with its team
(`VisitMember`, exactly one lead) and carries the report: `Finding`s per checklist item,
beneficiaries met, `VisitPhoto`s (checked by content, SHA-256 and EXIF recorded) and the
recommendation. `state` changes only through `verification.services.transition`; `version` is the
optimistic lock that stops two team members from overwriting each other's report.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inovasi.verification.enums import Met, Policy, Recommendation, VisitState


class VerificationPlan(models.Model):
    """The organizer's choices for one field verification stage.

    GATE: a proposal passes only if its accepted report recommends confirmation (and, when
    `adjust_passes`, confirmation with adjustments). WEIGHTED: the report's verification score
    (0–100) counts for `weight` percent of the final score; a disqualification still blocks.
    """

    stage = models.OneToOneField(
        "competitions.Stage", on_delete=models.CASCADE, related_name="verification_plan", verbose_name=_("tahap")
    )
    policy = models.CharField(_("kebijakan hasil"), max_length=20, choices=Policy.choices, default=Policy.GATE)
    weight = models.DecimalField(
        _("bobot nilai verifikasi (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    adjust_passes = models.BooleanField(
        _("rekomendasi “konfirmasi dengan penyesuaian” tetap lolos"),
        default=True,
        help_text=_("Hanya untuk kebijakan gerbang."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rencana verifikasi lapangan")
        verbose_name_plural = _("rencana verifikasi lapangan")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="verification_plan_weight_range"
            ),
        ]

    def __str__(self):
        return f"{self.stage} — {self.get_policy_display()}"


class VisitQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(state=VisitState.CANCELLED)

    def with_related(self):
        return self.select_related(
            "stage",
            "stage__edition",
            "stage__edition__competition",
            "stage__edition__competition__body",
            "proposal",
            "proposal__government",
            "proposal__agency",
        )

    def of_member(self, user):
        return self.filter(members__user=user)


class Visit(models.Model):
    """One field visit to one proposal's site in one stage, and the team's report of it."""

    stage = models.ForeignKey(
        "competitions.Stage", verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="visits"
    )
    proposal = models.ForeignKey(
        "competitions.Proposal", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="visits"
    )
    visit_date = models.DateField(_("tanggal kunjungan"))
    address = models.CharField(_("alamat lokasi"), max_length=300)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=30, blank=True)
    state = models.CharField(
        _("status"), max_length=20, choices=VisitState.choices, default=VisitState.PLANNED, db_index=True
    )
    state_reason = models.TextField(_("alasan status"), blank=True)
    # The report.
    beneficiaries_met = models.PositiveIntegerField(_("penerima manfaat yang ditemui (orang)"), null=True, blank=True)
    beneficiaries_note = models.TextField(_("catatan penerima manfaat"), blank=True)
    recommendation = models.CharField(_("rekomendasi"), max_length=20, choices=Recommendation.choices, blank=True)
    reasons = models.TextField(_("alasan rekomendasi"), blank=True)
    score = models.DecimalField(
        _("nilai verifikasi (0–100)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    version = models.PositiveIntegerField(_("versi laporan"), default=1)
    report_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_updated_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["visit_date", "proposal__title", "pk"]
        verbose_name = _("kunjungan lapangan")
        verbose_name_plural = _("kunjungan lapangan")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "proposal"],
                condition=~Q(state=VisitState.CANCELLED),
                name="visit_one_live_per_proposal",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="visit_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="visit_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="visit_score_range"
            ),
        ]
        indexes = [models.Index(fields=["stage", "state"])]

    def __str__(self):
        return f"{self.proposal} — {self.visit_date:%d-%m-%Y}"


class VisitMember(models.Model):
    """A member of a visit's team: a verifier or an organizer of the edition's body."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="visit_memberships"
    )
    is_lead = models.BooleanField(_("ketua tim"), default=False)

    class Meta:
        ordering = ["-is_lead", "user__full_name", "pk"]
        verbose_name = _("anggota tim kunjungan")
        verbose_name_plural = _("anggota tim kunjungan")
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="visit_member_unique"),
            models.UniqueConstraint(fields=["visit"], condition=Q(is_lead=True), name="visit_one_lead"),
        ]

    def __str__(self):
        return f"{self.user} ({self.visit_id})"


class Finding(models.Model):
    """What the team found for one checklist item of the stage."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        "competitions.ChecklistItem", verbose_name=_("butir periksa"), on_delete=models.CASCADE, related_name="+"
    )
    met = models.CharField(_("terpenuhi"), max_length=10, choices=Met.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["item__order", "item__pk"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="finding_one_per_item")]

    def __str__(self):
        return f"{self.item_id}: {self.met}"


def photo_upload_to(instance, filename):
    return f"verification/{instance.visit.stage_id}/{instance.visit_id}/{filename}"


def thumbnail_upload_to(instance, filename):
    return f"verification/{instance.visit.stage_id}/{instance.visit_id}/kecil/{filename}"


class VisitPhoto(models.Model):
    """A photo taken on site: an image checked by content, stored unchanged with its SHA-256 and the
    EXIF time, place and camera read from it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("berkas"), upload_to=photo_upload_to, max_length=255)
    # A small JPEG without metadata for screens (phones on a slow connection); the original is kept.
    thumbnail = models.FileField(_("gambar kecil"), upload_to=thumbnail_upload_to, max_length=255, blank=True)
    caption = models.CharField(_("keterangan foto"), max_length=300, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(_("waktu pengambilan (EXIF)"), null=True, blank=True)
    taken_at_raw = models.CharField(_("waktu EXIF apa adanya"), max_length=40, blank=True)
    gps_latitude = models.DecimalField(_("lintang (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_longitude = models.DecimalField(_("bujur (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    camera = models.CharField(_("kamera (EXIF)"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("foto kunjungan")
        verbose_name_plural = _("foto kunjungan")

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def has_gps(self) -> bool:
        return self.gps_latitude is not None and self.gps_longitude is not None

"""Awards: the labels an edition gives, the ceremony where they are handed over, the recipients, and
the certificates whose QR code opens a public verification page.

An `AwardLabel` is data per edition ("Top 30", "Top Inovasi Terpuji", "Outstanding Achievement",
"Replikasi terbaik" …). An `Award` gives one label to one recipient: normally a proposal (and so its
innovation, agency and Government), but a Government or a person can be honoured on their own.
A `Certificate` is the printable proof of one award; its public code is a signed token
(`django.core.signing`), so a tampered or invented code never verifies.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.awards.enums import CertificateBatchState


class AwardLabelKind(models.TextChoices):
    SHORTLIST = "shortlist", _("Daftar pendek (misalnya Top 30, Top 45)")
    WINNER = "winner", _("Pemenang")
    SPECIAL = "special", _("Penghargaan khusus")


class AwardLabel(models.Model):
    edition = models.ForeignKey(
        "competitions.Edition", verbose_name=_("edisi"), on_delete=models.CASCADE, related_name="award_labels"
    )
    name = models.CharField(_("nama penghargaan"), max_length=120)
    code = models.CharField(
        _("kode pada nomor sertifikat"),
        max_length=12,
        blank=True,
        help_text=_("Huruf dan angka, misalnya TIT untuk Top Inovasi Terpuji. Kosongkan agar dibuat dari nama."),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=AwardLabelKind.choices, default=AwardLabelKind.WINNER)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        verbose_name = _("label penghargaan")
        verbose_name_plural = _("label penghargaan")
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="award_label_unique_name"),
            models.UniqueConstraint(
                fields=["edition", "code"], condition=~models.Q(code=""), name="award_label_unique_code"
            ),
        ]

    def __str__(self):
        return self.name


class Ceremony(models.Model):
    """Where and when awards are handed over, and who hands them over."""

    edition = models.ForeignKey(
        "competitions.Edition", verbose_name=_("edisi"), on_delete=models.CASCADE, related_name="ceremonies"
    )
    name = models.CharField(_("nama acara"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    presenter_name = models.CharField(_("diserahkan oleh"), max_length=150, blank=True)
    presenter_title = models.CharField(_("jabatan penyerah"), max_length=200, blank=True)
    signatories = models.JSONField(
        _("penanda tangan sertifikat"),
        default=list,
        blank=True,
        help_text=_("[{name, title}] sesuai urutan cetak; kosong = penyerah penghargaan yang menandatangani."),
    )
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["edition", "held_on", "pk"]
        verbose_name = _("acara penganugerahan")
        verbose_name_plural = _("acara penganugerahan")

    def __str__(self):
        return f"{self.name} ({self.held_on:%d-%m-%Y})"


class Award(models.Model):
    """One label given to one recipient. `government` is always set (denormalised for region pages)."""

    label = models.ForeignKey(
        AwardLabel, verbose_name=_("penghargaan"), on_delete=models.PROTECT, related_name="awards"
    )
    ceremony = models.ForeignKey(
        Ceremony,
        verbose_name=_("acara"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    proposal = models.ForeignKey(
        "competitions.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name=_("inovasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    government = models.ForeignKey(
        "organisations.Government", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="awards"
    )
    agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    recipient_name = models.CharField(
        _("nama penerima"),
        max_length=250,
        help_text=_("Nama yang tercetak di sertifikat, misalnya judul inovasi atau nama pemerintah daerah."),
    )
    people = models.JSONField(
        _("orang yang dihargai"), default=list, blank=True, help_text=_("Daftar nama (dan jabatan) yang disebut.")
    )
    citation = models.TextField(_("kutipan penghargaan"), blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    awarded_on = models.DateField(_("tanggal penetapan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label__edition", "label__order", "rank", "recipient_name"]
        verbose_name = _("penghargaan")
        verbose_name_plural = _("penghargaan")
        constraints = [
            models.UniqueConstraint(
                fields=["label", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="award_one_label_per_proposal",
            )
        ]
        indexes = [models.Index(fields=["government", "awarded_on"]), models.Index(fields=["innovation"])]

    def __str__(self):
        return f"{self.label}: {self.recipient_name}"

    @property
    def edition(self):
        return self.label.edition


class Certificate(models.Model):
    """The printable proof of one award. `serial` is human-readable; `public_id` goes into the signed QR token."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="certificate")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    serial = models.CharField(_("nomor sertifikat"), max_length=60, unique=True)
    signatories = models.JSONField(
        _("penanda tangan"), default=list, help_text=_("[{name, title}] sesuai urutan cetak.")
    )
    pdf = models.FileField(_("berkas PDF"), upload_to="certificates/%Y/", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["serial"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self):
        return self.serial


class CertificateBatch(models.Model):
    """Bulk generation of an edition's certificates in the background, with progress."""

    edition = models.ForeignKey("competitions.Edition", on_delete=models.CASCADE, related_name="certificate_batches")
    state = models.CharField(max_length=10, choices=CertificateBatchState.choices, default=CertificateBatchState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pembuatan sertifikat massal")
        verbose_name_plural = _("pembuatan sertifikat massal")

    def __str__(self):
        return f"{self.edition_id} {self.state} {self.done}/{self.total}"

    @property
    def issued(self) -> int:
        return self.done - self.skipped

    @property
    def is_running(self) -> bool:
        return self.state in (CertificateBatchState.QUEUED, CertificateBatchState.RUNNING)

"""The innovation registry: every competition and every index is built from these records."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.innovations.enums import (
    AdopterKind,
    CorrectableField,
    CorrectionState,
    EvidenceKind,
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationStatus,
    InnovationType,
    PartnerKind,
    ReplicationEvidenceKind,
)


class GovernmentAffair(models.Model):
    """A government affair (urusan pemerintahan) in the Permendagri 90/2019 nomenclature.

    The six basic-service affairs (`is_basic_service`) matter for the innovation index.
    """

    code = models.CharField(_("kode"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    group = models.CharField(_("kelompok"), max_length=60)
    is_basic_service = models.BooleanField(_("pelayanan dasar"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("urusan pemerintahan")
        verbose_name_plural = _("urusan pemerintahan")

    def __str__(self):
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 SDGs (Tujuan Pembangunan Berkelanjutan)."""

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("tujuan SDGs")
        verbose_name_plural = _("tujuan SDGs")

    def __str__(self):
        return f"{self.number}. {self.name}"


class InnovationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=InnovationStatus.PUBLISHED)

    def of_government(self, government):
        return self.filter(government=government)

    def with_owner(self):
        return self.select_related("agency", "government", "government__region", "government__region__parent")


class Innovation(models.Model):
    """A regional innovation as its Pemda records it, current year's content.

    `government` is always the owning agency's Government (kept for fast filtering). Earlier years'
    content is frozen in `InnovationVersion`. The workflow (`status`) changes only through
    `innovations.services`. A draft may leave the classification empty; `submit_innovation`
    checks completeness.
    """

    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="innovations"
    )
    government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="innovations",
        editable=False,
    )
    name = models.CharField(_("nama inovasi"), max_length=200)
    acronym_expansion = models.CharField(
        _("kepanjangan akronim"),
        max_length=255,
        blank=True,
        help_text=_('Misalnya BAKSO SAKERA = "Sehat Nikmat Menggugah Selera".'),
    )
    initiator_kind = models.CharField(_("inisiator"), max_length=20, choices=InitiatorKind.choices, blank=True)
    form = models.CharField(_("bentuk inovasi"), max_length=20, choices=InnovationForm.choices, blank=True)
    type = models.CharField(_("jenis inovasi"), max_length=20, choices=InnovationType.choices, blank=True)
    stage = models.CharField(_("tahapan"), max_length=20, choices=InnovationStage.choices, blank=True)
    affairs = models.ManyToManyField(
        GovernmentAffair, verbose_name=_("urusan pemerintahan"), blank=True, related_name="innovations"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("SDGs"), blank=True, related_name="innovations"
    )
    started_on = models.DateField(_("mulai diterapkan"), null=True, blank=True)
    started_year_only = models.BooleanField(
        _("hanya tahunnya yang diketahui"),
        default=False,
        help_text=_('Centang bila sumber hanya menyebut tahun ("sejak 2021"); tanggal lengkap tidak ditampilkan.'),
    )
    year = models.PositiveSmallIntegerField(_("tahun data"))

    summary = models.TextField(_("ringkasan"), blank=True)
    background = models.TextField(_("latar belakang dan tujuan"), blank=True)
    novelty = models.TextField(_("kebaruan / nilai tambah"), blank=True)
    implementation = models.TextField(_("implementasi"), blank=True)
    significance = models.TextField(_("signifikansi"), blank=True)
    adaptability = models.TextField(_("adaptabilitas"), blank=True)
    resources = models.TextField(_("sumber daya"), blank=True)
    sustainability = models.TextField(_("strategi keberlanjutan"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=InnovationStatus.choices, default=InnovationStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(
        _("alasan status"), blank=True, help_text=_("Alasan pengembalian atau pengarsipan.")
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = InnovationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")
        indexes = [
            models.Index(fields=["government", "status"]),
            models.Index(fields=["status", "year"]),
            models.Index(fields=["started_on"]),
            # The workspace list, most recently changed first (`innovations_for_user`, `-updated_at,
            # -pk`): without it a system admin's national list sorted every row on each page
            # (PostgreSQL, 20,600 innovations: 140 ms and an 11 MB on-disk sort; with it 0.3 ms).
            models.Index(fields=["-updated_at", "-id"], name="innovation_recent_first"),
            # "id IN (published innovations)" subqueries (API replications and its count, region
            # statistics) read the ids from this index alone instead of the whole wide table
            # (PostgreSQL, 20,600 innovations: 4,062 heap pages → an index-only scan, 153 → 28 ms).
            models.Index(fields=["status", "id"], name="innovation_status_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.agency_id and not self.government_id:
            self.government_id = self.agency.government_id
        super().save(*args, **kwargs)


class InnovationVersion(models.Model):
    """The frozen content of an innovation for one earlier year (a JSON snapshot of the record)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="versions")
    year = models.PositiveSmallIntegerField(_("tahun"))
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["innovation", "year"], name="one_version_per_year")]

    def __str__(self):
        return f"{self.innovation} ({self.year})"


class InnovationPerson(models.Model):
    """A named person behind an innovation ("Anita Resky DS, Pelaksana Sanitarian")."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("nama"), max_length=150)
    role = models.CharField(_("peran / jabatan"), max_length=150, blank=True)
    is_initiator = models.BooleanField(_("inisiator"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="named_in_innovations"
    )

    class Meta:
        ordering = ["-is_initiator", "name"]
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


class Partner(models.Model):
    """A partner in carrying out the innovation (PKK, BLH, a university, a company)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nama mitra"), max_length=200)
    role = models.CharField(_("peran"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")

    def __str__(self):
        return self.name


class Result(models.Model):
    """A measurable result with its year and unit ("nilai transaksi Rp109,6 miliar, 2024")."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="results")
    metric = models.CharField(_("ukuran"), max_length=200)
    value = models.DecimalField(_("nilai"), max_digits=20, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=40, help_text=_('Misalnya "Rp", "orang", "ton", "%".'))
    year = models.PositiveSmallIntegerField(_("tahun"))
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "metric"]
        verbose_name = _("hasil terukur")
        verbose_name_plural = _("hasil terukur")

    def __str__(self):
        return f"{self.metric}: {self.value} {self.unit} ({self.year})"


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.innovation.government_id}/{instance.innovation_id}/{filename}"


class Evidence(models.Model):
    """A supporting file or link. Private evidence is visible only to the Pemda and the juries."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("jenis"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to, blank=True, max_length=255)
    url = models.URLField(_("tautan"), blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    is_public = models.BooleanField(_("boleh dilihat publik"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self):
        return self.title


class Recognition(models.Model):
    """An award won outside this system (GATRA Awards 2022; the STBM award from Kemenkes)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="recognitions")
    name = models.CharField(_("nama penghargaan"), max_length=200)
    giver = models.CharField(_("pemberi"), max_length=200)
    category = models.CharField(_("kategori"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    awarded_on = models.DateField(_("tanggal"), null=True, blank=True)
    url = models.URLField(_("tautan"), blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("penghargaan luar")
        verbose_name_plural = _("penghargaan luar")

    def __str__(self):
        return f"{self.name} ({self.year})"


class Replication(models.Model):
    """Another Pemda, agency or a non-government partner adopted the innovation.

    Recorded by a replication statement or a cooperation agreement (PKS) from the adopter naming
    the source innovation.
    """

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("inovasi sumber"), on_delete=models.CASCADE, related_name="replications"
    )
    adopter_kind = models.CharField(_("jenis pereplikasi"), max_length=20, choices=AdopterKind.choices)
    adopter_government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications_adopted",
    )
    adopter_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications_adopted",
    )
    adopter_name = models.CharField(
        _("nama pereplikasi"), max_length=200, help_text=_("Untuk mitra non-pemerintah, misalnya Kantin RSUD Bangil.")
    )
    adopter_innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("inovasi hasil replikasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replicated_from",
    )
    partner_kind = models.CharField(
        _("jenis mitra"),
        max_length=20,
        choices=PartnerKind.choices,
        blank=True,
        help_text=_("Untuk mitra non-pemerintah."),
    )
    # Where the adopter is: the adopting Pemda's region, or the region a partner named for itself.
    # Kept on every edge (filled by the services) so the spread and the province matrix are one query.
    adopter_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah pereplikasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications_adopted",
    )
    year = models.PositiveSmallIntegerField(
        _("tahun replikasi"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    adopted_on = models.DateField(_("tanggal replikasi"), null=True, blank=True)
    evidence_kind = models.CharField(_("jenis bukti"), max_length=20, choices=ReplicationEvidenceKind.choices)
    evidence_file = models.FileField(_("berkas bukti"), upload_to="replications/", blank=True, max_length=255)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["adopted_on", "adopter_name"]
        verbose_name = _("replikasi")
        verbose_name_plural = _("replikasi")
        # The API's newest-first list (`adopted_on DESC NULLS LAST, id`) has an index created by
        # migration 0005 in SQL: PostgreSQL needs NULLS LAST in it, which SQLite refuses in an index.

    def __str__(self):
        return f"{self.innovation} → {self.adopter_name}"


class ReplicationFlow(models.Model):
    """Replications of published innovations counted from one province to another: one cell of the
    national matrix, kept exact by the replication services (see `innovations.replication_flows`)."""

    origin_province = models.ForeignKey(
        "regions.Region", verbose_name=_("provinsi asal"), on_delete=models.CASCADE, related_name="+"
    )
    # None: the adopter named no region (partners recorded before regions were asked).
    adopter_province = models.ForeignKey(
        "regions.Region",
        verbose_name=_("provinsi pereplikasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("jumlah replikasi"), default=0)
    latest_year = models.PositiveSmallIntegerField(_("tahun replikasi terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("arus replikasi")
        verbose_name_plural = _("arus replikasi")
        constraints = [
            models.UniqueConstraint(fields=["origin_province", "adopter_province"], name="replication_flow_cell"),
            # NULLs are distinct in a unique index: one "no region" cell per origin needs its own.
            models.UniqueConstraint(
                fields=["origin_province"],
                condition=models.Q(adopter_province=None),
                name="replication_flow_cell_no_region",
            ),
        ]

    def __str__(self):
        return f"{self.origin_province_id} → {self.adopter_province_id}: {self.count}"


class NarrativeGuide(models.Model):
    """The guiding question shown above one narrative section of the record (editable data).

    Seeded in the style of the KIPP proposal guide; an Admin may reword it in the Django admin
    without a release. `field` is one of the eight narrative fields (`enums.NARRATIVE_SECTIONS`).
    """

    field = models.CharField(_("bagian"), max_length=30, unique=True)
    question = models.CharField(_("pertanyaan panduan"), max_length=300)
    hint = models.CharField(_("contoh atau petunjuk"), max_length=300, blank=True)

    class Meta:
        ordering = ["field"]
        verbose_name = _("panduan narasi")
        verbose_name_plural = _("panduan narasi")

    def __str__(self):
        return self.question


class InnovationCorrection(models.Model):
    """A small correction to a published record (a typo, a missing start date), decided by the Admin Pemda.

    The record stays in the catalog throughout. Proposed by its managers, approved (the value is
    written to the record, audited before/after) or rejected by the Admin Pemda, or withdrawn by its
    proposer; `state` moves only through `innovations.corrections` (`enums.CORRECTION_MACHINE`).
    Values are stored as text: a date as YYYY-MM-DD, a year-only start as YYYY.
    """

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("data yang dikoreksi"), max_length=30, choices=CorrectableField.choices)
    old_value = models.TextField(_("nilai lama"), blank=True)
    new_value = models.TextField(_("nilai baru"), blank=True)
    reason = models.TextField(_("alasan koreksi"))
    state = models.CharField(
        _("status"), max_length=20, choices=CorrectionState.choices, default=CorrectionState.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pengusul")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pemutus"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("koreksi inovasi")
        verbose_name_plural = _("koreksi inovasi")
        constraints = [
            # One open correction per field of a record: a second would decide against a stale value.
            models.UniqueConstraint(
                fields=["innovation", "field"],
                condition=models.Q(state=CorrectionState.PROPOSED),
                name="one_open_correction_per_field",
            )
        ]

    def __str__(self):
        return f"{self.innovation} · {self.get_field_display()}"

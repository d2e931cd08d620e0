"""The regional innovation index (IID): its yearly methodology, the Pemda's claims, computed results.

Everything that changes from one round to the next is a row here, never a branch in code: the
indicators, their weights and parameter options, the divisor d of MAX(d, n), the innovation-count
rule, the predicate thresholds, the reporting window and the submission window.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.innovation_index.enums import (
    AssessmentStatus,
    ClaimValidation,
    IndicatorScope,
    Predicate,
    RegistrySource,
)
from inovasi.regions.enums import RegionLevel

SCORE = {"max_digits": 9, "decimal_places": 2}
POINTS = {"max_digits": 12, "decimal_places": 4}


class IndexFrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(results_published_at__isnull=False)


class IndexFramework(models.Model):
    """The methodology of one index round (one year), owned by an organizer body (BSKDN).

    IID = (SPD + SID) / max_score × 100 where SPD = Σ region indicator points, SID = Σ over counted
    innovations of their innovation indicator points / MAX(divisor_min, n) + the count score
    (min(n, count_cap) × count_factor, zero unless `count_min_basic_affairs` basic-service affairs
    are covered). Checked for consistency by `methodology.check_framework` whenever it is saved
    through the services.
    """

    year = models.PositiveSmallIntegerField(_("tahun penilaian"), unique=True)
    name = models.CharField(_("nama"), max_length=200)
    organizer_body = models.ForeignKey(
        "organisations.OrganizerBody",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="index_frameworks",
    )
    source_note = models.TextField(_("sumber angka"), blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("disalin dari"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporting_year_from = models.PositiveSmallIntegerField(_("inovasi dilaporkan dari tahun"))
    reporting_year_to = models.PositiveSmallIntegerField(_("inovasi dilaporkan sampai tahun"))
    submission_opens_at = models.DateTimeField(_("pengisian dibuka"))
    submission_closes_at = models.DateTimeField(_("pengisian ditutup"))
    parameter_min = models.PositiveSmallIntegerField(_("nilai parameter terendah"), default=1)
    parameter_max = models.PositiveSmallIntegerField(_("nilai parameter tertinggi"), default=3)
    max_score = models.DecimalField(_("skor maksimum"), **SCORE)
    divisor_min = models.PositiveSmallIntegerField(_("pembagi minimum d pada MAX(d, n)"))
    count_cap = models.PositiveIntegerField(_("batas jumlah inovasi yang dihitung"))
    count_factor = models.DecimalField(_("faktor skor jumlah inovasi"), max_digits=6, decimal_places=3)
    count_min_basic_affairs = models.PositiveSmallIntegerField(
        _("jumlah minimal urusan pelayanan dasar yang tercakup"), default=6
    )
    threshold_sangat_inovatif = models.DecimalField(_("batas bawah Sangat Inovatif"), **SCORE)
    threshold_inovatif = models.DecimalField(_("batas bawah Inovatif"), **SCORE)
    threshold_kurang_inovatif = models.DecimalField(_("batas bawah Kurang Inovatif"), **SCORE)
    nominees_per_cluster = models.PositiveSmallIntegerField(_("jumlah nomine per klaster"), default=10)
    computed_at = models.DateTimeField(_("terakhir dihitung"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("hasil diumumkan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndexFrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("metodologi indeks")
        verbose_name_plural = _("metodologi indeks")

    def __str__(self):
        return self.name

    @property
    def reporting_years(self) -> range:
        return range(self.reporting_year_from, self.reporting_year_to + 1)

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.submission_opens_at <= at <= self.submission_closes_at

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class IndexAspect(models.Model):
    """An aspect (Satuan Pemerintahan Daerah / Satuan Inovasi Daerah) with its declared share."""

    framework = models.ForeignKey(IndexFramework, on_delete=models.CASCADE, related_name="aspects")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=150)
    weight_percent = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "order"], name="index_aspect_order_unique")]

    def __str__(self):
        return self.name


class IndexVariable(models.Model):
    aspect = models.ForeignKey(IndexAspect, on_delete=models.CASCADE, related_name="variables")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=150)

    class Meta:
        ordering = ["aspect__order", "order"]

    def __str__(self):
        return self.name


class IndexIndicator(models.Model):
    """One numbered indicator. Row points = weight × the chosen option's value.

    The single COUNT-scope indicator has no options: its points come from the framework's count
    rule. A mandatory innovation indicator must have a value for the innovation to be counted.
    """

    framework = models.ForeignKey(IndexFramework, on_delete=models.CASCADE, related_name="indicators")
    variable = models.ForeignKey(IndexVariable, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    scope = models.CharField(_("lingkup"), max_length=12, choices=IndicatorScope.choices)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=2, default=0)
    is_mandatory = models.BooleanField(_("wajib"), default=False)
    registry_source = models.CharField(
        _("diisi otomatis dari registri"), max_length=20, choices=RegistrySource.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="index_indicator_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class IndexParameterOption(models.Model):
    """A parameter option of an indicator: its value (1–3 by default) and the evidence it requires."""

    indicator = models.ForeignKey(IndexIndicator, on_delete=models.CASCADE, related_name="options")
    value = models.PositiveSmallIntegerField(_("nilai"))
    label = models.CharField(_("parameter"), max_length=255)
    evidence_required = models.CharField(_("bukti yang diperlukan"), max_length=255, blank=True)

    class Meta:
        ordering = ["indicator", "value"]
        constraints = [models.UniqueConstraint(fields=["indicator", "value"], name="index_option_value_unique")]

    def __str__(self):
        return f"{self.value} — {self.label}"


class IndexAssessmentQuerySet(models.QuerySet):
    def of_framework(self, framework):
        return self.filter(framework=framework)


class IndexAssessment(models.Model):
    """One Pemda's self-assessment for one framework: its claims and their validation."""

    framework = models.ForeignKey(IndexFramework, on_delete=models.PROTECT, related_name="assessments")
    government = models.ForeignKey(
        "organisations.Government", on_delete=models.PROTECT, related_name="index_assessments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    validated_at = models.DateTimeField(_("divalidasi"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("ditetapkan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndexAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "government__region__code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "government"], name="index_assessment_unique"),
        ]

    def __str__(self):
        return f"{self.government} — {self.framework}"


def claim_upload_to(instance, filename):
    return f"index/{instance.assessment.framework.year}/{instance.assessment.government_id}/{filename}"


class IndexClaim(models.Model):
    """A claimed parameter for one indicator (and, for innovation indicators, one innovation).

    `claimed_value` / `validated_value` copy the chosen options' values so the index can be summed
    in SQL. Changing the option or the evidence resets the validation to pending.
    """

    assessment = models.ForeignKey(IndexAssessment, on_delete=models.CASCADE, related_name="claims")
    indicator = models.ForeignKey(IndexIndicator, on_delete=models.PROTECT, related_name="claims")
    innovation = models.ForeignKey(
        "innovations.Innovation", null=True, blank=True, on_delete=models.CASCADE, related_name="index_claims"
    )
    option = models.ForeignKey(IndexParameterOption, on_delete=models.PROTECT, related_name="+")
    claimed_value = models.PositiveSmallIntegerField()
    evidence_file = models.FileField(_("berkas bukti"), upload_to=claim_upload_to, blank=True, max_length=255)
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_size = models.PositiveBigIntegerField(null=True, blank=True)
    evidence_content_type = models.CharField(max_length=40, blank=True)
    prefilled_from = models.CharField(max_length=20, blank=True, choices=RegistrySource.choices)
    validation = models.CharField(
        _("validasi"), max_length=10, choices=ClaimValidation.choices, default=ClaimValidation.PENDING
    )
    validated_option = models.ForeignKey(
        IndexParameterOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_value = models.PositiveSmallIntegerField(null=True, blank=True)
    validation_reason = models.TextField(_("alasan"), blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: bumped by `set_claim` and `validate_claim`; 0 in a form means "no claim yet".
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                condition=Q(innovation__isnull=True),
                name="index_claim_region_unique",
            ),
            models.UniqueConstraint(
                fields=["assessment", "indicator", "innovation"],
                condition=Q(innovation__isnull=False),
                name="index_claim_innovation_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "validation"]),
            # The validator's queue: one Pemda's claims of one verdict in queue order (validation.QUEUE_ORDER).
            models.Index(
                fields=["assessment", "validation", "indicator", "innovation"], name="index_claim_queue_order"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} = {self.claimed_value}"


class RegionIndexQuerySet(models.QuerySet):
    def published(self):
        return self.filter(framework__results_published_at__isnull=False)

    def with_region(self):
        return self.select_related("government", "government__region", "government__region__parent", "framework")

    def ranked(self):
        return self.order_by("cluster", "rank", "government__region__code")


class RegionIndex(models.Model):
    """The computed index of one Pemda for one framework (claimed and validated), with its rank."""

    framework = models.ForeignKey(IndexFramework, on_delete=models.CASCADE, related_name="results")
    government = models.ForeignKey("organisations.Government", on_delete=models.PROTECT, related_name="indices")
    cluster = models.CharField(_("klaster"), max_length=10, choices=RegionLevel.choices)
    province_code = models.CharField(max_length=5, db_index=True)
    innovations_reported = models.PositiveIntegerField(default=0)
    innovations_counted = models.PositiveIntegerField(default=0)
    basic_affairs_covered = models.PositiveSmallIntegerField(default=0)
    spd_claimed = models.DecimalField(**POINTS, default=0)
    sid_claimed = models.DecimalField(**POINTS, default=0)
    count_claimed = models.DecimalField(**POINTS, default=0)
    iid_claimed = models.DecimalField(**SCORE, default=0)
    predicate_claimed = models.CharField(max_length=20, choices=Predicate.choices)
    spd = models.DecimalField(_("skor SPD"), **POINTS, default=0)
    sid = models.DecimalField(_("skor SID"), **POINTS, default=0)
    count_score = models.DecimalField(_("skor jumlah inovasi"), **POINTS, default=0)
    iid = models.DecimalField(_("indeks"), **SCORE, default=0)
    predicate = models.CharField(_("predikat"), max_length=20, choices=Predicate.choices)
    rank = models.PositiveIntegerField(_("peringkat dalam klaster"), null=True, blank=True)
    is_nominee = models.BooleanField(_("nomine"), default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = RegionIndexQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "cluster", "rank"]
        constraints = [models.UniqueConstraint(fields=["framework", "government"], name="region_index_unique")]
        indexes = [models.Index(fields=["framework", "cluster", "rank"])]

    def __str__(self):
        return f"{self.government} {self.framework.year}: {self.iid}"


class FrozenRegionBreakdown(models.Model):
    """A published region's breakdown, stored when the year's results are published.

    `data` holds everything the public page, the dashboard and the API show for the region (the
    indicator values and points, each innovation's sum, the counts, the divisor and the framework's
    formula inputs) so that a change to the registry after publication changes nothing there.
    `sha256` is the content hash of `data` (`freezing.content_hash`), checked on every read.
    """

    framework = models.ForeignKey(IndexFramework, on_delete=models.CASCADE, related_name="frozen_breakdowns")
    government = models.ForeignKey(
        "organisations.Government", on_delete=models.PROTECT, related_name="frozen_index_breakdowns"
    )
    data = models.JSONField()
    sha256 = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rincian indeks yang dibekukan")
        verbose_name_plural = _("rincian indeks yang dibekukan")
        constraints = [
            models.UniqueConstraint(fields=["framework", "government"], name="frozen_breakdown_unique"),
        ]

    def __str__(self):
        return f"{self.government} {self.framework.year} {self.sha256[:12]}"


class FrozenIndexYear(models.Model):
    """The published year's summary behind the public dashboard (innovations by stage and by
    affair per province), stored at publication with its content hash."""

    framework = models.OneToOneField(IndexFramework, on_delete=models.CASCADE, related_name="frozen_year")
    data = models.JSONField()
    sha256 = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ringkasan tahun indeks yang dibekukan")
        verbose_name_plural = _("ringkasan tahun indeks yang dibekukan")

    def __str__(self):
        return f"{self.framework.year} {self.sha256[:12]}"


class ValidatorAssignment(models.Model):
    """Which validator checks one Pemda's claims in one round (at most one validator per Pemda).

    Written only by `validation.assign_validators` (audited `index_validator.assign` per Pemda with
    the validator before and after). A validator who is not an organizer of the round's body sees
    and decides only the claims of the Pemda assigned here (`rules.is_validator_of_assessment`).
    """

    framework = models.ForeignKey(IndexFramework, on_delete=models.CASCADE, related_name="validator_assignments")
    government = models.ForeignKey("organisations.Government", on_delete=models.PROTECT, related_name="+")
    validator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validator"),
        on_delete=models.PROTECT,
        related_name="index_validator_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penugasan validator")
        verbose_name_plural = _("penugasan validator")
        constraints = [
            models.UniqueConstraint(fields=["framework", "government"], name="index_validator_one_per_pemda"),
        ]
        indexes = [models.Index(fields=["framework", "validator"])]

    def __str__(self):
        return f"{self.framework.year} {self.government_id} → {self.validator_id}"

"""Judging: jurors, conflicts of interest, assignments, scorecards and frozen stage closures.

Builds on `competitions` (Edition, Stage, Criterion, Proposal); nothing here duplicates those.
Per scored stage, `StageJudging` holds the organizer's choices (jurors per proposal, aggregation,
anonymity, declared tie-breaks). A `Scorecard` is one juror's scores for one proposal in one stage,
so a later stage never overwrites an earlier one. Closing a stage writes a `StageClosure` with the
ranking frozen as canonical JSON and its SHA-256, and the minutes ("berita acara") as PDF.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.judging.enums import ScorecardState  # re-exported: the app and its migrations import it here


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Rata-rata")
    MEDIAN = "median", _("Median")
    TRIMMED_MEAN = "trimmed_mean", _("Rata-rata terpangkas")
    ZSCORE = "zscore", _("Normalisasi z-score per juri")


class ConflictKind(models.TextChoices):
    AUTOMATIC = "automatic", _("Otomatis")
    DECLARED = "declared", _("Dinyatakan juri")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Otomatis")
    MANUAL = "manual", _("Manual")
    CSV = "csv", _("Impor CSV")
    REPLACEMENT = "replacement", _("Pengganti")


class Juror(models.Model):
    """A juror's record in one organizer body: affiliation, home Government/Agency (for conflicts)
    and expertise. The same person may serve two bodies with two records; a record counts only while
    its user holds an active Juri membership of that body (`judging.rules.juror_of`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_records")
    body = models.ForeignKey(
        "organisations.OrganizerBody", verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="jurors"
    )
    name = models.CharField(_("nama"), max_length=150)
    affiliation = models.CharField(_("afiliasi"), max_length=200, blank=True)
    home_government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah asal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("perangkat daerah asal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expertise = models.ManyToManyField(
        "innovations.GovernmentAffair", verbose_name=_("keahlian (urusan)"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("juri")
        verbose_name_plural = _("juri")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="juror_one_per_body")]

    def __str__(self):
        return self.name


class Panel(models.Model):
    """The jurors serving an edition, or one stage of it."""

    edition = models.ForeignKey("competitions.Edition", on_delete=models.CASCADE, related_name="panels")
    stage = models.ForeignKey(
        "competitions.Stage", null=True, blank=True, on_delete=models.CASCADE, related_name="panels"
    )
    name = models.CharField(_("nama panel"), max_length=150)
    jurors = models.ManyToManyField(Juror, verbose_name=_("juri"), blank=True, related_name="panels")

    class Meta:
        ordering = ["edition", "name", "pk"]
        verbose_name = _("panel juri")
        verbose_name_plural = _("panel juri")
        constraints = [
            # One panel per stage and one edition-wide panel: saving a panel twice updates it.
            models.UniqueConstraint(
                fields=["edition", "stage"], condition=models.Q(stage__isnull=False), name="panel_one_per_stage"
            ),
            models.UniqueConstraint(
                fields=["edition"], condition=models.Q(stage__isnull=True), name="panel_one_per_edition"
            ),
        ]

    def __str__(self):
        return self.name


class Conflict(models.Model):
    """A conflict of interest between a juror and a proposal.

    Automatic conflicts are detected (home Government/Agency owns the innovation, or the juror is a
    named person on it); declared ones come from the juror. Only the organizer waives one, with a
    reason. An unwaived conflict bars seeing, being assigned to and scoring the proposal.
    """

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey("competitions.Proposal", on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("jenis"), max_length=20, choices=ConflictKind.choices)
    reason = models.CharField(_("alasan"), max_length=300)
    waived_reason = models.TextField(_("alasan pengecualian"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["juror", "proposal", "pk"]
        verbose_name = _("konflik kepentingan")
        verbose_name_plural = _("konflik kepentingan")
        constraints = [models.UniqueConstraint(fields=["juror", "proposal", "kind"], name="conflict_unique")]

    def __str__(self):
        return f"{self.juror} × {self.proposal_id}: {self.reason}"


class StageJudging(models.Model):
    """The organizer's judging choices for one scored stage."""

    stage = models.OneToOneField("competitions.Stage", on_delete=models.CASCADE, related_name="judging")
    jurors_per_proposal = models.PositiveSmallIntegerField(_("juri per proposal (k)"), default=3)
    aggregation = models.CharField(
        _("cara agregasi"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    trim_fraction = models.DecimalField(_("porsi dipangkas tiap sisi"), max_digits=3, decimal_places=2, default=0.2)
    anonymise = models.BooleanField(_("sembunyikan identitas pengusul"), default=False)
    tie_breaks = models.JSONField(
        _("urutan pemecah nilai seri"),
        default=list,
        blank=True,
        help_text=_('Daftar, misalnya ["criterion:kebaruan", "submitted_at"].'),
    )

    class Meta:
        verbose_name = _("pengaturan penjurian")
        verbose_name_plural = _("pengaturan penjurian")

    def __str__(self):
        return str(self.stage)


class VersionedQuerySet(models.QuerySet):
    """Bulk writes of scorecards and assignments bump the stages' ranking versions
    (`judging.versions`): they send no per-row signal, and a cached ranking must not outlive them."""

    def _stage_ids(self):
        return set(self.order_by().values_list("stage_id", flat=True).distinct())

    def update(self, **kwargs):
        stage_ids = self._stage_ids()
        written = super().update(**kwargs)
        _announce(stage_ids, self.db)
        return written

    def delete(self):
        stage_ids = self._stage_ids()
        result = super().delete()
        _announce(stage_ids, self.db)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        _announce({obj.stage_id for obj in objs}, self.db)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        written = super().bulk_update(objs, *args, **kwargs)
        _announce({obj.stage_id for obj in objs}, self.db)
        return written


def _announce(stage_ids, using):
    from inovasi.judging import versions  # inline: versions imports this module (cycle)

    for stage_id in stage_ids:
        versions.changed(stage_id=stage_id, using=using)


class VersionedModel(models.Model):
    """A stage-scoped row whose deletion bumps its stage's ranking version (saves do through
    `judging.signals`). Not via post_delete: a receiver would stop Django's fast bulk delete."""

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _announce({self.stage_id}, kwargs.get("using") or self._state.db or "default")
        return result


class Assignment(VersionedModel):
    """A juror assigned to a proposal in a stage. A replacement (source `replacement`) names the
    juror it stands in for and why, so the minutes can list it."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey("competitions.Proposal", on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(max_length=20, choices=AssignmentSource.choices, default=AssignmentSource.AUTOMATIC)
    replaces = models.ForeignKey(
        Juror, verbose_name=_("menggantikan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replacement_reason = models.CharField(_("alasan penggantian"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage", "proposal", "juror"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(fields=["stage", "juror", "proposal"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.juror} → {self.proposal_id}"


class Scorecard(VersionedModel):
    """One juror's scores (criterion code → value) and comment for one proposal in one stage."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="scorecards")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scorecards")
    proposal = models.ForeignKey("competitions.Proposal", on_delete=models.CASCADE, related_name="scorecards")
    values = models.JSONField(_("nilai per kriteria"), default=dict)
    comment = models.TextField(_("catatan"), blank=True)
    state = models.CharField(max_length=20, choices=ScorecardState.choices, default=ScorecardState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock (see `judging.services.save_scorecard`); 0 in a form means "no card yet".
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        ordering = ["stage", "proposal", "juror"]
        verbose_name = _("lembar nilai")
        verbose_name_plural = _("lembar nilai")
        constraints = [models.UniqueConstraint(fields=["stage", "juror", "proposal"], name="scorecard_unique")]

    def __str__(self):
        return f"{self.juror} / {self.proposal_id} / {self.stage_id}"


def minutes_upload_to(instance, filename):
    return f"judging/{instance.stage_id}/{filename}"


class StageClosure(models.Model):
    """A frozen ranking of a stage: canonical JSON, its SHA-256, and the minutes PDF."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="closures")
    ranking = models.JSONField()
    sha256 = models.CharField(max_length=64)
    minutes = models.FileField(upload_to=minutes_upload_to, max_length=255, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField()
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-closed_at", "-pk"]
        verbose_name = _("penutupan tahap")
        verbose_name_plural = _("penutupan tahap")
        constraints = [
            # Closing twice (double click, two organizers) can never freeze two rankings.
            models.UniqueConstraint(
                fields=["stage"], condition=models.Q(reopened_at__isnull=True), name="closure_one_open_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.stage} {self.sha256[:12]}"


class PresentationSlot(models.Model):
    """A proposal's presentation and interview: time (stored UTC, shown WIB), room or online link."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="slots")
    proposal = models.ForeignKey("competitions.Proposal", on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    room = models.CharField(_("ruang"), max_length=150, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    # Closed by the chair (see `judging.presentation.close_slot`): no more panel scores after it.
    closed_at = models.DateTimeField(_("ditutup ketua panel"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["stage", "starts_at", "pk"]
        verbose_name = _("jadwal presentasi")
        verbose_name_plural = _("jadwal presentasi")
        constraints = [models.UniqueConstraint(fields=["stage", "proposal"], name="slot_one_per_proposal")]

    def __str__(self):
        return f"{self.proposal_id} @ {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        from inovasi.judging.schedule import window_error  # inline: schedule imports this module (cycle)

        if self.stage_id and (error := window_error(self.stage, self.starts_at, self.ends_at)):
            raise ValidationError({"starts_at": error})


class JurorReminder(models.Model):
    """A reminder e-mail sent to a juror with missing scores: at most one per stage per day (WIB)."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="+")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("tanggal kirim (WIB)"))
    missing = models.PositiveIntegerField(_("nilai yang belum dikirim"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("pengingat juri")
        verbose_name_plural = _("pengingat juri")
        constraints = [models.UniqueConstraint(fields=["stage", "juror", "sent_on"], name="juror_reminder_one_per_day")]

    def __str__(self):
        return f"{self.juror} / {self.stage_id} / {self.sent_on}"


class RankingVersion(models.Model):
    """A version per scope ("global", or "stage:<id>") that every change to what a stage's ranking
    is computed from replaces with a fresh random value after it commits (`judging.versions`);
    cached rankings and reliability reports are keyed on it, so no worker serves one computed
    before the change."""

    scope = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi peringkat")
        verbose_name_plural = _("versi peringkat")

    def __str__(self):
        return f"{self.scope}={self.value}"

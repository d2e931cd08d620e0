"""Competitions, their yearly editions and everything an organizer configures as data.

An `Edition` holds its scope, groups, categories, caps, proposal form (sections and attachments)
and an ordered pipeline of `Stage`s, each with its window, rubric (`Criterion`) or checklist
(`ChecklistItem`), advancement rule and the label it confers. A `Proposal` is one innovation entered
into an edition by a Pemda; its state changes only through `competitions.services.transition`.
Nothing here depends on the year: presets (`competitions.presets`) fill these tables.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.anchors import anchor_errors
from inovasi.competitions.enums import (
    AttachmentKind,
    CapUnit,
    StageKind,
)


class Competition(models.Model):
    """A recurring competition run by one organizer body (KIPP by KemenPAN-RB, KOVABLIK by Biro Organisasi)."""

    body = models.ForeignKey(
        "organisations.OrganizerBody",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    name = models.CharField(_("nama kompetisi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=40)
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kompetisi")
        verbose_name_plural = _("kompetisi")
        constraints = [models.UniqueConstraint(fields=["body", "short_name"], name="competition_unique_short_name")]

    def __str__(self):
        return self.short_name


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_competition(self):
        return self.select_related("competition", "competition__body", "scope_region")

    def open_for_registration(self, at=None):
        at = at or timezone.now()
        return self.published().filter(registration_opens_at__lte=at, registration_closes_at__gt=at)


class Edition(models.Model):
    """One year of a competition: scope, groups, categories, caps, form, timeline and stages.

    Scope: every Pemda in `scope_region` (a province: the province itself and its kabupaten/kota),
    plus `extra_governments`; if `scope_region` is empty and there are no extra governments, every
    Pemda may enter. `agency_kinds` (empty = all) limits which kinds of agency may enter, so BUMD can
    be admitted or not. `min_years_implemented` is measured from `Innovation.started_on` to the
    registration deadline.
    """

    competition = models.ForeignKey(
        Competition, verbose_name=_("kompetisi"), on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("nama edisi"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    preset = models.CharField(_("dibuat dari preset"), max_length=40, blank=True, editable=False)
    scope_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("cakupan provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosongkan untuk cakupan nasional."),
    )
    extra_governments = models.ManyToManyField(
        "organisations.Government", verbose_name=_("pemerintah daerah tambahan"), blank=True, related_name="+"
    )
    agency_kinds = models.JSONField(_("jenis perangkat daerah yang boleh ikut"), default=list, blank=True)
    min_years_implemented = models.PositiveSmallIntegerField(_("minimal lama penerapan (tahun)"), default=1)
    registration_opens_at = models.DateTimeField(_("pendaftaran dibuka"))
    registration_closes_at = models.DateTimeField(_("batas akhir pengajuan"))
    is_published = models.BooleanField(_("diumumkan"), default=False)
    objection_reply_days = models.PositiveSmallIntegerField(
        _("waktu tanggapan Pemda atas sanggahan (hari)"),
        default=3,
        help_text=_("Pemda yang disanggah boleh menanggapi selama jumlah hari ini sebelum panitia memutuskan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("edisi")
        verbose_name_plural = _("edisi")
        constraints = [models.UniqueConstraint(fields=["competition", "year"], name="edition_one_per_year")]

    def __str__(self):
        return self.name

    def registration_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.registration_opens_at <= at < self.registration_closes_at


class EditionGroup(models.Model):
    """A group of an edition: umum, replikasi, khusus (by invitation of earlier winners)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama kelompok"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    by_invitation = models.BooleanField(_("hanya dengan undangan"), default=False)
    requires_source_innovation = models.BooleanField(_("wajib menyebut inovasi sumber (replikasi)"), default=False)
    forbids_previous_winners = models.BooleanField(
        _("pemenang edisi sebelumnya tidak boleh ikut"),
        default=False,
        help_text=_("Inovasi yang pernah meraih label pemenang pada kompetisi ini ditolak di kelompok ini."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="group_unique_code")]

    def __str__(self):
        return self.name


class EditionInvitation(models.Model):
    """A Pemda invited to an invitation-only group (e.g. earlier winners invited to the khusus group)."""

    group = models.ForeignKey(EditionGroup, on_delete=models.CASCADE, related_name="invitations")
    government = models.ForeignKey(
        "organisations.Government", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("undangan kelompok")
        verbose_name_plural = _("undangan kelompok")
        constraints = [models.UniqueConstraint(fields=["group", "government"], name="invitation_unique")]

    def __str__(self):
        return f"{self.group} — {self.government}"


class EditionCategory(models.Model):
    """A category of an edition (e.g. "Pelayanan publik inklusif dan berkeadilan")."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama kategori"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="category_unique_code")]

    def __str__(self):
        return self.name


class EntryCap(models.Model):
    """At most `limit` proposals per participant unit (optionally within one group)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="caps")
    unit = models.CharField(_("dihitung"), max_length=20, choices=CapUnit.choices)
    group = models.ForeignKey(
        EditionGroup,
        verbose_name=_("kelompok"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="caps",
        help_text=_("Kosongkan bila batas berlaku untuk semua kelompok."),
    )
    limit = models.PositiveSmallIntegerField(_("batas proposal"))

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("batas kuota peserta")
        verbose_name_plural = _("batas kuota peserta")

    def __str__(self):
        return f"{self.limit} {self.get_unit_display()}"


class FormSection(models.Model):
    """A section of the proposal form with its word limit; `group` empty = asked of every group.

    `prefill_from` names the `Innovation` narrative field that fills the first draft.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(_("kode"), max_length=40)
    title = models.CharField(_("judul bagian"), max_length=200)
    guidance = models.TextField(_("petunjuk"), blank=True)
    word_limit = models.PositiveIntegerField(_("batas kata"))
    # Words joined by invisible characters are split by `words.count_words`, but a section could
    # still hold a megabyte of one "word": the cap in characters is refused on save.
    char_limit = models.PositiveIntegerField(
        _("batas karakter"),
        default=10000,
        help_text=_("Isian yang lebih panjang ditolak saat disimpan."),
    )
    group = models.ForeignKey(
        EditionGroup,
        verbose_name=_("khusus kelompok"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sections",
    )
    prefill_from = models.CharField(_("diisi awal dari"), max_length=30, blank=True)
    required = models.BooleanField(_("wajib diisi"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bagian formulir")
        verbose_name_plural = _("bagian formulir")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="section_unique_code")]

    def __str__(self):
        return self.title


class AttachmentRequirement(models.Model):
    """A required (or optional) attachment: a PDF up to `max_bytes`, or a link such as the video."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="attachment_requirements")
    code = models.SlugField(_("kode"), max_length=40)
    title = models.CharField(_("nama lampiran"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=AttachmentKind.choices)
    max_bytes = models.PositiveIntegerField(_("ukuran maksimum (bita)"), default=1024 * 1024)
    group = models.ForeignKey(
        EditionGroup,
        verbose_name=_("khusus kelompok"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachment_requirements",
    )
    required = models.BooleanField(_("wajib"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("lampiran wajib")
        verbose_name_plural = _("lampiran wajib")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="attachment_unique_code")]

    def __str__(self):
        return self.title


class StageQuerySet(models.QuerySet):
    def open_at(self, at=None):
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, closes_at__gt=at)


class Stage(models.Model):
    """One step of an edition's pipeline, in `order`.

    Advancement rule: `top_n` (keep the best N), `passing_score` (keep those at or above it) and
    `quotas` (a list of {"group"|"category"|"province"|"region_level": code, "count": n}), all
    optional. `label` is what a proposal that clears the stage is called ("Top 99"); `is_award`
    marks labels that count as winning (used by groups that forbid earlier winners). `group`
    limits the stage to one group (Top 5 Outstanding Achievement for khusus). For an objection
    window, `duration_days` sets the window when the preceding shortlist is published.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis tahap"), max_length=30, choices=StageKind.choices)
    name = models.CharField(_("nama tahap"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    opens_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closes_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(_("lama (hari)"), null=True, blank=True)
    group = models.ForeignKey(
        EditionGroup,
        verbose_name=_("khusus kelompok"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stages",
    )
    top_n = models.PositiveIntegerField(_("jumlah yang lolos (top N)"), null=True, blank=True)
    passing_score = models.DecimalField(_("nilai ambang lolos"), max_digits=6, decimal_places=2, null=True, blank=True)
    quotas = models.JSONField(_("kuota proporsional"), default=list, blank=True)
    label = models.CharField(_("label yang diberikan"), max_length=120, blank=True)
    is_award = models.BooleanField(_("label ini gelar pemenang"), default=False)
    # The funnel: a narrowing stage picks only from the list of the nearest earlier narrowing stage
    # with a published list (same group scope) and never advances more than that list left in the
    # running. A parallel award (best replication, Outstanding Achievement) sits beside the funnel.
    narrows_previous = models.BooleanField(
        _("memilih dari daftar tahap sebelumnya"),
        default=True,
        help_text=_("Kosongkan untuk penghargaan yang berdiri sejajar (misalnya replikasi terbaik)."),
    )
    results_published_at = models.DateTimeField(_("hasil diumumkan"), null=True, blank=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "order", "pk"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")

    def __str__(self):
        return self.name

    def clean(self):
        """The stage window rule (also what `StageForm` shows): it closes after it opens."""
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Waktu ditutup harus sesudah waktu dibuka.")})

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return bool(self.opens_at and self.closes_at and self.opens_at <= at < self.closes_at)


class Criterion(models.Model):
    """A weighted rubric criterion of a scored stage; the weights of a stage sum to 100."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("kriteria"), max_length=150)
    guidance = models.TextField(_("panduan penilaian"), blank=True)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)
    scale_min = models.PositiveSmallIntegerField(_("skala minimum"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("skala maksimum"), default=100)
    # What a value means, per band: [{"min": 0, "max": 40, "text": "…"}, …], shown beside the
    # juror's input (see `competitions.anchors`). Empty: the juror sees the guidance only.
    anchors = models.JSONField(_("deskriptor per rentang nilai"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        constraints = [models.UniqueConstraint(fields=["stage", "code"], name="criterion_unique_code")]

    def __str__(self):
        return self.name

    def clean(self):
        problems = anchor_errors(self.anchors, scale_min=self.scale_min, scale_max=self.scale_max)
        if problems:
            raise ValidationError({"anchors": problems})


class ChecklistItem(models.Model):
    """One item the organizer ticks in a checklist stage (administrative check, field verification)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="checklist_items")
    code = models.SlugField(_("kode"), max_length=40)
    text = models.CharField(_("butir periksa"), max_length=300)
    # The side-by-side administrative check (`competitions.admin_check`): the attachments (codes of
    # AttachmentRequirement) shown beside this item, and whether the automatic form check
    # (required sections, word limits, required attachments) answers part of it.
    attachment_codes = models.JSONField(_("lampiran yang diperiksa"), default=list, blank=True)
    covers_form = models.BooleanField(_("mencakup kelengkapan formulir"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("butir periksa")
        verbose_name_plural = _("butir periksa")
        constraints = [models.UniqueConstraint(fields=["stage", "code"], name="checklist_unique_code")]

    def __str__(self):
        return self.text


# Proposals and their outcomes live in `proposal_models` (split by concept); imported last because
# they refer to the classes above. Every name is re-exported: the app and its migrations import them here.
from inovasi.competitions.proposal_models import (  # noqa: E402
    NOT_RECEIVED_STATES,
    ChecklistAnswer,
    Disqualification,
    Objection,
    ObjectionReplyAttachment,
    Proposal,
    ProposalAnswer,
    ProposalAttachment,
    ProposalQuerySet,
    StageResult,
    StageResultQuerySet,
    attachment_upload_to,
    objection_reply_upload_to,
)

__all__ = [
    "NOT_RECEIVED_STATES",
    "AttachmentRequirement",
    "ChecklistAnswer",
    "ChecklistItem",
    "Competition",
    "Criterion",
    "Disqualification",
    "Edition",
    "EditionCategory",
    "EditionGroup",
    "EditionInvitation",
    "EditionQuerySet",
    "EntryCap",
    "FormSection",
    "Objection",
    "ObjectionReplyAttachment",
    "Proposal",
    "ProposalAnswer",
    "ProposalAttachment",
    "ProposalQuerySet",
    "Stage",
    "StageQuerySet",
    "StageResult",
    "StageResultQuerySet",
    "attachment_upload_to",
    "objection_reply_upload_to",
]

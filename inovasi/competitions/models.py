"""Competitions, their yearly editions and everything an organizer configures as data.

An `Edition` holds its scope, groups, categories, caps, proposal form (sections and attachments)
and an ordered pipeline of `Stage`s, each with its window, rubric (`Criterion`) or checklist
(`ChecklistItem`), advancement rule and the label it confers. A `Proposal` is one innovation entered
into an edition by a Pemda; its state changes only through `competitions.services.transition`.
Nothing here depends on the year: presets (`competitions.presets`) fill these tables.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.enums import (
    AttachmentKind,
    CapUnit,
    DisqualificationSource,
    ObjectionState,
    ProposalState,
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
        from inovasi.competitions.anchors import anchor_errors

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


class ProposalQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "edition",
            "edition__competition",
            "innovation",
            "government",
            "government__region",
            "agency",
            "group",
            "category",
        )

    def visible_to_government(self, government_ids):
        return self.filter(government_id__in=government_ids)

    def submitted(self):
        """Everything the organizer has received (not drafts, not withdrawn)."""
        return self.exclude(state__in=NOT_RECEIVED_STATES)


class Proposal(models.Model):
    """An innovation entered into an edition by its Pemda.

    The answers are prefilled from the innovation's narrative and frozen into `snapshot` when the
    Admin Pemda submits it. `state` changes only through `competitions.services.transition`.
    """

    edition = models.ForeignKey(Edition, verbose_name=_("edisi"), on_delete=models.PROTECT, related_name="proposals")
    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name=_("inovasi"), on_delete=models.PROTECT, related_name="proposals"
    )
    government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="proposals"
    )
    group = models.ForeignKey(
        EditionGroup, verbose_name=_("kelompok"), on_delete=models.PROTECT, related_name="proposals"
    )
    category = models.ForeignKey(
        EditionCategory,
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("judul"), max_length=200)
    source_innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name=_("inovasi sumber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replication_proposals",
    )
    source_description = models.CharField(
        _("inovasi sumber (nama dan pemilik)"),
        max_length=255,
        blank=True,
        help_text=_("Untuk kelompok replikasi: inovasi yang direplikasi dan pemiliknya."),
    )
    state = models.CharField(
        _("status"), max_length=30, choices=ProposalState.choices, default=ProposalState.DRAFT, db_index=True
    )
    state_reason = models.TextField(_("alasan"), blank=True)
    check_failures = models.JSONField(_("hasil pemeriksaan"), default=list, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("diajukan ke panitia"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: every save through `competitions.services` bumps it; a form carries the
    # version it was opened at and a stale save is refused instead of overwriting someone's work.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposal")
        constraints = [models.UniqueConstraint(fields=["edition", "innovation"], name="proposal_one_per_innovation")]
        indexes = [models.Index(fields=["edition", "state"])]

    def __str__(self):
        return self.title


NOT_RECEIVED_STATES = (
    ProposalState.DRAFT,
    ProposalState.AWAITING_APPROVAL,
    ProposalState.RETURNED_TO_OPERATOR,
    ProposalState.WITHDRAWN,
)


class ProposalAnswer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("isi"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "section"], name="answer_one_per_section")]

    def __str__(self):
        return f"{self.proposal_id}/{self.section_id}"


def attachment_upload_to(instance, filename):
    return f"proposals/{instance.proposal.edition_id}/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    """A file (checked by content, SHA-256 recorded) or a link answering one requirement."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    requirement = models.ForeignKey(AttachmentRequirement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_upload_to, blank=True, max_length=255)
    url = models.URLField(_("tautan"), blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "requirement"], name="attachment_one_per_requirement")
        ]

    def __str__(self):
        return self.url or self.file.name


class ChecklistAnswer(models.Model):
    """The organizer's verdict on one checklist item for one proposal, with the reason if it fails."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="checklist_answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="answers")
    passed = models.BooleanField(_("memenuhi"))
    reason = models.CharField(_("alasan"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "item"], name="checklist_answer_unique")]

    def __str__(self):
        return f"{self.item_id}: {self.passed}"


class StageResultQuerySet(models.QuerySet):
    def published(self):
        return self.filter(stage__results_published_at__isnull=False, withdrawn_at__isnull=True)


class StageResult(models.Model):
    """A proposal cleared a stage and received its label ("Top 99", "Top Inovasi Terpuji").

    Written when a shortlist is published (`services.publish_shortlist`); the judging work fills
    `score` and `rank`. `withdrawn_at` is set when an upheld objection removes the proposal.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="results")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="stage_results")
    label = models.CharField(_("label"), max_length=120, blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=7, decimal_places=2, null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StageResultQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "rank", "proposal__title"]
        verbose_name = _("hasil tahap")
        verbose_name_plural = _("hasil tahap")
        constraints = [models.UniqueConstraint(fields=["stage", "proposal"], name="stage_result_unique")]

    def __str__(self):
        return f"{self.label}: {self.proposal}"


class Objection(models.Model):
    """A public objection (sanggahan) against a shortlisted proposal, filed during the window."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="objections")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="objections"
    )
    reason = models.TextField(_("alasan sanggahan"))
    contact_name = models.CharField(_("nama"), max_length=150)
    contact_email = models.EmailField(_("surel"))
    client_address = models.GenericIPAddressField(null=True, blank=True)
    state = models.CharField(
        _("status"), max_length=20, choices=ObjectionState.choices, default=ObjectionState.OPEN, db_index=True
    )
    # Due process: the objected-to Pemda is told and may reply until `reply_due_at`; the organizer
    # decides only after the reply or once that moment has passed (`shortlists.resolve_objection`).
    reply_due_at = models.DateTimeField(_("batas tanggapan Pemda"), null=True, blank=True)
    reply = models.TextField(_("tanggapan Pemda"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("tanggapan panitia"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")

    def __str__(self):
        return f"{self.proposal} — {self.contact_name}"


def objection_reply_upload_to(instance, filename):
    return f"sanggahan/{instance.objection.stage.edition_id}/{instance.objection_id}/{filename}"


class ObjectionReplyAttachment(models.Model):
    """A PDF the objected-to Pemda attaches to its reply (checked by content like every upload)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="reply_attachments")
    file = models.FileField(upload_to=objection_reply_upload_to, max_length=255)
    name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran tanggapan sanggahan")
        verbose_name_plural = _("lampiran tanggapan sanggahan")

    def __str__(self):
        return self.name


class Disqualification(models.Model):
    """A proposal disqualified at a stage (verification, upheld objection, administrative check).

    A disqualified proposal leaves every later stage and list (its state becomes eliminated). Frozen
    records (stage results, closures and their hashes) are never rewritten: readers join this row
    and show `annotation` ("didiskualifikasi pada … karena …") next to the old label.
    """

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="disqualification")
    stage = models.ForeignKey(
        Stage, verbose_name=_("tahap"), on_delete=models.PROTECT, related_name="disqualifications"
    )
    source = models.CharField(_("sumber"), max_length=30, choices=DisqualificationSource.choices)
    reason = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("diskualifikasi")
        verbose_name_plural = _("diskualifikasi")

    def __str__(self):
        return self.annotation

    @property
    def annotation(self) -> str:
        return _("didiskualifikasi pada %(stage)s (%(date)s) karena %(reason)s") % {
            "stage": self.stage.name,
            "date": timezone.localtime(self.decided_at).strftime("%d-%m-%Y"),
            "reason": self.reason,
        }

"""Proposals and what happens to them: the answers and attachments a Pemda enters, the checklist
verdicts, each stage's published results, public objections and disqualifications.

Loaded through `competitions.models` (which re-exports every name here), so Django registers them in
the `competitions` app and `from inovasi.competitions.models import Proposal` keeps working.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.enums import (
    DisqualificationSource,
    ObjectionState,
    ProposalState,
)
from inovasi.competitions.models import (
    AttachmentRequirement,
    ChecklistItem,
    Edition,
    EditionCategory,
    EditionGroup,
    FormSection,
    Stage,
)


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

"""Shortlists (a stage's published list and its label) and public objections against them.

`publish_shortlist` is the service the judging work calls with its ranked list (the organizer may
also pick by hand from `funnel.still_in_running`). Same rules as `services`: one transaction per
verb, audited, mail after commit, proposal states changed only through `services.transition`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.competitions import funnel
from inovasi.competitions.enums import (
    OBJECTION_MACHINE,
    DisqualificationSource,
    ObjectionState,
    ProposalState,
    StageKind,
)
from inovasi.competitions.models import (
    Disqualification,
    Objection,
    ObjectionReplyAttachment,
    Proposal,
    Stage,
    StageResult,
)
from inovasi.competitions.services import _locked, _organizer_recipients, _pemda_recipients, _send, transition
from inovasi.innovations import uploads
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

S = ProposalState


SHORTLIST_FROM = {S.PASSED_ADMIN, S.SHORTLISTED}


@transaction.atomic
def publish_shortlist(*, stage, proposals, actor, eliminate_others: bool = False) -> list[StageResult]:
    """Publish `stage`'s list: each proposal gets a `StageResult` with the stage's label.

    The judging work calls this with its ranked list, or the organizer picks by hand from the
    proposals still in the running (`funnel.still_in_running`); a list that widens the funnel or
    holds a disqualified proposal is refused (`funnel.check_not_widening`). If the next stage is an objection window
    without dates, it opens now for its `duration_days`.
    """
    stage = Stage.objects.select_for_update().select_related("edition").get(pk=stage.pk)
    if stage.kind in (StageKind.OBJECTION_WINDOW, StageKind.ADMINISTRATIVE_CHECK):
        raise ValidationError(_("Tahap ini tidak menghasilkan daftar pendek."))
    if stage.results_published_at:
        raise ValidationError(_("Daftar tahap ini sudah diumumkan."))
    proposals = list(proposals)
    if not proposals:
        raise ValidationError(_("Pilih minimal satu proposal."))
    if stage.top_n and len(proposals) > stage.top_n:
        raise ValidationError(
            _("Tahap ini meloloskan paling banyak %(n)s proposal; dipilih %(count)s.")
            % {"n": stage.top_n, "count": len(proposals)}
        )
    _check_quotas(stage, proposals)
    funnel.check_not_widening(stage, proposals)
    results = []
    for rank, proposal in enumerate(proposals, start=1):
        proposal = _locked(proposal)
        if proposal.edition_id != stage.edition_id or proposal.state not in SHORTLIST_FROM:
            raise ValidationError(
                _("%(title)s tidak dapat masuk daftar: statusnya %(state)s.")
                % {"title": proposal.title, "state": proposal.get_state_display()}
            )
        if stage.group_id and proposal.group_id != stage.group_id:
            raise ValidationError(
                _("%(title)s bukan peserta kelompok %(group)s.") % {"title": proposal.title, "group": stage.group}
            )
        results.append(StageResult.objects.create(stage=stage, proposal=proposal, label=stage.label, rank=rank))
        if proposal.state == S.PASSED_ADMIN:
            transition(proposal, S.SHORTLISTED, actor=actor, reason=stage.label)
    if eliminate_others:
        chosen = {p.pk for p in proposals}
        others = Proposal.objects.filter(edition=stage.edition, state__in=SHORTLIST_FROM).exclude(pk__in=chosen)
        if stage.group_id:
            others = others.filter(group_id=stage.group_id)
        for other in others.select_for_update():
            transition(
                other,
                S.ELIMINATED,
                actor=actor,
                reason=_("Tidak masuk %(label)s") % {"label": stage.label or stage.name},
            )
    now = timezone.now()
    stage.results_published_at = now
    stage.save(update_fields=["results_published_at"])
    window = stage.edition.stages.filter(order__gt=stage.order).order_by("order").first()
    if window and window.kind == StageKind.OBJECTION_WINDOW and not window.opens_at and window.duration_days:
        window.opens_at, window.closes_at = now, now + timedelta(days=window.duration_days)
        window.save(update_fields=["opens_at", "closes_at"])
    record_event(
        actor=actor, action="stage.publish_shortlist", obj=stage, after={"proposals": [p.pk for p in proposals]}
    )
    return results


def _quota_key(proposal, field: str):
    if field == "group":
        return proposal.group.code
    if field == "category":
        return proposal.category.code if proposal.category_id else None
    if field == "province":
        region = proposal.government.region
        return region.code.split(".")[0]
    if field == "region_level":
        return proposal.government.region.level
    return None


QUOTA_FIELD_WORDS = {
    "group": gettext_lazy("kelompok"),
    "category": gettext_lazy("kategori"),
    "province": gettext_lazy("provinsi"),
    "region_level": gettext_lazy("tingkat wilayah"),
}


def _quota_value_words(stage, field, value) -> str:
    """A quota's value as the organizer named it ("Replikasi", "Jawa Timur", "Kota"), not its code."""

    names = {
        "group": lambda: stage.edition.groups.filter(code=value).values_list("name", flat=True).first(),
        "category": lambda: stage.edition.categories.filter(code=value).values_list("name", flat=True).first(),
        "province": lambda: Region.objects.filter(code=value).values_list("name", flat=True).first(),
        "region_level": lambda: dict(RegionLevel.choices).get(value),
    }
    return str(names[field]() or value)


def _check_quotas(stage, proposals):
    """Each quota {"group"|"category"|"province"|"region_level": value, "count": n} caps how many
    listed proposals may share that value."""
    for quota in stage.quotas or []:
        for field in ("group", "category", "province", "region_level"):
            if field in quota:
                taken = sum(1 for p in proposals if _quota_key(p, field) == quota[field])
                if taken > quota["count"]:
                    raise ValidationError(
                        _("Kuota %(field)s “%(value)s” paling banyak %(count)s proposal; dipilih %(taken)s.")
                        % {
                            "field": QUOTA_FIELD_WORDS[field],
                            "value": _quota_value_words(stage, field, quota[field]),
                            "count": quota["count"],
                            "taken": taken,
                        }
                    )


def shortlist_stage_for(window: Stage) -> Stage | None:
    """The list an objection window is about: the nearest earlier stage whose list is published."""
    return (
        Stage.objects.filter(edition_id=window.edition_id, order__lt=window.order, results_published_at__isnull=False)
        .order_by("-order")
        .first()
    )


OBJECTIONS_PER_EMAIL = 3
OBJECTIONS_PER_ADDRESS_PER_HOUR = 10


@transaction.atomic
def file_objection(*, stage, proposal, reason, contact_name, contact_email, client_address=None, actor=None):
    """Anyone files an objection against a listed proposal while the window is open.

    Limits: 3 objections per e-mail address per window, 10 per network address per hour.
    Due process: the objected-to Pemda (its Admin Pemda and the proposal's operators) is mailed and
    may reply until `reply_due_at` (now + `Edition.objection_reply_days`).
    """
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.kind != StageKind.OBJECTION_WINDOW or not stage.is_open():
        raise ValidationError(_("Masa sanggah tidak sedang dibuka."))
    listed = shortlist_stage_for(stage)
    if listed is None or not listed.results.filter(proposal=proposal, withdrawn_at__isnull=True).exists():
        raise ValidationError({"proposal": _("Sanggahan hanya untuk proposal yang ada di daftar yang diumumkan.")})
    reason, contact_name, contact_email = reason.strip(), contact_name.strip(), contact_email.strip().lower()
    if len(reason) < 30:
        raise ValidationError({"reason": _("Jelaskan alasan sanggahan minimal 30 karakter.")})
    if Objection.objects.filter(stage=stage, proposal=proposal, contact_email=contact_email, reason=reason).exists():
        # A double submit (or a reload of the form) files nothing twice.
        raise ValidationError(_("Sanggahan yang sama sudah diterima."), code="already_done")
    if Objection.objects.filter(stage=stage, contact_email=contact_email).count() >= OBJECTIONS_PER_EMAIL:
        raise ValidationError(
            {
                "contact_email": _("Satu alamat surel paling banyak mengajukan %(n)s sanggahan.")
                % {"n": OBJECTIONS_PER_EMAIL}
            }
        )
    if client_address:
        recent = Objection.objects.filter(
            client_address=client_address, created_at__gte=timezone.now() - timedelta(hours=1)
        )
        if recent.count() >= OBJECTIONS_PER_ADDRESS_PER_HOUR:
            raise ValidationError(_("Terlalu banyak sanggahan dari jaringan Anda. Coba lagi satu jam lagi."))
    objection = Objection(
        stage=stage,
        proposal=proposal,
        reason=reason,
        contact_name=contact_name,
        contact_email=contact_email,
        client_address=client_address,
        reply_due_at=timezone.now() + timedelta(days=stage.edition.objection_reply_days),
    )
    objection.full_clean()
    objection.save()
    record_event(
        actor=actor,
        action="objection.file",
        obj=objection,
        after={"proposal": proposal.pk, "reply_due_at": objection.reply_due_at.isoformat()},
    )
    edition = stage.edition
    # Queued in this transaction: the outbox sends after commit and retries.
    _send("objection_filed", {"objection": objection, "edition": edition}, _organizer_recipients(edition))
    _tell_pemda(objection, edition)
    return objection


def _tell_pemda(objection, edition):
    link = settings.SITE_URL + reverse("workspace:objection_reply", args=[objection.pk])
    due = timezone.localtime(objection.reply_due_at).strftime("%d-%m-%Y %H:%M")
    context = {"objection": objection, "edition": edition, "due": due, "link": link}
    _send("objection_to_pemda", context, _pemda_recipients(objection.proposal))


REPLY_MIN_CHARS, REPLY_MAX_CHARS = 20, 5000
REPLY_FILES_MAX, REPLY_FILE_MAX_BYTES = 3, 5 * 1024 * 1024


def reply_is_open(objection, at=None) -> bool:
    """Whether the Pemda may still reply: open, not replied yet, before the deadline."""
    at = at or timezone.now()
    return (
        objection.state == ObjectionState.OPEN
        and objection.replied_at is None
        and objection.reply_due_at is not None
        and at < objection.reply_due_at
    )


@transaction.atomic
def reply_to_objection(*, objection, reply: str, actor, files=()) -> Objection:
    """The objected-to Pemda answers an objection once, before `reply_due_at`: text and up to three
    PDFs (5 MB each, checked by content). Side effects: reply and files saved, audit event
    `objection.reply` (text length and file hashes), organizers mailed after commit."""
    objection = Objection.objects.select_for_update().select_related("proposal", "stage").get(pk=objection.pk)
    if objection.state != ObjectionState.OPEN:
        raise ValidationError(_("Sanggahan ini sudah diputuskan panitia."))
    if objection.replied_at is not None:
        raise ValidationError(_("Tanggapan atas sanggahan ini sudah dikirim."), code="already_done")
    if not reply_is_open(objection):
        raise ValidationError(
            _("Batas waktu tanggapan sudah lewat (%(due)s WIB).")
            % {"due": timezone.localtime(objection.reply_due_at).strftime("%d-%m-%Y %H:%M")}
            if objection.reply_due_at
            else _("Sanggahan ini tidak menunggu tanggapan Pemda.")
        )
    reply = (reply or "").strip()
    if not REPLY_MIN_CHARS <= len(reply) <= REPLY_MAX_CHARS:
        raise ValidationError(
            {
                "reply": _("Tanggapan berisi %(min)s sampai %(max)s karakter.")
                % {"min": REPLY_MIN_CHARS, "max": REPLY_MAX_CHARS}
            }
        )
    files = [f for f in files if f]
    if len(files) > REPLY_FILES_MAX:
        raise ValidationError({"files": _("Paling banyak %(n)s lampiran.") % {"n": REPLY_FILES_MAX}})
    checked = []
    for upload in files:
        if upload.size > REPLY_FILE_MAX_BYTES:
            raise ValidationError({"files": _("Berkas %(name)s lebih dari 5 MB.") % {"name": upload.name}})
        checked.append((upload, uploads.check_upload(upload, allowed=frozenset({uploads.PDF}))))
    objection.reply, objection.replied_by, objection.replied_at = reply, actor, timezone.now()
    objection.save(update_fields=["reply", "replied_by", "replied_at"])
    hashes = []
    for upload, info in checked:
        upload.seek(0)
        attachment = ObjectionReplyAttachment(
            objection=objection, name=info.name, size=info.size, sha256=info.sha256, uploaded_by=actor
        )
        attachment.file.save(info.name, ContentFile(upload.read()), save=False)
        attachment.save()
        hashes.append(info.sha256)
    record_event(
        actor=actor,
        action="objection.reply",
        obj=objection,
        before={"reply": ""},
        after={"reply_chars": len(reply), "attachments": hashes},
    )
    edition = objection.stage.edition
    _send("objection_replied", {"objection": objection}, _organizer_recipients(edition))
    return objection


@transaction.atomic
def resolve_objection(*, objection, outcome: str, resolution: str, actor, eliminate: bool = True):
    """Uphold or reject with a public reason. An upheld objection removes the proposal from the list
    (its result is withdrawn and the proposal disqualified, `funnel.disqualify`) unless `eliminate`
    is False. Refused while the objected-to Pemda may still reply (before `reply_due_at`, no reply)."""
    objection = Objection.objects.select_for_update().select_related("proposal", "stage").get(pk=objection.pk)
    if objection.state != ObjectionState.OPEN:
        raise ValidationError(_("Sanggahan ini sudah ditindaklanjuti."))
    if reply_is_open(objection):
        raise ValidationError(
            _(
                "Pemda yang disanggah masih dapat menanggapi sampai %(due)s WIB. Putuskan setelah "
                "tanggapannya masuk atau batas waktu itu lewat."
            )
            % {"due": timezone.localtime(objection.reply_due_at).strftime("%d-%m-%Y %H:%M")}
        )
    if outcome not in (ObjectionState.UPHELD, ObjectionState.REJECTED):
        raise ValidationError({"outcome": _("Pilih: diterima atau ditolak.")})
    if len(resolution.strip()) < 10:
        raise ValidationError(
            {"resolution": _("Tuliskan tanggapan panitia (minimal 10 karakter); tanggapan ini diumumkan.")}
        )
    move(
        objection,
        outcome,
        machine=OBJECTION_MACHINE,
        actor=actor,
        changes={"resolution": resolution.strip(), "resolved_by": actor, "resolved_at": timezone.now()},
        after={"resolution": resolution.strip(), "replied": objection.replied_at is not None},
    )
    if outcome == ObjectionState.UPHELD and eliminate:
        listed = shortlist_stage_for(objection.stage)
        if listed:
            StageResult.objects.filter(stage=listed, proposal=objection.proposal).update(withdrawn_at=timezone.now())
        if not Disqualification.objects.filter(proposal_id=objection.proposal_id).exists():
            funnel.disqualify(
                proposal=objection.proposal,
                stage=objection.stage,
                source=DisqualificationSource.OBJECTION,
                reason=resolution.strip(),
                actor=actor,
            )
    _send(
        "objection_resolved",
        {"objection": objection, "state_label": objection.get_state_display()},
        [objection.contact_email],
    )
    return objection


def stage_objections(stage) -> list[dict]:
    """A stage's objections, each with the Pemda's reply and the decision, for the minutes.

    `stage` is an objection window (its own objections) or a stage with a published list (the
    objections of the windows about that list). Oldest first; no contact details of the objector.
    """
    if stage.kind == StageKind.OBJECTION_WINDOW:
        windows = [stage]
    else:
        later = Stage.objects.filter(edition_id=stage.edition_id, kind=StageKind.OBJECTION_WINDOW)
        windows = [w for w in later if (listed := shortlist_stage_for(w)) and listed.pk == stage.pk]
    objections = (
        Objection.objects.filter(stage__in=windows)
        .select_related("proposal", "proposal__government", "resolved_by", "replied_by")
        .prefetch_related("reply_attachments")
        .order_by("created_at", "pk")
    )
    return [
        {
            "proposal": o.proposal.title,
            "government": o.proposal.government.name,
            "filed_at": o.created_at,
            "reason": o.reason,
            "reply_due_at": o.reply_due_at,
            "reply": o.reply,
            "replied_at": o.replied_at,
            "replied_by": o.replied_by.full_name if o.replied_by else "",
            "reply_attachments": [{"name": a.name, "sha256": a.sha256} for a in o.reply_attachments.all()],
            "state": o.state,
            "state_label": str(o.get_state_display()),
            "resolution": o.resolution,
            "resolved_at": o.resolved_at,
            "resolved_by": o.resolved_by.full_name if o.resolved_by else "",
        }
        for o in objections
    ]

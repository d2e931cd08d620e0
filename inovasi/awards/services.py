"""Business verbs of awards: labels, ceremonies, awards, certificates and bulk certificate runs.

Every verb validates everything before writing, runs in one transaction and writes one audit
event (`record_event`) per changed object. Messages are Indonesian (gettext msgids).

Rules shared by the verbs:
- a label, a ceremony and a proposal must belong to the same edition;
- no date (award, ceremony) before the edition starts (its registration opening, WIB);
- one label per proposal; a Government/person award is unique by label, Government and name;
- a certificate needs signatories: the ceremony's list, else the person who hands the award over;
- a revoked certificate stays revoked (its serial is never reused and its PDF is not served).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.awards import certificates
from inovasi.awards.issuance import issue_certificate
from inovasi.awards.models import (
    Award,
    AwardLabel,
    AwardLabelKind,
    Ceremony,
    Certificate,
)
from inovasi.competitions.models import NOT_RECEIVED_STATES, Stage

MAX_SIGNATORIES = 3


# --- Helpers ---------------------------------------------------------------------------------


def edition_starts_on(edition):
    return timezone.localdate(edition.registration_opens_at)


def _check_not_before_edition(edition, value, field_name):
    if value and value < edition_starts_on(edition):
        raise ValidationError(
            {
                field_name: _("Tanggal tidak boleh sebelum edisi dimulai (%(date)s).")
                % {"date": formats.date_format(edition_starts_on(edition), "j F Y")}
            }
        )


def _full_clean(obj, exclude=()):
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def clean_people(rows, *, field_name="people", limit=None) -> list[dict]:
    """[{name, title}] with surrounding spaces removed; every row needs a name."""
    cleaned = []
    for row in rows or []:
        name = str(row.get("name", "")).strip()
        title = str(row.get("title", "")).strip()
        if not name and not title:
            continue
        if not name:
            raise ValidationError({field_name: _("Setiap baris wajib memuat nama.")})
        if len(name) > 150 or len(title) > 200:
            raise ValidationError({field_name: _("Nama paling panjang 150 karakter dan jabatan 200 karakter.")})
        cleaned.append({"name": name, "title": title})
    if limit and len(cleaned) > limit:
        raise ValidationError({field_name: _("Paling banyak %(n)s penanda tangan.") % {"n": limit}})
    return cleaned


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


# --- Labels ----------------------------------------------------------------------------------

LABEL_FIELDS = ("name", "code", "kind", "description", "order")


def _clean_label(label: AwardLabel):
    label.name = (label.name or "").strip()
    label.code = "".join(ch for ch in (label.code or "").upper() if ch.isalnum())
    if not label.name:
        raise ValidationError({"name": _("Nama penghargaan wajib diisi.")})
    if label.kind not in AwardLabelKind.values:
        raise ValidationError({"kind": _("Pilih jenis penghargaan.")})
    others = AwardLabel.objects.filter(edition=label.edition).exclude(pk=label.pk)
    if others.filter(name__iexact=label.name).exists():
        raise ValidationError({"name": _("Edisi ini sudah memiliki penghargaan “%(name)s”.") % {"name": label.name}})
    if not label.code:
        base = code = certificates.label_code_from_name(label.name)
        n = 2
        while others.filter(code=code).exists():
            code, n = f"{base[:9]}{n}", n + 1
        label.code = code
    elif others.filter(code=label.code).exists():
        raise ValidationError({"code": _("Kode %(code)s sudah dipakai penghargaan lain.") % {"code": label.code}})
    _full_clean(label, exclude=["edition"])


@transaction.atomic
def create_label(*, edition, actor, name, kind=AwardLabelKind.WINNER, description="", order=0, code="") -> AwardLabel:
    label = AwardLabel(edition=edition, name=name, kind=kind, description=description, order=order, code=code)
    _clean_label(label)
    label.save()
    record_event(actor=actor, action="award_label.create", obj=label, after=_snapshot(label, LABEL_FIELDS))
    return label


@transaction.atomic
def update_label(*, label, actor, **changes) -> AwardLabel:
    """Change name, code, kind, description or order. Serials already issued keep their old code."""
    label = AwardLabel.objects.select_for_update().get(pk=label.pk)
    unknown = set(changes) - set(LABEL_FIELDS)
    if unknown:
        raise ValueError(f"unknown label fields: {sorted(unknown)}")
    before = _snapshot(label, LABEL_FIELDS)
    for name, value in changes.items():
        setattr(label, name, value)
    _clean_label(label)
    label.save()
    record_event(
        actor=actor, action="award_label.update", obj=label, before=before, after=_snapshot(label, LABEL_FIELDS)
    )
    return label


@transaction.atomic
def delete_label(*, label, actor) -> None:
    label = AwardLabel.objects.select_for_update().get(pk=label.pk)
    if label.awards.exists():
        raise ValidationError(_("Penghargaan ini sudah diberikan; hapus dulu penerimanya."))
    record_event(actor=actor, action="award_label.delete", obj=label, before=_snapshot(label, LABEL_FIELDS))
    label.delete()


def labels_from_stages(*, edition, actor) -> list[AwardLabel]:
    """One label per award stage of the edition (Top 30, Top 45 …) that has none yet, in stage order."""
    created = []
    existing = {name.lower() for name in edition.award_labels.values_list("name", flat=True)}
    for stage in edition.stages.filter(is_award=True).exclude(label="").order_by("order"):
        if stage.label.lower() in existing:
            continue
        kind = AwardLabelKind.SHORTLIST if stage.label.lower().startswith("top ") else AwardLabelKind.WINNER
        created.append(create_label(edition=edition, actor=actor, name=stage.label, kind=kind, order=stage.order))
        existing.add(stage.label.lower())
    return created


# --- Ceremonies ------------------------------------------------------------------------------

CEREMONY_FIELDS = ("name", "held_on", "place", "presenter_name", "presenter_title", "signatories", "notes")


def _clean_ceremony(ceremony: Ceremony):
    for name in ("name", "place", "presenter_name", "presenter_title", "notes"):
        setattr(ceremony, name, (getattr(ceremony, name) or "").strip())
    if not ceremony.name:
        raise ValidationError({"name": _("Nama acara wajib diisi.")})
    if not ceremony.place:
        raise ValidationError({"place": _("Tempat acara wajib diisi.")})
    if not ceremony.held_on:
        raise ValidationError({"held_on": _("Tanggal acara wajib diisi.")})
    _check_not_before_edition(ceremony.edition, ceremony.held_on, "held_on")
    ceremony.signatories = clean_people(ceremony.signatories, field_name="signatories", limit=MAX_SIGNATORIES)
    _full_clean(ceremony, exclude=["edition"])


@transaction.atomic
def create_ceremony(
    *,
    edition,
    actor,
    name,
    held_on,
    place,
    presenter_name="",
    presenter_title="",
    signatories=(),
    notes="",
) -> Ceremony:
    ceremony = Ceremony(
        edition=edition,
        name=name,
        held_on=held_on,
        place=place,
        presenter_name=presenter_name,
        presenter_title=presenter_title,
        signatories=list(signatories),
        notes=notes,
    )
    _clean_ceremony(ceremony)
    ceremony.save()
    record_event(actor=actor, action="ceremony.create", obj=ceremony, after=_snapshot(ceremony, CEREMONY_FIELDS))
    return ceremony


@transaction.atomic
def update_ceremony(*, ceremony, actor, **changes) -> Ceremony:
    """Change the ceremony. Certificates already issued keep their PDF until regenerated."""
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    unknown = set(changes) - set(CEREMONY_FIELDS)
    if unknown:
        raise ValueError(f"unknown ceremony fields: {sorted(unknown)}")
    before = _snapshot(ceremony, CEREMONY_FIELDS)
    for name, value in changes.items():
        setattr(ceremony, name, value)
    _clean_ceremony(ceremony)
    ceremony.save()
    record_event(
        actor=actor,
        action="ceremony.update",
        obj=ceremony,
        before=before,
        after=_snapshot(ceremony, CEREMONY_FIELDS),
    )
    return ceremony


@transaction.atomic
def delete_ceremony(*, ceremony, actor) -> None:
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    if ceremony.awards.exists():
        raise ValidationError(_("Acara ini sudah dipakai penghargaan; pindahkan penghargaannya dulu."))
    record_event(actor=actor, action="ceremony.delete", obj=ceremony, before=_snapshot(ceremony, CEREMONY_FIELDS))
    ceremony.delete()


# --- Awards ----------------------------------------------------------------------------------

AWARD_FIELDS = (
    "label_id",
    "ceremony_id",
    "proposal_id",
    "innovation_id",
    "government_id",
    "agency_id",
    "recipient_name",
    "people",
    "citation",
    "rank",
    "awarded_on",
)
EDITABLE_AWARD_FIELDS = ("ceremony", "recipient_name", "people", "citation", "rank", "awarded_on")


def _check_award(award: Award):
    """Everything an award must satisfy before it is written (new or changed)."""
    edition = award.label.edition
    if award.ceremony_id and award.ceremony.edition_id != edition.pk:
        raise ValidationError({"ceremony": _("Acara ini milik edisi lain.")})
    if not award.awarded_on:
        raise ValidationError({"awarded_on": _("Tanggal penetapan wajib diisi.")})
    _check_not_before_edition(edition, award.awarded_on, "awarded_on")
    if award.rank is not None and award.rank < 1:
        raise ValidationError({"rank": _("Peringkat mulai dari 1.")})
    award.recipient_name = (award.recipient_name or "").strip()
    if not award.recipient_name:
        raise ValidationError({"recipient_name": _("Nama penerima wajib diisi.")})
    award.people = clean_people(award.people)
    award.citation = (award.citation or "").strip()
    _full_clean(award, exclude=["label", "ceremony", "proposal", "innovation", "government", "agency", "created_by"])


def _build_award(*, label, proposal=None, government=None, agency=None, **data) -> Award:
    edition = label.edition
    if proposal is not None:
        if proposal.edition_id != edition.pk:
            raise ValidationError(
                {"proposal": _("Proposal ini bukan peserta %(edition)s.") % {"edition": edition.name}}
            )
        if proposal.state in NOT_RECEIVED_STATES:
            raise ValidationError({"proposal": _("Proposal ini belum diterima panitia (masih draf atau ditarik).")})
        if Award.objects.filter(label=label, proposal=proposal).exists():
            raise ValidationError(
                {
                    "proposal": _("%(title)s sudah menerima penghargaan “%(label)s”.")
                    % {"title": proposal.title, "label": label.name}
                }
            )
        award = Award(
            label=label,
            proposal=proposal,
            innovation_id=proposal.innovation_id,
            government_id=proposal.government_id,
            agency_id=proposal.agency_id,
            **data,
        )
        award.recipient_name = (award.recipient_name or "").strip() or proposal.title
    else:
        if government is None:
            raise ValidationError({"government": _("Pilih proposal, atau pemerintah daerah penerima penghargaan.")})
        if agency is not None and agency.government_id != government.pk:
            raise ValidationError({"agency": _("Perangkat daerah ini bukan milik %(gov)s.") % {"gov": government.name}})
        award = Award(label=label, government=government, agency=agency, **data)
        award.recipient_name = (award.recipient_name or "").strip() or government.name
        if Award.objects.filter(
            label=label, proposal__isnull=True, government=government, recipient_name__iexact=award.recipient_name
        ).exists():
            raise ValidationError(
                {
                    "recipient_name": _("%(name)s sudah menerima penghargaan “%(label)s”.")
                    % {"name": award.recipient_name, "label": label.name}
                }
            )
    _check_award(award)
    return award


@transaction.atomic
def give_award(
    *,
    label,
    actor,
    awarded_on,
    proposal=None,
    government=None,
    agency=None,
    recipient_name="",
    people=(),
    citation="",
    rank=None,
    ceremony=None,
) -> Award:
    """Give `label` to a proposal (its innovation, agency and Government are filled from it) or to a
    Government or person (`government` required, `recipient_name` defaults to the Government)."""
    label = AwardLabel.objects.select_for_update(of=("self",)).select_related("edition").get(pk=label.pk)
    award = _build_award(
        label=label,
        proposal=proposal,
        government=government,
        agency=agency,
        recipient_name=recipient_name,
        people=list(people),
        citation=citation,
        rank=rank,
        awarded_on=awarded_on,
        ceremony=ceremony,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    award.save()
    record_event(actor=actor, action="award.give", obj=award, after=_snapshot(award, AWARD_FIELDS))
    return award


@transaction.atomic
def update_award(*, award, actor, **changes) -> Award:
    """Change the ceremony, printed name, people, citation, rank or date. A valid certificate is
    regenerated (same serial and code, new PDF and SHA-256); a revoked one blocks changes."""
    award = Award.objects.select_for_update(of=("self",)).select_related("label__edition").get(pk=award.pk)
    unknown = set(changes) - set(EDITABLE_AWARD_FIELDS)
    if unknown:
        raise ValueError(f"unknown award fields: {sorted(unknown)}")
    certificate = Certificate.objects.filter(award=award).first()
    if certificate and certificate.revoked_at:
        raise ValidationError(_("Sertifikat penghargaan ini sudah dicabut; penghargaannya tidak dapat diubah."))
    before = _snapshot(award, AWARD_FIELDS)
    for name, value in changes.items():
        setattr(award, name, list(value) if name == "people" else value)
    _check_award(award)
    award.save()
    record_event(actor=actor, action="award.update", obj=award, before=before, after=_snapshot(award, AWARD_FIELDS))
    if certificate:
        issue_certificate(award=award, actor=actor)
    return award


@transaction.atomic
def delete_award(*, award, actor) -> None:
    """Remove an award given by mistake. An award with a certificate cannot be removed: revoke the
    certificate instead, so the public verification page keeps telling the truth."""
    award = Award.objects.select_for_update().get(pk=award.pk)
    if Certificate.objects.filter(award=award).exists():
        raise ValidationError(_("Penghargaan ini sudah bersertifikat; cabut sertifikatnya, jangan dihapus."))
    record_event(actor=actor, action="award.delete", obj=award, before=_snapshot(award, AWARD_FIELDS))
    award.delete()


@dataclass
class StageImport:
    label: AwardLabel | None = None
    created: list = field(default_factory=list)
    skipped: int = 0


@transaction.atomic
def awards_from_stage_results(stage, label, ceremony, actor) -> StageImport:
    """Turn a published stage's results that carry a label into awards of `label`.

    Withdrawn results (upheld objections) are left out; the rank is copied; the award date is the
    day the results were published (WIB). Idempotent: a proposal that already has `label` is
    counted as skipped. With `label` None, the edition's label named like the stage's label is used,
    or created.
    """
    stage = Stage.objects.select_related("edition").get(pk=stage.pk)
    if label is None:
        if not stage.label:
            raise ValidationError({"stage": _("Tahap ini tidak memberi label.")})
        label = stage.edition.award_labels.filter(name__iexact=stage.label).first() or create_label(
            edition=stage.edition, actor=actor, name=stage.label, order=stage.order
        )
    label = AwardLabel.objects.select_for_update(of=("self",)).select_related("edition").get(pk=label.pk)
    if stage.edition_id != label.edition_id:
        raise ValidationError({"stage": _("Tahap dan penghargaan harus dari edisi yang sama.")})
    if ceremony is not None and ceremony.edition_id != label.edition_id:
        raise ValidationError({"ceremony": _("Acara ini milik edisi lain.")})
    if not stage.results_published_at:
        raise ValidationError({"stage": _("Hasil tahap ini belum diumumkan.")})
    results = list(
        stage.results.filter(withdrawn_at__isnull=True)
        .exclude(label="")
        .select_related("proposal")
        .order_by("rank", "proposal__title")
    )
    if not results:
        raise ValidationError({"stage": _("Tahap ini tidak memiliki hasil berlabel.")})
    already = set(Award.objects.filter(label=label, proposal__isnull=False).values_list("proposal_id", flat=True))
    outcome = StageImport(label=label)
    awarded_on = timezone.localdate(stage.results_published_at)
    for result in results:
        if result.proposal_id in already:
            outcome.skipped += 1
            continue
        award = _build_award(
            label=label,
            proposal=result.proposal,
            rank=result.rank,
            awarded_on=awarded_on,
            ceremony=ceremony,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        award.save()
        record_event(actor=actor, action="award.give", obj=award, after=_snapshot(award, AWARD_FIELDS))
        outcome.created.append(award)
    record_event(
        actor=actor,
        action="award.import_stage_results",
        obj=stage,
        after={"label": label.pk, "created": [a.pk for a in outcome.created], "skipped": outcome.skipped},
    )
    return outcome

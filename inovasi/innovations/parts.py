"""Business verbs for an innovation's child records: people, partners, results, recognitions,
replications and evidence. Each runs in one transaction and is audited on the innovation
(`innovation.<part>.create|update|delete`, with the child's ID in the payload), so the
innovation's history shows every change to what describes it.

People, partners, results and evidence are content: they change only while the innovation is a
draft or returned. Recognitions and replications are outside facts that keep coming after
publication, so they may also be recorded on a published innovation.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.innovations import replication_flows
from inovasi.innovations.enums import AdopterKind, EvidenceKind, InnovationStatus
from inovasi.innovations.models import (
    Evidence,
    Innovation,
    InnovationPerson,
    Partner,
    Recognition,
    Replication,
    Result,
)
from inovasi.innovations.uploads import REPLICATION_TYPES, check_upload, check_video_url
from inovasi.inputs import validate_web_url

S = InnovationStatus
CONTENT_STATUSES = frozenset({S.DRAFT, S.RETURNED})
OUTCOME_STATUSES = frozenset({S.DRAFT, S.RETURNED, S.PUBLISHED})
# Evidence may still be added while the record waits for the Admin Pemda (it is what they ask for).
EVIDENCE_ADD_STATUSES = CONTENT_STATUSES | {S.SUBMITTED}

# model → (audit name, editable fields, statuses in which it may change)
PARTS = {
    InnovationPerson: ("person", ["name", "role", "is_initiator"], CONTENT_STATUSES),
    Partner: ("partner", ["name", "role"], CONTENT_STATUSES),
    Result: ("result", ["metric", "value", "unit", "year", "note"], CONTENT_STATUSES),
    Recognition: ("recognition", ["name", "giver", "category", "year", "awarded_on", "url"], OUTCOME_STATUSES),
}
REPLICATION_FIELDS = [
    "adopter_kind",
    "adopter_government",
    "adopter_agency",
    "adopter_name",
    "adopter_innovation",
    "partner_kind",
    "adopter_region",
    "year",
    "adopted_on",
    "evidence_kind",
    "note",
]


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def _values(obj, fields) -> dict:
    return {f: _plain(getattr(obj, obj._meta.get_field(f).attname)) for f in fields}


def _ensure_status(innovation: Innovation, allowed) -> Innovation:
    innovation = Innovation.objects.select_for_update().select_related("government").get(pk=innovation.pk)
    if innovation.status not in allowed:
        raise ValidationError(
            _("Data ini tidak dapat diubah saat inovasi berstatus %(status)s.")
            % {"status": innovation.get_status_display()}
        )
    return innovation


def _strip(fields: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


# --- People, partners, results, recognitions ---------------------------------------------------


def _check_link(part) -> None:
    """A recognition's link is http(s) only (the model's URLField would also take ftp:)."""
    try:
        validate_web_url(getattr(part, "url", ""))
    except ValidationError as exc:
        raise ValidationError({"url": exc.messages}) from None


@transaction.atomic
def add_part(*, innovation: Innovation, model, actor, **fields):
    """Add a person, partner, result or recognition (by `model`) to the innovation. Audited."""
    label, allowed_fields, statuses = PARTS[model]
    innovation = _ensure_status(innovation, statuses)
    unknown = set(fields) - set(allowed_fields)
    if unknown:
        raise ValueError(f"add_part({model.__name__}) cannot set {sorted(unknown)}")
    part = model(innovation=innovation, **_strip(fields))
    part.full_clean(exclude=["innovation"])
    _check_link(part)
    part.save()
    record_event(
        actor=actor,
        action=f"innovation.{label}.create",
        obj=innovation,
        after={"id": part.pk, **_values(part, allowed_fields)},
    )
    return part


@transaction.atomic
def update_part(*, part, actor, **changes):
    """Change a person, partner, result or recognition. Audited with the changed fields only."""
    model = type(part)
    label, allowed_fields, statuses = PARTS[model]
    part = model.objects.select_for_update().get(pk=part.pk)
    innovation = _ensure_status(part.innovation, statuses)
    unknown = set(changes) - set(allowed_fields)
    if unknown:
        raise ValueError(f"update_part({model.__name__}) cannot change {sorted(unknown)}")
    before = _values(part, allowed_fields)
    for field, value in _strip(changes).items():
        setattr(part, field, value)
    part.full_clean(exclude=["innovation"])
    _check_link(part)
    after = _values(part, allowed_fields)
    keys = [k for k in after if before[k] != after[k]]
    if keys:
        part.save()
        record_event(
            actor=actor,
            action=f"innovation.{label}.update",
            obj=innovation,
            before={"id": part.pk, **{k: before[k] for k in keys}},
            after={"id": part.pk, **{k: after[k] for k in keys}},
        )
    return part


@transaction.atomic
def delete_part(*, part, actor) -> None:
    """Remove a person, partner, result or recognition. Audited with what was removed."""
    model = type(part)
    label, allowed_fields, statuses = PARTS[model]
    part = model.objects.select_for_update().get(pk=part.pk)
    innovation = _ensure_status(part.innovation, statuses)
    before = {"id": part.pk, **_values(part, allowed_fields)}
    part.delete()
    record_event(actor=actor, action=f"innovation.{label}.delete", obj=innovation, before=before)


# --- Replications ------------------------------------------------------------------------------


def _resolve_adopter(replication: Replication, innovation: Innovation) -> None:
    """Make the adopter fields consistent with `adopter_kind` and fill `adopter_name`."""
    kind = replication.adopter_kind
    own = _("Pemda tidak dapat mereplikasi inovasinya sendiri.")
    if kind == AdopterKind.GOVERNMENT:
        if replication.adopter_government is None:
            raise ValidationError({"adopter_government": _("Pilih pemerintah daerah yang mereplikasi.")})
        if replication.adopter_government.pk == innovation.government_id:
            raise ValidationError({"adopter_government": own})
        replication.adopter_agency = None
        replication.adopter_name = replication.adopter_government.name
        replication.adopter_region = replication.adopter_government.region
        replication.partner_kind = ""
    elif kind == AdopterKind.AGENCY:
        if replication.adopter_agency is None:
            raise ValidationError({"adopter_agency": _("Pilih perangkat daerah yang mereplikasi.")})
        if replication.adopter_agency.government_id == innovation.government_id:
            raise ValidationError({"adopter_agency": own})
        replication.adopter_government = replication.adopter_agency.government
        replication.adopter_name = replication.adopter_agency.name
        replication.adopter_region = replication.adopter_government.region
        replication.partner_kind = ""
    elif kind == AdopterKind.NON_GOVERNMENT:
        if not (replication.adopter_name or "").strip():
            raise ValidationError({"adopter_name": _("Tulis nama mitra non-pemerintah yang mereplikasi.")})
        replication.adopter_government = None
        replication.adopter_agency = None
        replication.adopter_name = replication.adopter_name.strip()
    else:
        raise ValidationError({"adopter_kind": _("Pilih jenis pereplikasi.")})
    # The year of the edge: given, or taken from the date; a date in another year is a typo.
    if replication.adopted_on is not None:
        if replication.year is None:
            replication.year = replication.adopted_on.year
        elif replication.year != replication.adopted_on.year:
            raise ValidationError({"year": _("Tahun replikasi berbeda dengan tahun pada tanggal replikasi.")})
    if replication.adopter_innovation_id and replication.adopter_innovation_id == innovation.pk:
        raise ValidationError({"adopter_innovation": _("Inovasi tidak dapat menjadi replikasi dirinya sendiri.")})


def _attach_replication_file(replication: Replication, upload) -> None:
    try:
        checked = check_upload(upload, allowed=REPLICATION_TYPES)
    except ValidationError as exc:
        raise ValidationError({"evidence_upload": exc.messages}) from None
    upload.seek(0)
    replication.evidence_file.save(checked.name, ContentFile(upload.read()), save=False)


@transaction.atomic
def add_replication(*, innovation: Innovation, actor, evidence_upload=None, **fields) -> Replication:
    """Record that a Pemda, an agency of another Pemda or a non-government partner adopted the
    innovation. The adopter must match its kind; the name is taken from the Pemda/agency. An
    evidence file (statement or PKS) must be a PDF or an image. Audited.
    """
    innovation = _ensure_status(innovation, OUTCOME_STATUSES)
    unknown = set(fields) - set(REPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"add_replication cannot set {sorted(unknown)}")
    replication = Replication(innovation=innovation, **_strip(fields))
    _resolve_adopter(replication, innovation)
    replication.full_clean(exclude=["innovation", "evidence_file"])
    if evidence_upload is not None:
        _attach_replication_file(replication, evidence_upload)
    replication.save()
    replication_flows.edge_added(replication)
    record_event(
        actor=actor,
        action="innovation.replication.create",
        obj=innovation,
        after={"id": replication.pk, **_values(replication, [*REPLICATION_FIELDS, "evidence_file"])},
    )
    return replication


@transaction.atomic
def update_replication(*, replication: Replication, actor, evidence_upload=None, **changes) -> Replication:
    """Change a replication (and optionally replace its evidence file). Audited."""
    replication = Replication.objects.select_for_update().get(pk=replication.pk)
    innovation = _ensure_status(replication.innovation, OUTCOME_STATUSES)
    unknown = set(changes) - set(REPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"update_replication cannot change {sorted(unknown)}")
    fields = [*REPLICATION_FIELDS, "evidence_file"]
    before = _values(replication, fields)
    old_file = replication.evidence_file.name
    old_region_id, old_year = replication.adopter_region_id, replication.year
    for field, value in _strip(changes).items():
        setattr(replication, field, value)
    _resolve_adopter(replication, innovation)
    replication.full_clean(exclude=["innovation", "evidence_file"])
    if evidence_upload is not None:
        _attach_replication_file(replication, evidence_upload)
    after = _values(replication, fields)
    keys = [k for k in after if before[k] != after[k]]
    if keys:
        replication.save()
        replication_flows.edge_changed(replication, old_region_id=old_region_id, old_year=old_year)
        record_event(
            actor=actor,
            action="innovation.replication.update",
            obj=innovation,
            before={"id": replication.pk, **{k: before[k] for k in keys}},
            after={"id": replication.pk, **{k: after[k] for k in keys}},
        )
        if old_file and old_file != replication.evidence_file.name:
            storage = replication.evidence_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return replication


@transaction.atomic
def delete_replication(*, replication: Replication, actor) -> None:
    """Remove a replication record (and its file after commit). Audited."""
    replication = Replication.objects.select_for_update().get(pk=replication.pk)
    innovation = _ensure_status(replication.innovation, OUTCOME_STATUSES)
    before = {"id": replication.pk, **_values(replication, [*REPLICATION_FIELDS, "evidence_file"])}
    name, storage = replication.evidence_file.name, replication.evidence_file.storage
    replication.delete()
    replication_flows.edge_removed(replication)
    record_event(actor=actor, action="innovation.replication.delete", obj=innovation, before=before)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Evidence ----------------------------------------------------------------------------------

EVIDENCE_FIELDS = ["kind", "title", "url", "file", "content_type", "size", "sha256", "is_public"]


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Judul bukti wajib diisi.")})
    return title


@transaction.atomic
def add_evidence_file(*, innovation: Innovation, actor, title: str, upload, is_public: bool = False) -> Evidence:
    """Store an evidence file after checking its content and size (see `innovations.uploads`).

    Records the detected content type, size and SHA-256 and stores it under a cleaned name. A
    refused file writes nothing. Audited.
    """
    innovation = _ensure_status(innovation, EVIDENCE_ADD_STATUSES)
    title = _clean_title(title)
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    evidence = Evidence(
        innovation=innovation,
        kind=EvidenceKind.FILE,
        title=title,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    upload.seek(0)
    evidence.file.save(checked.name, ContentFile(upload.read()), save=False)
    evidence.save()
    record_event(
        actor=actor,
        action="innovation.evidence.create",
        obj=innovation,
        after={"id": evidence.pk, **_values(evidence, EVIDENCE_FIELDS)},
    )
    return evidence


@transaction.atomic
def add_evidence_link(
    *, innovation: Innovation, actor, title: str, url: str, kind: str = EvidenceKind.VIDEO, is_public: bool = False
) -> Evidence:
    """Record a video or other link as evidence (http/https only). Audited."""
    innovation = _ensure_status(innovation, EVIDENCE_ADD_STATUSES)
    if kind not in {EvidenceKind.VIDEO, EvidenceKind.LINK}:
        raise ValueError("add_evidence_link takes a video or link kind")
    title = _clean_title(title)
    try:
        url = check_video_url(url)
    except ValidationError as exc:
        raise ValidationError({"url": exc.messages}) from None
    evidence = Evidence(
        innovation=innovation,
        kind=kind,
        title=title,
        url=url,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.full_clean(exclude=["innovation", "file", "uploaded_by"])
    evidence.save()
    record_event(
        actor=actor,
        action="innovation.evidence.create",
        obj=innovation,
        after={"id": evidence.pk, **_values(evidence, EVIDENCE_FIELDS)},
    )
    return evidence


@transaction.atomic
def update_evidence(*, evidence: Evidence, actor, title: str | None = None, is_public: bool | None = None) -> Evidence:
    """Rename evidence or change whether the public may see it (the file itself never changes)."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    innovation = _ensure_status(evidence.innovation, CONTENT_STATUSES)
    before = {"title": evidence.title, "is_public": evidence.is_public}
    if title is not None:
        evidence.title = _clean_title(title)
    if is_public is not None:
        evidence.is_public = bool(is_public)
    after = {"title": evidence.title, "is_public": evidence.is_public}
    keys = [k for k in after if before[k] != after[k]]
    if keys:
        evidence.save(update_fields=["title", "is_public"])
        record_event(
            actor=actor,
            action="innovation.evidence.update",
            obj=innovation,
            before={"id": evidence.pk, **{k: before[k] for k in keys}},
            after={"id": evidence.pk, **{k: after[k] for k in keys}},
        )
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, actor) -> None:
    """Remove evidence; its file is deleted from storage after commit. Audited."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    innovation = _ensure_status(evidence.innovation, CONTENT_STATUSES)
    before = {"id": evidence.pk, **_values(evidence, EVIDENCE_FIELDS)}
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    record_event(actor=actor, action="innovation.evidence.delete", obj=innovation, before=before)
    if name:
        transaction.on_commit(lambda: storage.delete(name))

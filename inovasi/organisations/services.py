"""Business verbs for Pemda and their agencies. Each runs in one transaction and is audited."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.organisations.models import Agency, Government, OrganizerBody
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

CONTACT_FIELDS = ["public_email", "public_phone", "public_address"]
AGENCY_AUDIT_FIELDS = ["name", "short_name", "kind", "parent", "is_active", *CONTACT_FIELDS]


@dataclass(frozen=True)
class SyncResult:
    created: int
    total: int


def government_names(region: Region) -> tuple[str, str]:
    if region.level == RegionLevel.PROVINSI:
        return f"Pemerintah Provinsi {region.name}", f"Pemprov {region.name}"
    if region.level == RegionLevel.KOTA:
        bare = region.name.removeprefix("Kota ")
        return f"Pemerintah Kota {bare}", f"Pemkot {bare}"
    bare = region.name.removeprefix("Kabupaten ")
    return f"Pemerintah Kabupaten {bare}", f"Pemkab {bare}"


@transaction.atomic
def sync_governments() -> SyncResult:
    """Create the Pemda of every autonomous region that has none yet (idempotent)."""
    have = set(Government.objects.values_list("region_id", flat=True))
    new = []
    for region in Region.objects.autonomous().exclude(id__in=have):
        name, short_name = government_names(region)
        new.append(Government(region=region, name=name, short_name=short_name))
    Government.objects.bulk_create(new)
    return SyncResult(created=len(new), total=Government.objects.count())


def _validate_parent(*, agency: Agency | None, government: Government, parent: Agency | None):
    if parent is None:
        return
    if parent.government_id != government.pk:
        raise ValidationError({"parent": _("Induk harus perangkat daerah dari pemerintah daerah yang sama.")})
    if (
        agency is not None
        and agency.pk is not None
        and (parent.pk == agency.pk or parent.pk in agency.descendant_ids())
    ):
        raise ValidationError({"parent": _("Perangkat daerah tidak dapat dipindahkan ke bawah dirinya sendiri.")})


def _save_agency(agency: Agency):
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("Nama perangkat daerah ini sudah dipakai di pemerintah daerah yang sama.")}
        ) from exc


@transaction.atomic
def create_agency(
    *,
    government: Government,
    name: str,
    kind: str,
    parent: Agency | None = None,
    short_name: str = "",
    actor,
    **contact,
) -> Agency:
    """Create an agency under `government` (and under `parent`, if given), optionally with its public
    contact (public_email, public_phone, public_address). Audited."""
    _validate_parent(agency=None, government=government, parent=parent)
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"create_agency cannot set {sorted(unknown)}")
    agency = Agency(
        government=government,
        parent=parent,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        **{k: (v or "").strip() for k, v in contact.items()},
    )
    agency.full_clean(exclude=["government", "parent"], validate_constraints=False)
    _save_agency(agency)
    record_event(actor=actor, action="agency.create", obj=agency, after=snapshot(agency, AGENCY_AUDIT_FIELDS))
    return agency


@transaction.atomic
def update_agency(*, agency: Agency, actor, **changes) -> Agency:
    """Rename, re-classify or move an agency, or change its public contact. `changes` may hold
    name, short_name, kind, parent, public_email, public_phone, public_address."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = snapshot(agency, AGENCY_AUDIT_FIELDS)
    if "parent" in changes:
        _validate_parent(agency=agency, government=agency.government, parent=changes["parent"])
    for field, value in changes.items():
        if field not in {"name", "short_name", "kind", "parent", *CONTACT_FIELDS}:
            raise ValueError(f"update_agency cannot change {field}")
        setattr(agency, field, value.strip() if isinstance(value, str) else value)
    agency.full_clean(exclude=["government", "parent"], validate_constraints=False)
    after = snapshot(agency, AGENCY_AUDIT_FIELDS)
    if before == after:
        return agency
    _save_agency(agency)
    record_event(actor=actor, action="agency.update", obj=agency, before=before, after=after)
    return agency


@transaction.atomic
def set_agency_active(*, agency: Agency, active: bool, actor) -> Agency:
    """Deactivate (or reactivate) an agency. Deactivating one with active units is refused."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_active == active:
        return agency
    if not active and agency.children.filter(is_active=True).exists():
        raise ValidationError(_("Nonaktifkan atau pindahkan dulu unit di bawah perangkat daerah ini."))
    if active and agency.parent is not None and not agency.parent.is_active:
        raise ValidationError(_("Aktifkan dulu induknya: %(parent)s.") % {"parent": agency.parent.name})
    agency.is_active = active
    agency.save(update_fields=["is_active", "updated_at"])
    record_event(
        actor=actor,
        action="agency.activate" if active else "agency.deactivate",
        obj=agency,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return agency


@transaction.atomic
def delete_agency(*, agency: Agency, actor) -> None:
    """Delete an agency that nothing refers to yet; anything referenced must be deactivated instead."""
    before = snapshot(agency, AGENCY_AUDIT_FIELDS)
    record_event(actor=actor, action="agency.delete", obj=agency, before=before)
    try:
        with transaction.atomic():
            agency.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Perangkat daerah ini sudah dirujuk oleh data lain sehingga tidak dapat dihapus; nonaktifkan saja.")
        ) from exc


BODY_AUDIT_FIELDS = ["name", "short_name", "government", "is_active"]


def _save_body(body: OrganizerBody):
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("Nama penyelenggara ini sudah dipakai.")}) from exc


def _clean_body(body: OrganizerBody):
    body.name, body.short_name = body.name.strip(), body.short_name.strip()
    if not body.name:
        raise ValidationError({"name": _("Nama penyelenggara wajib diisi.")})
    if body.government is not None and not body.government.is_active:
        raise ValidationError({"government": _("Pemerintah daerah ini tidak aktif.")})
    if OrganizerBody.objects.filter(name__iexact=body.name).exclude(pk=body.pk).exists():
        raise ValidationError({"name": _("Nama penyelenggara ini sudah dipakai.")})


@transaction.atomic
def create_body(*, name: str, short_name: str = "", government: Government | None = None, actor) -> OrganizerBody:
    """A new organizer body: regional (it belongs to a Pemda) or national (no Pemda). Audited."""
    body = OrganizerBody(name=name, short_name=short_name or "", government=government)
    _clean_body(body)
    _save_body(body)
    record_event(actor=actor, action="organizer_body.create", obj=body, after=snapshot(body, BODY_AUDIT_FIELDS))
    return body


@transaction.atomic
def update_body(*, body: OrganizerBody, actor, **changes) -> OrganizerBody:
    """Rename a body or change the Pemda it belongs to; `changes` may hold name, short_name, government."""
    body = OrganizerBody.objects.select_for_update().get(pk=body.pk)
    before = snapshot(body, BODY_AUDIT_FIELDS)
    for field, value in changes.items():
        if field not in {"name", "short_name", "government"}:
            raise ValueError(f"update_body cannot change {field}")
        setattr(body, field, value if value is not None or field == "government" else "")
    _clean_body(body)
    after = snapshot(body, BODY_AUDIT_FIELDS)
    if before == after:
        return body
    _save_body(body)
    record_event(actor=actor, action="organizer_body.update", obj=body, before=before, after=after)
    return body


@transaction.atomic
def set_body_active(*, body: OrganizerBody, active: bool, actor) -> OrganizerBody:
    """Deactivate (or reactivate) a body. Its memberships stay, so reactivating restores its people."""
    body = OrganizerBody.objects.select_for_update().get(pk=body.pk)
    if body.is_active == active:
        return body
    body.is_active = active
    body.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action="organizer_body.activate" if active else "organizer_body.deactivate",
        obj=body,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return body

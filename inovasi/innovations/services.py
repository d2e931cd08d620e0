"""Business verbs of the innovation registry: the record, its workflow and its yearly versions.

Every verb runs in one transaction, writes an audit event on the innovation inside it and sends
e-mail only after commit. Child records (people, partners, results, recognitions, replications,
evidence) have their verbs in `innovations.parts`; they are re-exported here.

Workflow (one table, `enums.ALLOWED_TRANSITIONS`, moved by `audit.transitions.transition`):

    draft ──submit──▶ submitted ──publish──▶ published ──archive (reason)──▶ archived
    returned ──submit──▶ submitted ──return (reason)──▶ returned        archived ──restore──▶ published
    published ──reopen for revision (reason)──▶ returned  (leaves the catalog until published again)
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import User
from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.innovations import corrections, progress, replication_flows
from inovasi.innovations.enums import ALLOWED_TRANSITIONS, INNOVATION_MACHINE, REASON_REQUIRED, InnovationStatus
from inovasi.innovations.models import (
    GovernmentAffair,
    Innovation,
    InnovationVersion,
    SustainableDevelopmentGoal,
)
from inovasi.innovations.parts import (  # re-exported: one module for every registry verb
    add_evidence_file,
    add_evidence_link,
    add_part,
    add_replication,
    delete_evidence,
    delete_part,
    delete_replication,
    update_evidence,
    update_part,
    update_replication,
)
from inovasi.inputs import single_line
from inovasi.outbox.services import queue_mail

S = InnovationStatus

EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED})

NARRATIVE_FIELDS = [
    "summary",
    "background",
    "novelty",
    "implementation",
    "significance",
    "adaptability",
    "resources",
    "sustainability",
]
CONTENT_FIELDS = [
    "agency",
    "name",
    "acronym_expansion",
    "initiator_kind",
    "form",
    "type",
    "stage",
    "started_on",
    "started_year_only",
    "year",
    *NARRATIVE_FIELDS,
]
M2M_FIELDS = ["affairs", "sdgs"]
CHANGEABLE_FIELDS = frozenset(CONTENT_FIELDS) - {"year"} | frozenset(M2M_FIELDS)


def jakarta_year() -> int:
    return timezone.localtime(timezone.now(), ZoneInfo("Asia/Jakarta")).year


# --- Snapshots for the audit trail and the yearly versions -------------------------------------


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def content_snapshot(innovation: Innovation) -> dict:
    """The record's own fields plus its affairs (codes) and SDGs (numbers)."""
    data = {}
    for name in CONTENT_FIELDS:
        field = Innovation._meta.get_field(name)
        data[name] = _plain(getattr(innovation, field.attname))
    data["affairs"] = sorted(innovation.affairs.values_list("code", flat=True))
    data["sdgs"] = sorted(innovation.sdgs.values_list("number", flat=True))
    return data


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _set_m2m(innovation: Innovation, name: str, values) -> None:
    model = GovernmentAffair if name == "affairs" else SustainableDevelopmentGoal
    items = list(values or [])
    ids = [v.pk if isinstance(v, model) else int(v) for v in items]
    getattr(innovation, name).set(ids)


def _clean_record(innovation: Innovation) -> None:
    # One line: a newline in the name once made every mail about the innovation fail (BadHeaderError).
    innovation.name = single_line(innovation.name or "")
    innovation.acronym_expansion = single_line(innovation.acronym_expansion or "")
    if not innovation.name:
        raise ValidationError({"name": _("Nama inovasi wajib diisi.")})
    innovation.full_clean(exclude=["agency", "government", "created_by"], validate_constraints=False)


# --- The record --------------------------------------------------------------------------------


@transaction.atomic
def create_innovation(*, agency, actor, **fields) -> Innovation:
    """Create a draft innovation of `agency`.

    `fields` may hold any content field plus `affairs` and `sdgs` (objects or IDs). `year` defaults
    to the current year in Asia/Jakarta. Only the name is required: a draft is saved at any time.
    Audited as `innovation.create`.
    """
    if agency is None:
        raise ValidationError({"agency": _("Perangkat daerah wajib dipilih.")})
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"create_innovation cannot set {sorted(unknown)}")
    fields.setdefault("year", jakarta_year())
    innovation = Innovation(
        agency=agency,
        government_id=agency.government_id,
        status=S.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    _clean_record(innovation)
    innovation.save()
    for name, values in m2m.items():
        _set_m2m(innovation, name, values)
    record_event(actor=actor, action="innovation.create", obj=innovation, after=content_snapshot(innovation))
    return innovation


def _locked(innovation: Innovation) -> Innovation:
    return Innovation.objects.select_for_update().select_related("agency", "government").get(pk=innovation.pk)


def ensure_editable(innovation: Innovation) -> None:
    if innovation.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Inovasi berstatus %(status)s tidak dapat diubah; hanya draf atau yang dikembalikan.")
            % {"status": innovation.get_status_display()}
        )


@transaction.atomic
def update_innovation(*, innovation: Innovation, actor, **changes) -> Innovation:
    """Change the content of a draft or returned innovation.

    `changes` may hold content fields (not `year`: see `start_new_year`) and `affairs`/`sdgs`.
    The agency may move only within the same Pemda. Audited as `innovation.update` with the
    changed fields before and after; nothing is written when nothing changed.
    """
    innovation = _locked(innovation)
    ensure_editable(innovation)
    unknown = set(changes) - CHANGEABLE_FIELDS
    if unknown:
        raise ValueError(f"update_innovation cannot change {sorted(unknown)}")
    before = content_snapshot(innovation)
    agency = changes.pop("agency", innovation.agency)
    if agency is None:
        raise ValidationError({"agency": _("Perangkat daerah wajib dipilih.")})
    if agency.government_id != innovation.government_id:
        raise ValidationError({"agency": _("Inovasi hanya dapat dipindahkan ke perangkat daerah Pemda yang sama.")})
    innovation.agency = agency
    m2m = {name: changes.pop(name) for name in M2M_FIELDS if name in changes}
    for field, value in changes.items():
        setattr(innovation, field, value.strip() if isinstance(value, str) else value)
    _clean_record(innovation)
    innovation.save()
    for name, values in m2m.items():
        _set_m2m(innovation, name, values)
    changed_before, changed_after = _changed(before, content_snapshot(innovation))
    if changed_after:
        record_event(
            actor=actor, action="innovation.update", obj=innovation, before=changed_before, after=changed_after
        )
    return innovation


# --- Workflow ----------------------------------------------------------------------------------


def missing_for_submission(innovation: Innovation) -> list[str]:
    """Every item still missing before an innovation can go to the Admin Pemda, in Indonesian.

    The one rule is `innovations.progress` (it also drives the task list and the form's marks).
    """
    return progress.missing_for_submission(innovation)


@transaction.atomic
def transition(*, innovation: Innovation, to: str, actor, reason: str = "") -> Innovation:
    """Move `innovation` to status `to` if `enums.ALLOWED_TRANSITIONS` allows it; the only status writer.

    The verbs below call it inside their own transaction, after locking the row, and add the
    notifications. Stores the reason (required for returning and archiving), stamps
    `submitted_at` / `published_at` and records `innovation.transition` with the old and new
    status and the reason.
    """
    reason = (reason or "").strip()

    def needs_reason(current, to):
        if (current, to) in REASON_REQUIRED and not reason:
            raise ValidationError({"reason": _("Alasan wajib diisi.")}, code="reason_required")

    now = timezone.now()
    current = innovation.status
    changes = {"status_reason": reason}
    if to == S.SUBMITTED:
        changes["submitted_at"] = now
    if to == S.PUBLISHED and current == S.SUBMITTED:
        changes["published_at"] = now
    # Read under the row lock `move` takes again: the province flows follow the stored status.
    was_published = Innovation.objects.select_for_update().filter(pk=innovation.pk, status=S.PUBLISHED).exists()
    move(
        innovation,
        to,
        machine=INNOVATION_MACHINE,
        actor=actor,
        changes=changes,
        after={"reason": reason},
        check=needs_reason,
    )
    if current == S.PUBLISHED and to != S.PUBLISHED:
        corrections.close_open_corrections(innovation, actor=actor, status_label=S(to).label)
    replication_flows.innovation_moved(innovation, was_published=was_published)
    return innovation


def _workspace_link(innovation: Innovation) -> str:
    return settings.SITE_URL + reverse("workspace:innovation_detail", args=[innovation.pk])


def pemda_admin_emails(government_id: int) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.PEMDA_ADMIN,
            memberships__government_id=government_id,
        )
        .distinct()
        .order_by("email")
        .values_list("email", flat=True)
    )


def operator_emails(innovation: Innovation) -> list[str]:
    """Operators of the innovation's agency, and whoever created the record."""
    emails = set(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.OPERATOR,
            memberships__agency_id=innovation.agency_id,
        ).values_list("email", flat=True)
    )
    if innovation.created_by_id:
        creator = User.objects.filter(pk=innovation.created_by_id, is_active=True).values_list("email", flat=True)
        emails.update(creator)
    return sorted(emails)


def _notify(*, template: str, subject: str, recipients: list[str], innovation: Innovation, actor) -> None:
    if not recipients:
        return
    body = render_to_string(
        f"innovations/email/{template}.txt",
        {"innovation": innovation, "actor": actor, "link": _workspace_link(innovation)},
    )
    queue_mail(to=recipients, subject=subject, body=body)  # in the caller's transaction, sent after commit


@transaction.atomic
def submit_innovation(*, innovation: Innovation, actor) -> Innovation:
    """Send a complete draft (or a corrected returned one) to the Admin Pemda.

    Refuses with the full list of missing items. Mails the government's Admin Pemda after commit.
    """
    innovation = _locked(innovation)
    if innovation.status in ALLOWED_TRANSITIONS and S.SUBMITTED in ALLOWED_TRANSITIONS[innovation.status]:
        missing = missing_for_submission(innovation)
        if missing:
            raise ValidationError(missing, code="incomplete")
    transition(innovation=innovation, to=S.SUBMITTED, actor=actor)
    _notify(
        template="submitted",
        subject=_("Inovasi diajukan: %(name)s") % {"name": innovation.name},
        recipients=pemda_admin_emails(innovation.government_id),
        innovation=innovation,
        actor=actor,
    )
    return innovation


@transaction.atomic
def publish_innovation(*, innovation: Innovation, actor) -> Innovation:
    """Admin Pemda accepts a submitted innovation (or restores an archived one): it becomes public.

    Mails the agency's operators and the creator after commit.
    """
    innovation = _locked(innovation)
    restoring = innovation.status == S.ARCHIVED
    transition(innovation=innovation, to=S.PUBLISHED, actor=actor)
    _notify(
        template="restored" if restoring else "published",
        subject=(_("Inovasi dipulihkan: %(name)s") if restoring else _("Inovasi diterbitkan: %(name)s"))
        % {"name": innovation.name},
        recipients=operator_emails(innovation),
        innovation=innovation,
        actor=actor,
    )
    return innovation


@transaction.atomic
def restore_innovation(*, innovation: Innovation, actor) -> Innovation:
    """Bring an archived innovation back to the public catalog (archived → published)."""
    innovation = _locked(innovation)
    if innovation.status != S.ARCHIVED:  # the table also allows submitted → published, which is not a restore
        raise INNOVATION_MACHINE.illegal(innovation.status, S.PUBLISHED)
    return publish_innovation(innovation=innovation, actor=actor)


@transaction.atomic
def return_innovation(*, innovation: Innovation, actor, reason: str) -> Innovation:
    """Admin Pemda sends a submitted innovation back for correction, saying why.

    Also reopens a published innovation for revision: it leaves the public catalog until the
    corrected version is submitted and published again.

    Mails the agency's operators and the creator after commit.
    """
    innovation = _locked(innovation)
    transition(innovation=innovation, to=S.RETURNED, actor=actor, reason=reason)
    _notify(
        template="returned",
        subject=_("Inovasi dikembalikan: %(name)s") % {"name": innovation.name},
        recipients=operator_emails(innovation),
        innovation=innovation,
        actor=actor,
    )
    return innovation


@transaction.atomic
def archive_innovation(*, innovation: Innovation, actor, reason: str) -> Innovation:
    """Take a published innovation out of the public catalog, saying why (e.g. discontinued).

    Mails the agency's operators and the creator after commit.
    """
    innovation = _locked(innovation)
    transition(innovation=innovation, to=S.ARCHIVED, actor=actor, reason=reason)
    _notify(
        template="archived",
        subject=_("Inovasi diarsipkan: %(name)s") % {"name": innovation.name},
        recipients=operator_emails(innovation),
        innovation=innovation,
        actor=actor,
    )
    return innovation


# --- Yearly versions ---------------------------------------------------------------------------


def full_snapshot(innovation: Innovation) -> dict:
    """Everything that describes the innovation in its current year, as plain JSON values."""
    data = content_snapshot(innovation)
    data["status"] = innovation.status
    data["agency_name"] = innovation.agency.name
    data["people"] = [{"name": p.name, "role": p.role, "is_initiator": p.is_initiator} for p in innovation.people.all()]
    data["partners"] = [{"name": p.name, "role": p.role} for p in innovation.partners.all()]
    data["results"] = [
        {"metric": r.metric, "value": str(r.value), "unit": r.unit, "year": r.year, "note": r.note}
        for r in innovation.results.all()
    ]
    data["recognitions"] = [
        {"name": r.name, "giver": r.giver, "category": r.category, "year": r.year}
        for r in innovation.recognitions.all()
    ]
    return data


@transaction.atomic
def start_new_year(*, innovation: Innovation, year: int, actor) -> InnovationVersion:
    """Freeze the current content into `InnovationVersion(year=<current year>)` and move on to `year`.

    The new year must be later than the current one, and each year keeps one version. The status
    does not change (a published innovation stays in the catalog with its new data year).
    Audited as `innovation.new_year`.
    """
    innovation = _locked(innovation)
    if innovation.status not in {S.DRAFT, S.RETURNED, S.PUBLISHED}:
        raise ValidationError(
            _("Tahun data tidak dapat diganti saat inovasi berstatus %(status)s.")
            % {"status": innovation.get_status_display()}
        )
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Tahun harus berupa angka.")}) from None
    if year <= innovation.year:
        raise ValidationError(
            {"year": _("Tahun baru harus setelah tahun data saat ini (%(year)s).") % {"year": innovation.year}}
        )
    if year > jakarta_year() + 1:
        raise ValidationError({"year": _("Tahun baru paling lambat %(year)s.") % {"year": jakarta_year() + 1}})
    if InnovationVersion.objects.filter(innovation=innovation, year=innovation.year).exists():
        raise ValidationError({"year": _("Versi tahun %(year)s sudah tersimpan.") % {"year": innovation.year}})
    version = InnovationVersion.objects.create(
        innovation=innovation, year=innovation.year, snapshot=full_snapshot(innovation)
    )
    old_year = innovation.year
    innovation.year = year
    innovation.save(update_fields=["year", "updated_at"])
    record_event(
        actor=actor, action="innovation.new_year", obj=innovation, before={"year": old_year}, after={"year": year}
    )
    return version


__all__ = [
    "ALLOWED_TRANSITIONS",
    "add_evidence_file",
    "add_evidence_link",
    "add_part",
    "add_replication",
    "archive_innovation",
    "create_innovation",
    "delete_evidence",
    "delete_part",
    "delete_replication",
    "missing_for_submission",
    "publish_innovation",
    "restore_innovation",
    "return_innovation",
    "start_new_year",
    "submit_innovation",
    "transition",
    "update_evidence",
    "update_innovation",
    "update_part",
    "update_replication",
]

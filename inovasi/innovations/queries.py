"""Named queries for the registry's workspace pages (each a fixed number of queries)."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from inovasi.accounts.rules import agencies_operated, governments_administered, is_system_admin
from inovasi.audit.models import AuditEvent
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.organisations.models import Agency


def operated_agency_ids(user) -> set[int]:
    """The operator's agencies and every unit below them."""
    ids = set(agencies_operated(user))
    frontier = set(ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    return ids


def innovations_for_user(user) -> QuerySet[Innovation]:
    """Innovations a workspace user manages: system admin all; Admin Pemda its government's;
    operator its agencies' (with their units)."""
    qs = Innovation.objects.select_related("agency", "government")
    if is_system_admin(user):
        return qs
    governments = governments_administered(user)
    agencies = operated_agency_ids(user)
    if not governments and not agencies:
        return qs.none()
    return qs.filter(Q(government_id__in=governments) | Q(agency_id__in=agencies))


def review_queue(user) -> QuerySet[Innovation]:
    """Submitted innovations waiting for this Admin Pemda (all of them for a system admin)."""
    qs = Innovation.objects.select_related("agency", "government").filter(status=InnovationStatus.SUBMITTED)
    if not is_system_admin(user):
        qs = qs.filter(government_id__in=governments_administered(user))
    return qs.order_by("submitted_at", "pk")


def agencies_for_new_innovation(user) -> QuerySet[Agency]:
    """Active agencies under which the user may record a new innovation."""
    qs = Agency.objects.active().select_related("government")
    if is_system_admin(user):
        return qs.order_by("government__region__code", "name")
    return qs.filter(
        Q(government_id__in=governments_administered(user)) | Q(pk__in=operated_agency_ids(user))
    ).order_by("name")


def history(innovation: Innovation) -> QuerySet[AuditEvent]:
    """Audit events of the innovation (its children's changes included), newest first."""
    return AuditEvent.objects.for_object(innovation).select_related("actor").order_by("-id")


_PART_LABELS = {
    "person": _("orang"),
    "partner": _("mitra"),
    "result": _("hasil terukur"),
    "recognition": _("penghargaan luar"),
    "replication": _("replikasi"),
    "evidence": _("bukti"),
}
_VERB_LABELS = {"create": _("ditambahkan"), "update": _("diubah"), "delete": _("dihapus")}


def _status_label(value) -> str:
    try:
        return str(InnovationStatus(value).label)
    except ValueError:
        return str(value)


def _field_label(name: str):
    try:
        return Innovation._meta.get_field(name).verbose_name
    except FieldDoesNotExist:  # an old event may name a field that no longer exists
        return name


def describe_event(event: AuditEvent) -> dict:
    """A history line in Indonesian: what happened and the one detail worth showing."""
    action, before, after = event.action, event.before or {}, event.after or {}
    detail = ""
    if action == "innovation.create":
        label = _("Inovasi dicatat")
    elif action == "innovation.update":
        label = _("Data diubah")
        detail = ", ".join(str(_field_label(name)) for name in after)
    elif action == "innovation.transition":
        label = _("Status: %(old)s → %(new)s") % {
            "old": _status_label(before.get("status")),
            "new": _status_label(after.get("status")),
        }
        detail = after.get("reason") or ""
    elif action == "innovation.correct":
        label = _("Dikoreksi (tanpa keluar dari katalog)")
        detail = ", ".join(str(_field_label(name)) for name in after if name not in ("correction", "reason"))
    elif action == "innovation.new_year":
        label = _("Tahun data %(old)s disimpan sebagai versi; kini tahun %(new)s") % {
            "old": before.get("year"),
            "new": after.get("year"),
        }
    else:
        parts = action.split(".")
        if len(parts) == 3 and parts[1] in _PART_LABELS and parts[2] in _VERB_LABELS:
            label = f"{_PART_LABELS[parts[1]].capitalize()} {_VERB_LABELS[parts[2]]}"
            item = after or before
            detail = item.get("name") or item.get("title") or item.get("metric") or item.get("adopter_name") or ""
        else:
            label = action
    return {"event": event, "label": label, "detail": detail}

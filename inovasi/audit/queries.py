"""Reading the audit trail: whose events a person may see, filters, and before/after as a diff.

System admins read the whole trail. An organizer reads the events of the editions of the bodies it
organizes: events on an edition and on every object that leads to one through foreign keys (a
stage, a proposal, an objection, a scorecard, a visit, an award …). Those paths are found from the
models themselves (`edition_paths`), so a new edition-owned model joins the trail without a list to
update. Events are matched by (object type, object id) with subqueries; nothing is loaded per row.
"""

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from inovasi.audit.models import AuditEvent

MAX_DEPTH = 4
FILTER_MAX_LENGTH = 100


@functools.cache
def paths_to(target_label: str) -> dict[str, str]:
    """{model label: lookup path from that model to `target_label`} ("" for the target itself)."""
    target = apps.get_model(target_label)
    paths = {target._meta.label_lower: ""}
    for model in apps.get_models():
        if model is target or model is AuditEvent:
            continue
        path = _path_to(model, target, MAX_DEPTH, {model})
        if path:
            paths[model._meta.label_lower] = path
    return paths


def edition_paths() -> dict[str, str]:
    return paths_to("competitions.Edition")


# Body-owned records an organizer also reads: its competitions and its jurors (not the users).
BODY_OWNED = ("competitions.competition", "judging.juror")


def _path_to(model, target, depth, seen) -> str | None:
    """The shortest forward-FK path from `model` to `target` (breadth first, at most `depth` hops)."""
    frontier = [(model, "")]
    for _hop in range(depth):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete or field.related_model is None:
                    continue
                path = f"{prefix}__{field.name}" if prefix else field.name
                if field.related_model is target:
                    return path
                if field.related_model not in seen:
                    seen.add(field.related_model)
                    following.append((field.related_model, path))
        frontier = following
    return None


def _condition(paths: dict[str, str], ids) -> Q:
    condition = Q(pk__in=[])
    for label, path in paths.items():
        model = apps.get_model(label)
        lookup = f"{path}__in" if path else "pk__in"
        keys = model._default_manager.filter(**{lookup: ids}).annotate(key=Cast("pk", CharField()))
        condition |= Q(object_type=label, object_id__in=keys.values("key"))
    return condition


def edition_condition(edition_ids) -> Q:
    """Events on the given editions or on anything that belongs to them."""
    return _condition(edition_paths(), list(edition_ids))


def body_condition(body_ids) -> Q:
    """Events on the bodies' own records (`BODY_OWNED`) that no edition owns."""
    paths = paths_to("organisations.OrganizerBody")
    return _condition({label: paths[label] for label in BODY_OWNED if label in paths}, list(body_ids))


def visible_events(user, *, is_admin: bool, edition_ids, body_ids=()):
    """The trail `user` may read: everything for system admins, else the given editions' events
    (and, with `body_ids`, the events on those bodies' competitions and jurors)."""
    events = AuditEvent.objects.select_related("actor")
    if is_admin:
        return events
    condition = edition_condition(edition_ids)
    if body_ids:
        condition |= body_condition(body_ids)
    return events.filter(condition)


@dataclass
class Filters:
    object_type: str = ""
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    edition_id: int | None = None

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read `?jenis=&pelaku=&tindakan=&dari=&sampai=&edisi=`; malformed values are ignored."""

        def text(name):
            return " ".join((params.get(name) or "").split())[:FILTER_MAX_LENGTH]

        def day(name):
            try:
                return date.fromisoformat(params.get(name) or "")
            except ValueError:
                return None

        try:
            edition_id = int(params.get("edisi") or "")
        except ValueError:
            edition_id = None
        return cls(text("jenis"), text("pelaku"), text("tindakan"), day("dari"), day("sampai"), edition_id)

    def apply(self, events):
        if self.object_type:
            events = events.filter(object_type=self.object_type)
        if self.actor:
            events = events.filter(Q(actor_label__icontains=self.actor) | Q(actor__full_name__icontains=self.actor))
        if self.action:
            events = events.filter(action__startswith=self.action)
        zone = timezone.get_current_timezone()
        if self.date_from:
            events = events.filter(created_at__gte=datetime.combine(self.date_from, time.min, zone))
        if self.date_to:
            events = events.filter(created_at__lt=datetime.combine(self.date_to + timedelta(days=1), time.min, zone))
        return events


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if self.before == "":
            return "added"
        if self.after == "":
            return "removed"
        return "changed" if self.before != self.after else "same"


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def diff(before, after) -> list[Change]:
    """One row per key of `before` or `after` (dicts; anything else is shown under "nilai")."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        if before is None and isinstance(after, dict):
            before = {}
        elif after is None and isinstance(before, dict):
            after = {}
        else:
            before, after = (
                {"nilai": before} if before is not None else {},
                {"nilai": after} if after is not None else {},
            )
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(key, _shown(before.get(key)), _shown(after.get(key))) for key in keys]

"""Writing and verifying the audit trail.

Every state-changing service calls `record_event` inside its own transaction, so the event and the
change commit or roll back together.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from inovasi.audit.context import client_address
from inovasi.audit.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same for every writer of the chain.
_ADVISORY_LOCK_KEY = 7_310_442_001


def _canonical(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "client_address": event.client_address,
        "previous_hash": event.previous_hash,
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _lock_chain():
    """Serialise writers so two events never claim the same predecessor.

    SQLite already serialises writers (IMMEDIATE transactions); PostgreSQL takes a transaction-level
    advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def _normalise(value):
    # Round-trip through JSON so what we hash is exactly what the JSONField stores and reads back.
    return None if value is None else json.loads(_canonical(value))


def record_event(*, actor, action: str, obj, before: dict | None = None, after: dict | None = None) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = _chained(actor, action, obj, before, after, timezone.now(), client_address.get(), last or GENESIS_HASH)
        event.save()
    return event


def _chained(actor, action, obj, before, after, now, address, previous_hash) -> AuditEvent:
    """One unsaved event after `previous_hash`, with its own hash (shared by both writers)."""
    event = AuditEvent(
        created_at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=_normalise(before),
        after=_normalise(after),
        client_address=address,
        previous_hash=previous_hash,
    )
    event.hash = compute_hash(event)
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Walk the chain in order and report the first event whose links or content do not match."""
    expected_previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != expected_previous:
            return ChainReport(checked, event.id, "previous_hash does not match the preceding event")
        if compute_hash(event) != event.hash:
            return ChainReport(checked, event.id, "content does not match its hash")
        expected_previous = event.hash
        checked += 1
    return ChainReport(checked, None, "")


def snapshot(obj, fields: list[str]) -> dict:
    """The named fields of a model instance as plain values, for `before`/`after`."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = getattr(obj, field.attname)
    return data


def record_events(*, actor, action: str, entries) -> int:
    """Append several events of one action to the chain at once (a bulk verdict, say): one lock,
    one read of the chain's end, one batched INSERT. `entries` yields (obj, before, after); each
    event is chained and hashed exactly as `record_event` would. Must run inside the caller's
    transaction. Returns how many events were written."""
    with transaction.atomic():
        _lock_chain()
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        now = timezone.now()
        address = client_address.get()
        events = []
        for obj, before, after in entries:
            event = _chained(actor, action, obj, before, after, now, address, previous)
            previous = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=500)
        # bulk_create sends no post_save; listeners (webhooks) must hear every event, however written.
        for event in events:
            post_save.send(sender=AuditEvent, instance=event, created=True, raw=False, using=event._state.db)
    return len(events)

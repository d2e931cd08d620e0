import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from inovasi.audit.context import client_address
from inovasi.audit.models import AuditEvent, AuditLogIsAppendOnly
from inovasi.audit.services import GENESIS_HASH, record_event, verify_chain


def _events(cast, n):
    return [
        record_event(
            actor=cast.admin_a,
            action="agency.update",
            obj=cast.agency_a,
            before={"name": f"v{i}"},
            after={"name": f"v{i + 1}"},
        )
        for i in range(n)
    ]


def test_each_event_links_to_the_previous_one(cast):
    first, second, third = _events(cast, 3)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    report = verify_chain()
    assert (report.ok, report.checked) == (True, 3)


def test_an_event_keeps_actor_object_and_client_address(cast):
    token = client_address.set("203.0.113.7")
    try:
        event = record_event(actor=cast.admin_a, action="agency.create", obj=cast.agency_a, after={"x": 1})
    finally:
        client_address.reset(token)
    event.refresh_from_db()
    assert (event.actor_label, event.object_type, event.object_id, event.object_repr, event.client_address) == (
        "admin.a@uji.test",
        "organisations.agency",
        str(cast.agency_a.pk),
        "Dinas Pertanian Kota Batu",
        "203.0.113.7",
    )


def test_events_cannot_be_changed_or_deleted_through_the_orm(cast):
    (event,) = _events(cast, 1)
    event.action = "other"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(action="x")


def test_the_command_reports_the_first_altered_event(cast):
    events = _events(cast, 4)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"name": "forged"}', events[2].id])
    with pytest.raises(
        CommandError,
        match=rf"broken at event #{events[2].id}: content does not match its hash "
        r"\(2 events verified before it\)",
    ):
        call_command("verify_audit_chain")


def test_the_command_reports_a_removed_event(cast):
    events = _events(cast, 3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    report = verify_chain()
    assert (report.first_broken_id, report.reason) == (events[2].id, "previous_hash does not match the preceding event")


def test_the_command_confirms_an_intact_chain(cast, capsys):
    _events(cast, 2)
    call_command("verify_audit_chain")
    assert "Audit chain intact: 2 events verified." in capsys.readouterr().out


def test_events_written_in_a_batch_are_announced_like_single_ones(cast):
    from django.db.models.signals import post_save

    from inovasi.audit.services import record_events

    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.action, instance.pk is not None, created))

    post_save.connect(listener, sender=AuditEvent, dispatch_uid="test-batch-listener")
    try:
        written = record_events(
            actor=cast.admin_a,
            action="agency.update",
            entries=[(cast.agency_a, {"name": "a"}, {"name": "b"}), (cast.agency_b, {"name": "c"}, {"name": "d"})],
        )
    finally:
        post_save.disconnect(dispatch_uid="test-batch-listener", sender=AuditEvent)
    assert written == 2
    assert heard == [("agency.update", True, True), ("agency.update", True, True)]
    assert verify_chain().ok

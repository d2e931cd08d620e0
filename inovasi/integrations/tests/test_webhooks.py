"""Webhooks: signed deliveries to a real HTTP receiver, retried after a refusal, never blocking or
undoing the change, nothing lost; endpoints refused for bad or internal addresses."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.tests.conftest import enter, make_innovation
from inovasi.integrations import signing, webhooks
from inovasi.integrations.enums import DeliveryState, Event
from inovasi.integrations.models import WebhookDelivery


def test_signatures_verify_and_refuse_tampering_and_replays():
    body = b'{"event":"ping"}'
    header = signing.sign("rahasia", body, timestamp=1_700_000_000)
    assert signing.verify("rahasia", body, header, now=1_700_000_010)
    assert not signing.verify("rahasia", body + b" ", header, now=1_700_000_010)
    assert not signing.verify("lain", body, header, now=1_700_000_010)
    assert not signing.verify("rahasia", body, header, now=1_700_000_000 + 3600)
    for broken in ("", "t=abc,v1=00", "v1=00", "t=1"):
        assert not signing.verify("rahasia", body, broken)


def test_proposal_moves_reach_the_pemda_s_receiver_signed_after_commit(
    cast, kovablik, pemda_a, receiver, django_capture_on_commit_callbacks
):
    with receiver() as server:
        _endpoint, secret = webhooks.register_endpoint(
            owner=pemda_a, url=server.url, events=[Event.PROPOSAL_STATE_CHANGED], actor=cast.admin_a
        )
        assert AuditEvent.objects.filter(action="webhook.register").count() == 1
        innovation = make_innovation(cast.agency_a, "Among Tani Crop")
        with django_capture_on_commit_callbacks(execute=True):
            proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
        assert proposal.state == ProposalState.SUBMITTED
    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert len(server.requests) == len(deliveries) >= 2
    assert {d.state for d in deliveries} == {DeliveryState.DELIVERED}
    for request in server.requests:
        assert signing.verify(secret, request["body"], request["headers"][signing.HEADER])
    last = json.loads(server.requests[-1]["body"])
    assert last["event"] == "proposal.state_changed"
    assert last["data"]["state"] == "submitted" and last["data"]["proposal"] == proposal.pk
    assert last["data"]["government"]["id"] == cast.gov_a.pk


def test_a_refused_delivery_is_retried_with_backoff_and_nothing_is_lost(
    cast, kovablik, pemda_a, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_BACKOFF_SECONDS = [60, 600]
    with receiver(statuses=[500, 503, 200]) as server:
        webhooks.register_endpoint(
            owner=pemda_a, url=server.url, events=[Event.PROPOSAL_STATE_CHANGED], actor=cast.admin_a
        )
        innovation = make_innovation(cast.agency_a, "Among Tani Crop")
        with django_capture_on_commit_callbacks(execute=True):
            proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
        first = WebhookDelivery.objects.order_by("pk").first()
        assert (first.state, first.attempts, first.response_status) == (DeliveryState.QUEUED, 1, 500)
        assert first.next_attempt_at == timezone.now() + timedelta(seconds=60)
        assert webhooks.send_due(now=timezone.now()) == 0  # not due yet
        webhooks.send_due(now=timezone.now() + timedelta(seconds=61))
        webhooks.send_due(now=timezone.now() + timedelta(seconds=700))
    states = list(WebhookDelivery.objects.values_list("state", flat=True))
    assert states and set(states) == {DeliveryState.DELIVERED}
    # The change itself was never held back by the refusals.
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    ids = [json.loads(r["body"])["id"] for r in server.requests]
    assert set(ids) == set(WebhookDelivery.objects.values_list("event_id", flat=True))


def test_after_the_last_retry_a_delivery_is_failed_and_can_be_sent_again(
    cast, kovablik, pemda_a, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_BACKOFF_SECONDS = [1]
    with receiver(statuses=[500]) as server:
        webhooks.register_endpoint(
            owner=pemda_a, url=server.url, events=[Event.PROPOSAL_STATE_CHANGED], actor=cast.admin_a
        )
        with django_capture_on_commit_callbacks(execute=True):
            enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
        webhooks.send_due(now=timezone.now() + timedelta(seconds=5))
        delivery = WebhookDelivery.objects.order_by("pk").first()
        assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 2)
        assert '"diterima": false' in delivery.response_body or "diterima" in delivery.response_body
        server.statuses = [200]
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.resend(delivery=delivery, actor=cast.admin_a)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert AuditEvent.objects.filter(action="webhook.resend").count() == 1


def test_an_unreachable_receiver_never_blocks_the_change(cast, kovablik, pemda_a, django_capture_on_commit_callbacks):
    webhooks.register_endpoint(
        owner=pemda_a, url="http://127.0.0.1:9/tidak-ada", events=[Event.PROPOSAL_STATE_CHANGED], actor=cast.admin_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    assert proposal.state == ProposalState.SUBMITTED
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {DeliveryState.QUEUED}
    assert "Error" in WebhookDelivery.objects.first().last_error


def test_only_subscribed_endpoints_of_the_concerned_owners_receive(cast, kovablik, pemda_a):
    from inovasi.integrations.enums import OwnerKind
    from inovasi.integrations.owners import Owner

    webhooks.register_endpoint(
        owner=Owner(OwnerKind.GOVERNMENT, cast.gov_b),
        url="http://127.0.0.1:9/b",
        events=[Event.PROPOSAL_STATE_CHANGED],
        actor=cast.admin_b,
    )
    webhooks.register_endpoint(
        owner=pemda_a, url="http://127.0.0.1:9/a", events=[Event.CERTIFICATE_ISSUED], actor=cast.admin_a
    )
    enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url, message",
    [
        ("bukan-url", "tidak sah"),
        ("ftp://contoh.go.id/x", "tidak sah"),
        ("https://user:pw@contoh.go.id/x", "kata sandi"),
        ("http://10.0.0.5/webhook", "jaringan internal"),
        ("http://169.254.169.254/latest/meta-data", "jaringan internal"),
        ("http://localhost:8000/x", "jaringan internal"),
    ],
)
def test_bad_and_internal_addresses_are_refused_in_production(cast, pemda_a, settings, url, message):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match=message):
        webhooks.register_endpoint(
            owner=pemda_a, url=url, events=[Event.PING.value and "results.published"], actor=cast.admin_a
        )


def test_https_is_required_when_configured(cast, pemda_a, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    with pytest.raises(ValidationError, match="https"):
        webhooks.register_endpoint(
            owner=pemda_a, url="http://127.0.0.1/x", events=["results.published"], actor=cast.admin_a
        )


def test_events_must_be_known_and_the_manager_must_hold_the_role(cast, pemda_a):
    with pytest.raises(ValidationError, match="tidak dikenal"):
        webhooks.register_endpoint(owner=pemda_a, url="http://127.0.0.1/x", events=["apa.saja"], actor=cast.admin_a)
    with pytest.raises(ValidationError, match="sedikitnya satu"):
        webhooks.register_endpoint(owner=pemda_a, url="http://127.0.0.1/x", events=[], actor=cast.admin_a)
    with pytest.raises(ValidationError, match="tidak berwenang"):
        webhooks.register_endpoint(
            owner=pemda_a, url="http://127.0.0.1/x", events=["results.published"], actor=cast.operator_a
        )

"""Webhook endpoints and their deliveries, through an outbox like the mail.

`emit` writes one `WebhookDelivery` per subscribed active endpoint inside the transaction of the
change it reports, and hands them to the task queue after commit, so a webhook never blocks nor
undoes the change, and a crash loses nothing. `deliver` posts one delivery, signed (signing.py); a
2xx marks it delivered; anything else counts the attempt, keeps the response and schedules a retry
after `WEBHOOK_BACKOFF_SECONDS`; after the last it is failed and shown on the endpoint's page, where
it can be sent again. `manage.py send_webhooks` sends whatever is due (a lost task strands nothing).

Addresses: https only in production, and never a private, loopback or link-local address unless
WEBHOOK_ALLOW_PRIVATE_ADDRESSES (development and tests) — checked when registered and again before
every delivery; redirects are not followed.
"""

import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.integrations import signing
from inovasi.integrations.enums import DeliveryState, Event
from inovasi.integrations.models import WebhookDelivery, WebhookEndpoint
from inovasi.integrations.owners import Owner, may_manage, owner_of

USER_AGENT = "Inovasi-Webhook/1"
RESPONSE_KEPT = 2000


def _backoff() -> list[int]:
    return list(getattr(settings, "WEBHOOK_BACKOFF_SECONDS", [30, 120, 600, 3600, 21600]))


def _timeout() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))


# --- Addresses -----------------------------------------------------------------------------------


def address_problem(url: str) -> str | None:
    """Why this URL may not receive webhooks (Indonesian), or None."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return _("Alamat URL tidak sah; tulis lengkap, misalnya https://sistem.pemda.go.id/webhook/inovasi.")
    parts = urlsplit(url)
    if getattr(settings, "WEBHOOK_REQUIRE_HTTPS", False) and parts.scheme != "https":
        return _("Gunakan alamat https:// agar isi dan tanda tangan tidak terbaca di jalan.")
    if parts.username or parts.password:
        return _("Jangan menaruh nama pengguna atau kata sandi di alamat URL.")
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False):
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        return _("Nama host %(host)s tidak dapat ditemukan.") % {"host": parts.hostname}
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return _("Alamat %(host)s menuju jaringan internal; webhook hanya dikirim ke alamat publik.") % {
                "host": parts.hostname
            }
    return None


def _check_events(events) -> list[str]:
    known = {str(e) for e in Event if e != Event.PING}
    chosen = sorted({str(e) for e in events or []})
    if not chosen:
        raise ValidationError({"events": _("Pilih sedikitnya satu peristiwa.")})
    unknown = [e for e in chosen if e not in known]
    if unknown:
        raise ValidationError({"events": _("Peristiwa tidak dikenal: %(events)s.") % {"events": ", ".join(unknown)}})
    return chosen


# --- Endpoints -----------------------------------------------------------------------------------


def _snapshot(endpoint: WebhookEndpoint) -> dict:
    return {
        "url": endpoint.url,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
        "description": endpoint.description,
    }


@transaction.atomic
def register_endpoint(*, owner: Owner, url: str, events, actor, description: str = "") -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret (shown once on the screen)."""
    if not may_manage(actor, owner):
        raise ValidationError(_("Anda tidak berwenang mengatur webhook untuk %(owner)s.") % {"owner": owner.name})
    url = (url or "").strip()
    problem = address_problem(url)
    if problem:
        raise ValidationError({"url": problem})
    events = _check_events(events)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        **owner.fields(),
        url=url,
        events=events,
        secret=secret,
        created_by=actor,
        description=" ".join((description or "").split())[:200],
    )
    record_event(
        actor=actor, action="webhook.register", obj=endpoint, after={**_snapshot(endpoint), "owner": owner.slug}
    )
    return endpoint, secret


@transaction.atomic
def update_endpoint(*, endpoint: WebhookEndpoint, actor, **changes) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not may_manage(actor, owner_of(endpoint)):
        raise ValidationError(_("Anda tidak berwenang mengubah webhook ini."))
    before = _snapshot(endpoint)
    if "url" in changes:
        url = (changes["url"] or "").strip()
        problem = address_problem(url)
        if problem:
            raise ValidationError({"url": problem})
        endpoint.url = url
    if "events" in changes:
        endpoint.events = _check_events(changes["events"])
    if "is_active" in changes:
        endpoint.is_active = bool(changes["is_active"])
    if "description" in changes:
        endpoint.description = " ".join((changes["description"] or "").split())[:200]
    after = _snapshot(endpoint)
    if after != before:
        endpoint.save()
        changed = [k for k in after if after[k] != before[k]]
        record_event(
            actor=actor,
            action="webhook.update",
            obj=endpoint,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: WebhookEndpoint, actor) -> str:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not may_manage(actor, owner_of(endpoint)):
        raise ValidationError(_("Anda tidak berwenang mengubah webhook ini."))
    endpoint.secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint.save(update_fields=["secret"])
    record_event(actor=actor, action="webhook.rotate_secret", obj=endpoint, after={"rotated": True})
    return endpoint.secret


# --- Emitting ------------------------------------------------------------------------------------


def emit(event: str, *, payload: dict, government_ids=(), organizer_body_ids=(), everyone: bool = False) -> list[int]:
    """Queue `event` for every active endpoint subscribed to it among these owners (or all owners
    when `everyone`, for public events such as the index). Must run inside the change's transaction."""
    endpoints = WebhookEndpoint.objects.filter(is_active=True)
    if not everyone:
        endpoints = endpoints.filter(government_id__in=list(government_ids)) | endpoints.filter(
            organizer_body_id__in=list(organizer_body_ids)
        )
    targets = [e for e in endpoints.only("pk", "events") if str(event) in (e.events or [])]
    if not targets:
        return []
    now = timezone.now()
    event_id = str(uuid.uuid4())
    body = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint_id=e.pk, event=str(event), event_id=event_id, payload=body, next_attempt_at=now)
        for e in targets
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue(ids))
    return ids


def send_ping(*, endpoint: WebhookEndpoint, actor) -> WebhookDelivery:
    """A test delivery the owner triggers from the screen; sent at once and shown with its answer."""
    if not may_manage(actor, owner_of(endpoint)):
        raise ValidationError(_("Anda tidak berwenang mengubah webhook ini."))
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=Event.PING,
        event_id=str(uuid.uuid4()),
        payload={"message": "ping", "endpoint": endpoint.pk},
        next_attempt_at=timezone.now(),
    )
    return deliver(delivery.pk) or delivery


def _enqueue(ids, run_after=None):
    from inovasi.integrations.tasks import deliver_webhook_task  # inline: tasks imports this module (cycle)

    task = deliver_webhook_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic sweep sends it when due
        task = task.using(run_after=run_after)
    for pk in ids:
        task.enqueue(pk)


# --- Delivering ----------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def envelope(delivery: WebhookDelivery) -> bytes:
    return json.dumps(
        {
            "id": delivery.event_id,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """(status, response body, error) of one attempt; never raises."""
    problem = address_problem(endpoint.url)
    if problem:
        return None, "", problem
    body = envelope(delivery)
    request = urllib.request.Request(  # noqa: S310  (address_problem allows http and https only)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Inovasi-Event": delivery.event,
            "Inovasi-Delivery": str(delivery.pk),
            signing.HEADER: signing.sign(endpoint.secret, body),
        },
    )
    try:
        with _opener.open(request, timeout=_timeout()) as response:
            return response.status, response.read(RESPONSE_KEPT).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(RESPONSE_KEPT).decode("utf-8", "replace"), f"HTTP {exc.code}"
    except Exception as exc:  # network errors of every kind end as a retry, never as a crash
        return None, "", f"{type(exc).__name__}: {exc}"[:500]


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """Send one queued delivery (claimed first, so two workers never send it twice)."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, state=DeliveryState.QUEUED).update(
        state=DeliveryState.SENDING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    status, text, error = _post(delivery.endpoint, delivery)
    delivery.attempts += 1
    delivery.response_status, delivery.response_body, delivery.last_error = status, text[:RESPONSE_KEPT], error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = DeliveryState.DELIVERED, timezone.now(), None
    else:
        delays = _backoff()
        if delivery.attempts > len(delays) or delivery.event == Event.PING:
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        else:
            delivery.state = DeliveryState.QUEUED
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=delays[delivery.attempts - 1])
    delivery.save()
    if delivery.state == DeliveryState.QUEUED:
        _enqueue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery


def send_due(now=None, limit: int = 500) -> int:
    """Send deliveries that are due; rows stuck in `sending` for an hour are queued again first."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(state=DeliveryState.SENDING, updated_at__lt=now - timedelta(hours=1)).update(
        state=DeliveryState.QUEUED, next_attempt_at=now
    )
    ids = list(WebhookDelivery.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        deliver(pk)
    return len(ids)


@transaction.atomic
def resend(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Queue a failed (or delivered) delivery again now; audited."""
    delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not may_manage(actor, owner_of(delivery.endpoint)):
        raise ValidationError(_("Anda tidak berwenang mengubah webhook ini."))
    if delivery.state in (DeliveryState.QUEUED, DeliveryState.SENDING):
        raise ValidationError(_("Pengiriman ini masih dalam antrean."))
    before = {"state": delivery.state, "attempts": delivery.attempts}
    delivery.state, delivery.attempts, delivery.next_attempt_at = DeliveryState.QUEUED, 0, timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
    record_event(actor=actor, action="webhook.resend", obj=delivery, before=before, after={"state": delivery.state})
    pk = delivery.pk
    transaction.on_commit(lambda: _enqueue([pk]))
    return delivery

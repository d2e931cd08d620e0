"""Webhook events read off the audit trail.

Every change a webhook reports is already audited inside its transaction (a proposal's transition,
a published shortlist, a published index, an issued certificate), so the audit event is the one
place to hear them: no service calls this module, and a renamed service cannot forget a webhook.
The receiver runs in the change's transaction; `webhooks.emit` only writes delivery rows there.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.awards.certificates import verification_url
from inovasi.awards.models import Certificate
from inovasi.competitions.models import Proposal, Stage
from inovasi.innovation_index.models import IndexFramework
from inovasi.integrations.enums import Event
from inovasi.integrations.models import WebhookEndpoint
from inovasi.integrations.webhooks import emit

# A proposal the Pemda has not yet sent to the organizer is the Pemda's own business.
PEMDA_ONLY_STATES = ("draft", "awaiting_approval", "returned_to_operator")


def _proposal_state_changed(event: AuditEvent):

    proposal = (
        Proposal.objects.select_related("edition__competition", "innovation", "government")
        .filter(pk=event.object_id)
        .first()
    )
    if proposal is None:
        return
    edition = proposal.edition
    emit(
        Event.PROPOSAL_STATE_CHANGED,
        payload={
            "proposal": proposal.pk,
            "edition": {"id": edition.pk, "name": str(edition)},
            "innovation": {"id": proposal.innovation_id, "name": proposal.innovation.name},
            "government": {"id": proposal.government_id, "name": proposal.government.name},
            "state": (event.after or {}).get("state"),
            "previous_state": (event.before or {}).get("state"),
            "reason": (event.after or {}).get("reason") or "",
            "action": event.action,
        },
        government_ids=[proposal.government_id],
        organizer_body_ids=[] if proposal.state in PEMDA_ONLY_STATES else [edition.competition.body_id],
    )


def _shortlist_published(event: AuditEvent):

    stage = Stage.objects.select_related("edition__competition").filter(pk=event.object_id).first()
    if stage is None:
        return
    edition = stage.edition
    advancing = list(
        Proposal.objects.filter(pk__in=(event.after or {}).get("proposals") or [])
        .select_related("innovation", "government")
        .order_by("pk")
    )
    governments = set(Proposal.objects.filter(edition=edition).values_list("government_id", flat=True))
    payload = {
        "stage": {"id": stage.pk, "name": stage.name, "label": stage.label},
        "edition": {"id": edition.pk, "name": str(edition)},
        "advancing": [
            {"proposal": p.pk, "innovation": p.innovation.name, "government": p.government.name} for p in advancing
        ],
        "results_url": reverse("public:edition_results", args=[edition.pk]),
    }
    owners = {"government_ids": governments, "organizer_body_ids": [edition.competition.body_id]}
    emit(Event.SHORTLIST_PUBLISHED, payload=payload, **owners)
    if not edition.stages.filter(order__gt=stage.order).exclude(kind="objection_window").exists():
        emit(Event.RESULTS_PUBLISHED, payload=payload, **owners)


def _index_published(event: AuditEvent):

    framework = IndexFramework.objects.filter(pk=event.object_id).first()
    if framework is None:
        return
    emit(
        Event.INDEX_PUBLISHED,
        payload={
            "year": framework.year,
            "name": framework.name,
            "dashboard_url": reverse("public:index_dashboard"),
            "api_url": f"/api/v1/index/{framework.year}/regions",
        },
        everyone=True,
    )


def _certificate_issued(event: AuditEvent):

    certificate = (
        Certificate.objects.select_related(
            "award__label__edition__competition", "award__government", "award__innovation"
        )
        .filter(pk=event.object_id)
        .first()
    )
    if certificate is None:
        return
    award = certificate.award
    edition = award.label.edition
    emit(
        Event.CERTIFICATE_ISSUED,
        payload={
            "serial": certificate.serial,
            "award": award.label.name,
            "edition": {"id": edition.pk, "name": str(edition)},
            "government": {"id": award.government_id, "name": award.government.name},
            "innovation": award.innovation.name if award.innovation_id else None,
            "verify_url": verification_url(certificate),
        },
        government_ids=[award.government_id],
        organizer_body_ids=[edition.competition.body_id],
    )


def _route(event: AuditEvent):
    if event.object_type == "competitions.proposal" and "state" in (event.after or {}):
        return _proposal_state_changed
    if event.action == "stage.publish_shortlist":
        return _shortlist_published
    if event.action == "index_framework.publish":
        return _index_published
    if event.action == "certificate.issue":
        return _certificate_issued
    return None


@receiver(post_save, sender=AuditEvent, dispatch_uid="integrations.webhook_events")
def audit_event_written(sender, instance: AuditEvent, created: bool, **kwargs):
    if not created:
        return
    handler = _route(instance)
    # Most installations register no endpoint at all: one cheap query and nothing else.
    if handler is not None and WebhookEndpoint.objects.filter(is_active=True).exists():
        handler(instance)

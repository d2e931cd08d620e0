"""The validator's workbench: one queue over every handed-in assessment, filters, bulk accept."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.models import IndexAssessment, IndexClaim
from inovasi.innovation_index.tests.conftest import ind, make_innovation

EVIDENCE = "https://bukti.test/{n}"


@pytest.fixture
def handed_in(framework, cast, in_window):
    """Kota Batu submitted indicators 1 and 2 with evidence links, 12 without; Kota Malang is a draft."""
    batu = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    claims = {}
    for number in (1, 2, 12):
        claims[number] = services.set_claim(
            assessment=batu,
            indicator=ind(framework, number),
            option=ind(framework, number).options.get(value=3),
            evidence_url=EVIDENCE.format(n=number) if number != 12 else "",
            actor=cast.admin_a,
        )
    services.submit_assessment(assessment=batu, actor=cast.admin_a)
    malang = services.start_assessment(framework=framework, government=cast.gov_b, actor=cast.admin_b)
    draft = services.set_claim(
        assessment=malang,
        indicator=ind(framework, 1),
        option=ind(framework, 1).options.get(value=2),
        evidence_url=EVIDENCE.format(n="m"),
        actor=cast.admin_b,
    )
    return {"batu": batu, "claims": claims, "draft": draft}


def _rows(client, framework, query=""):
    response = client.get(reverse("organizer:index_workbench", args=[framework.pk]) + query)
    assert response.status_code == 200
    return response.content.decode().count('class="workbench-row"')


def test_the_queue_lists_pending_claims_of_handed_in_assessments_with_filters(client, cast, framework, handed_in):
    client.force_login(cast.organizer)
    assert _rows(client, framework) == 3  # Kota Malang's draft is not in the queue
    assert _rows(client, framework, "?bukti=ada") == 2
    assert _rows(client, framework, "?bukti=tidak") == 1
    assert _rows(client, framework, "?indikator=12") == 1
    assert _rows(client, framework, f"?pemda={cast.gov_b.pk}") == 0
    assert _rows(client, framework, "?status=accepted") == 0
    assert _rows(client, framework, "?pemda=x&indikator=%00&status=zzz&bukti=1&halaman=-4") == 3


def test_bulk_accept_takes_the_selected_claims_with_evidence_and_audits_each(client, cast, framework, handed_in):
    claims = handed_in["claims"]
    ids = [claims[1].pk, claims[2].pk, claims[12].pk, handed_in["draft"].pk]
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:index_claims_accept", args=[framework.pk]), {"klaim": ids, "kembali": "bukti=ada"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?bukti=ada")
    saved = {c.pk: c for c in IndexClaim.objects.filter(pk__in=ids)}
    assert [(saved[pk].validation, saved[pk].validated_value) for pk in ids] == [
        (ClaimValidation.ACCEPTED, 3),
        (ClaimValidation.ACCEPTED, 3),
        (ClaimValidation.PENDING, None),  # no evidence
        (ClaimValidation.PENDING, None),  # a draft assessment
    ]
    assert saved[claims[1].pk].version == claims[1].version + 1
    assert saved[claims[1].pk].validated_by == cast.organizer
    events = AuditEvent.objects.filter(action="index_claim.validate", object_id__in=[str(pk) for pk in ids])
    assert sorted((int(e.object_id), e.after["validation"], e.after["bulk"]) for e in events) == [
        (claims[1].pk, "accepted", True),
        (claims[2].pk, "accepted", True),
    ]
    assert IndexAssessment.objects.get(pk=handed_in["batu"].pk).status == AssessmentStatus.SUBMITTED
    services.validate_claim(
        claim=claims[12], verdict=ClaimValidation.REJECTED, reason="Tanpa bukti", actor=cast.organizer
    )
    assert IndexAssessment.objects.get(pk=handed_in["batu"].pk).status == AssessmentStatus.VALIDATED


def test_bulk_accept_of_the_last_pending_claims_moves_the_assessment_to_divalidasi(cast, framework, handed_in):
    claims = handed_in["claims"]
    services.validate_claim(
        claim=claims[12], verdict=ClaimValidation.REJECTED, reason="Tanpa bukti", actor=cast.organizer
    )
    outcome = services.accept_claims(framework=framework, claim_ids=[claims[1].pk, claims[2].pk], actor=cast.organizer)
    assert outcome == {"accepted": 2, "skipped": 0}
    assert IndexAssessment.objects.get(pk=handed_in["batu"].pk).status == AssessmentStatus.VALIDATED
    again = services.accept_claims(framework=framework, claim_ids=[claims[1].pk], actor=cast.organizer)
    assert again == {"accepted": 0, "skipped": 1}


def test_the_queue_costs_the_same_queries_for_1_and_3_rows(client, cast, framework, handed_in):
    client.force_login(cast.organizer)
    url = reverse("organizer:index_workbench", args=[framework.pk])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url + "?indikator=1").status_code == 200
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(one) == len(three)


def test_bulk_accept_of_500_claims_accepts_and_audits_each_one(cast, framework, in_window):
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    innovations = [make_innovation(cast.agency_a, f"Inovasi {n:03d}") for n in range(25)]
    indicators = [ind(framework, n) for n in range(16, 36) if ind(framework, n).scope == "innovation"][:20]
    IndexClaim.objects.bulk_create(
        IndexClaim(
            assessment=assessment,
            indicator=indicator,
            innovation=innovation,
            option=indicator.options.order_by("value").first(),
            claimed_value=indicator.options.order_by("value").first().value,
            evidence_url="https://bukti.test/x",
        )
        for innovation in innovations
        for indicator in indicators
    )
    IndexAssessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    ids = list(IndexClaim.objects.filter(assessment=assessment).values_list("pk", flat=True))[:500]
    assert len(ids) == 500
    outcome = services.accept_claims(framework=framework, claim_ids=ids, actor=cast.organizer)
    assert outcome == {"accepted": 500, "skipped": 0}
    assert AuditEvent.objects.filter(action="index_claim.validate").count() == 500
    # Its speed is a benchmark's business, not a timed test's (docs/performance.md).


def test_the_queue_shows_the_previous_years_validated_value(client, cast, framework, handed_in):
    previous = services.copy_framework(source=framework, year=2025, actor=cast.organizer)
    last_year = IndexAssessment.objects.create(framework=previous, government=cast.gov_a, status="finalized")
    indicator = ind(previous, 1)
    IndexClaim.objects.create(
        assessment=last_year,
        indicator=indicator,
        option=indicator.options.get(value=3),
        claimed_value=3,
        validation=ClaimValidation.ADJUSTED,
        validated_option=indicator.options.get(value=2),
        validated_value=2,
    )
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:index_workbench", args=[framework.pk]) + "?indikator=1").content.decode()
    assert '<td class="text-end">2</td>' in page
    other = client.get(reverse("organizer:index_workbench", args=[framework.pk]) + "?indikator=2").content.decode()
    assert '<td class="text-end">–</td>' in other


def test_accepting_the_whole_page_takes_every_pending_claim_with_evidence_shown(client, cast, framework, handed_in):
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:index_workbench", args=[framework.pk])).content.decode()
    shown = [int(pk) for pk in re.findall(r'name="halaman_klaim" value="(\d+)"', page)]
    claims = handed_in["claims"]
    assert sorted(shown) == sorted([claims[1].pk, claims[2].pk])
    client.post(
        reverse("organizer:index_claims_accept", args=[framework.pk]), {"aksi": "semua", "halaman_klaim": shown}
    )
    assert sorted(
        IndexClaim.objects.filter(validation=ClaimValidation.ACCEPTED).values_list("pk", flat=True)
    ) == sorted(shown)

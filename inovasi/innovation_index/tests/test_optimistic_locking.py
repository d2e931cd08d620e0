"""Two Admin Pemda on one claim, a validator deciding on a claim that changed: a stale save is
refused, kept on screen and audited; double submits are harmless.
(Real parallel clients: tests_security/test_concurrency.py.)"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import ClaimValidation
from inovasi.innovation_index.models import IndexClaim, IndexIndicator
from inovasi.innovation_index.tests.conftest import make_innovation

pytestmark = pytest.mark.django_db


def ind(framework, number):
    return IndexIndicator.objects.get(framework=framework, number=number)


@pytest.fixture
def assessment(framework, cast, in_window):
    return services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)


def _claim(assessment, framework, actor, value, *, version=None, number=1):
    indicator = ind(framework, number)
    return services.set_claim(
        assessment=assessment,
        indicator=indicator,
        option=indicator.options.get(value=value),
        version=version,
        actor=actor,
    )


def test_a_claim_saved_by_another_admin_is_not_overwritten_by_an_older_form(assessment, framework, cast):
    _claim(assessment, framework, cast.admin_a, 2, version=0)
    with pytest.raises(services.StaleClaim) as refused:
        _claim(assessment, framework, cast.system_admin, 3, version=0)
    claim = IndexClaim.objects.get(indicator__number=1)
    assert (claim.claimed_value, claim.version) == (2, 1)
    assert refused.value.changes[0] == {
        "field": "option",
        "label": "Parameter",
        "saved": f"2 — {claim.option.label}",
    }
    assert refused.value.changes[-1] == {"field": "validation", "label": "Validasi", "saved": "Menunggu validasi"}
    event = AuditEvent.objects.get(action="index_claim.stale_refused")
    assert (event.actor, event.after["action"], event.after["current_version"]) == (cast.system_admin, "set_claim", 1)


def test_the_same_claim_sent_twice_is_saved_once(assessment, framework, cast):
    _claim(assessment, framework, cast.admin_a, 2, version=0)
    _claim(assessment, framework, cast.admin_a, 2, version=0)
    assert IndexClaim.objects.get(indicator__number=1).version == 1
    assert AuditEvent.objects.filter(action="index_claim.set").count() == 1


def test_a_verdict_on_a_claim_that_changed_since_the_validator_looked_is_refused(assessment, framework, cast):
    claim = _claim(assessment, framework, cast.admin_a, 2)
    seen = claim.version
    _claim(assessment, framework, cast.admin_a, 3)  # the Pemda raises its claim meanwhile
    with pytest.raises(services.StaleClaim):
        services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, version=seen, actor=cast.organizer)
    claim.refresh_from_db()
    assert (claim.validation, claim.validated_value) == (ClaimValidation.PENDING, None)


def test_two_validators_the_second_is_refused_and_the_same_verdict_twice_is_a_no_op(assessment, framework, cast):
    claim = _claim(assessment, framework, cast.admin_a, 2)
    seen = claim.version
    services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, version=seen, actor=cast.organizer)
    services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, version=seen, actor=cast.organizer)
    assert AuditEvent.objects.filter(action="index_claim.validate").count() == 1
    with pytest.raises(services.StaleClaim) as refused:
        services.validate_claim(
            claim=claim,
            verdict=ClaimValidation.REJECTED,
            reason="Tidak ada bukti.",
            version=seen,
            actor=cast.system_admin,
        )
    assert refused.value.changes[-1]["saved"] == "Diterima"


def test_submitting_twice_says_it_is_already_submitted(assessment, framework, cast):
    for number in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15):
        indicator = ind(framework, number)
        if indicator.is_mandatory:
            _claim(assessment, framework, cast.admin_a, 1, number=number)
    services.submit_assessment(assessment=assessment, actor=cast.admin_a)
    with pytest.raises(ValidationError) as second:
        services.submit_assessment(assessment=assessment, actor=cast.admin_a)
    assert second.value.code == "already_done"
    assert second.value.messages == ["Penilaian ini sudah diajukan pada 1 Juni 2026 10.00 WIB."]


def test_starting_twice_prefills_once(framework, cast, in_window):
    make_innovation(cast.agency_a, "Among Tani Crop")
    first = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    count = IndexClaim.objects.filter(assessment=first).count()
    second = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    assert (first.pk, IndexClaim.objects.filter(assessment=second).count()) == (second.pk, count)
    assert count > 0


def test_the_region_claim_page_keeps_the_input_and_shows_the_saved_claim(client, assessment, framework, cast):
    indicator = ind(framework, 1)
    url = reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1])
    client.force_login(cast.admin_a)
    assert 'name="version" value="0"' in client.get(url).content.decode()
    _claim(assessment, framework, cast.system_admin, 2, version=0)
    response = client.post(
        url, {"option": indicator.options.get(value=3).pk, "evidence_url": "https://contoh.id/rpjmd", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Klaim indikator 1 sudah diubah pada 1 Juni 2026 10.00 WIB" in page
    assert 'value="https://contoh.id/rpjmd"' in page
    assert 'name="version" value="1"' in page
    again = client.post(
        url, {"option": indicator.options.get(value=3).pk, "evidence_url": "https://contoh.id/rpjmd", "version": "1"}
    )
    assert again.status_code == 302
    assert IndexClaim.objects.get(indicator=indicator).claimed_value == 3


def test_the_innovation_page_saves_nothing_keeps_the_choices_and_audits_the_refusal(
    client, assessment, framework, cast
):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    i16, i17 = ind(framework, 16), ind(framework, 17)
    url = reverse("workspace:index_innovation_claims", args=[cast.gov_a.pk, 2026, innovation.pk])
    client.force_login(cast.admin_a)
    assert f'name="ver_{i16.pk}" value="0"' in client.get(url).content.decode()
    services.set_claim(
        assessment=assessment,
        indicator=i16,
        option=i16.options.get(value=1),
        innovation=innovation,
        version=0,
        actor=cast.system_admin,
    )
    response = client.post(
        url,
        {
            f"opt_{i16.pk}": i16.options.get(value=3).pk,
            f"ver_{i16.pk}": "0",
            f"opt_{i17.pk}": i17.options.get(value=2).pk,
            f"ver_{i17.pk}": "0",
        },
    )
    page = response.content.decode()
    assert "Tidak ada yang disimpan." in page
    assert "Klaim indikator 16 sudah diubah" in page
    assert f'value="{i17.options.get(value=2).pk}" checked' in page
    assert f'value="{i16.options.get(value=3).pk}" checked' in page
    assert f'name="ver_{i16.pk}" value="1"' in page
    assert not IndexClaim.objects.filter(innovation=innovation, indicator=i17).exists()
    assert IndexClaim.objects.get(innovation=innovation, indicator=i16).claimed_value == 1
    assert AuditEvent.objects.filter(action="index_claim.stale_refused").count() == 1


def test_the_validation_page_carries_the_version_and_repeats_a_refused_verdict(client, assessment, framework, cast):
    claim = _claim(assessment, framework, cast.admin_a, 2)
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:index_assessment_validate", args=[assessment.pk]) + "?tampil=semua")
    assert f'name="version" value="{claim.version}"' in page.content.decode()
    _claim(assessment, framework, cast.admin_a, 3)
    response = client.post(
        reverse("organizer:index_claim_validate", args=[claim.pk]),
        {"verdict": "rejected", "reason": "Dokumen tidak ada.", "version": claim.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Klaim indikator 1 sudah diubah" in page
    assert "Putusan Anda yang belum disimpan: Ditolak — Dokumen tidak ada." in page
    claim.refresh_from_db()
    assert claim.validation == ClaimValidation.PENDING

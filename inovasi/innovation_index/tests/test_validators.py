"""Validators: assignment (one Pemda, a province, a balanced proposal), the assigned-only queue, the
side-by-side review with its verdicts, progress, and the check page before publishing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import make_user
from inovasi.accounts.enums import Role
from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import assessments, rounds, validation
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework, ValidatorAssignment
from inovasi.innovation_index.tests.conftest import IN_WINDOW, ind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def handed_in(framework, cast, in_window):
    """Kota Batu and Kota Malang each submitted indicators 1, 2 (evidence links) and 12 (none)."""
    out = {}
    for gov, admin in ((cast.gov_a, cast.admin_a), (cast.gov_b, cast.admin_b)):
        assessment = assessments.start_assessment(framework=framework, government=gov, actor=admin)
        claims = {
            number: assessments.set_claim(
                assessment=assessment,
                indicator=ind(framework, number),
                option=ind(framework, number).options.get(value=3),
                evidence_url=f"https://bukti.test/{gov.pk}/{number}" if number != 12 else "",
                actor=admin,
            )
            for number in (1, 2, 12)
        }
        assessments.submit_assessment(assessment=assessment, actor=admin)
        out[gov.pk] = {"assessment": assessment, "claims": claims}
    return out


def _rows(client, framework, query=""):
    response = client.get(reverse("organizer:index_workbench", args=[framework.pk]) + query)
    assert response.status_code == 200
    return response.content.decode().count('class="workbench-row')


def test_assigning_a_pemda_is_audited_with_the_validator_before_and_after(cast, framework, handed_in):
    outcome = validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    assert outcome == {"assigned": 1, "unchanged": 0}
    again = validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    assert again == {"assigned": 0, "unchanged": 1}
    validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.organizer, actor=cast.organizer
    )
    events = AuditEvent.objects.filter(action="index_validator.assign").order_by("pk")
    assert [(e.before["validator"], e.after["validator"]) for e in events] == [
        (None, cast.verifier.pk),
        (cast.verifier.pk, cast.organizer.pk),
    ]
    validation.assign_validators(framework=framework, governments=[cast.gov_a], validator=None, actor=cast.organizer)
    assert not ValidatorAssignment.objects.exists()


def test_only_members_of_the_body_can_be_validators(cast, framework, handed_in):
    with pytest.raises(ValidationError):
        validation.assign_validators(
            framework=framework, governments=[cast.gov_a], validator=cast.juror, actor=cast.organizer
        )
    with pytest.raises(ValidationError):
        validation.assign_validators(
            framework=framework, governments=[cast.gov_a], validator=cast.admin_a, actor=cast.organizer
        )
    assert not ValidatorAssignment.objects.exists()


def test_a_province_is_assigned_at_once(client, cast, framework, handed_in):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:index_validators_assign", args=[framework.pk]),
        {"provinsi": "35", "validator": cast.verifier.pk},
    )
    assert response.status_code == 302
    assigned = set(ValidatorAssignment.objects.values_list("government_id", "validator_id"))
    assert assigned == {(cast.gov_a.pk, cast.verifier.pk), (cast.gov_b.pk, cast.verifier.pk)}
    for bad in ({"provinsi": "99", "validator": cast.verifier.pk}, {"provinsi": "x'", "validator": "zz"}, {}):
        assert client.post(reverse("organizer:index_validators_assign", args=[framework.pk]), bad).status_code == 302
    assert ValidatorAssignment.objects.count() == 2


def test_the_balanced_proposal_gives_each_validator_about_the_same_claims(cast, framework, handed_in):
    second = make_user("verif2@uji.test", Role.VERIFIER, "organizer_body", cast.body)
    extra = handed_in[cast.gov_b.pk]["assessment"]
    IndexAssessment.objects.filter(pk=extra.pk).update(status=AssessmentStatus.DRAFT)
    IndexClaim.objects.filter(assessment=extra).update()  # Malang keeps 3 claims, Batu 3 as well
    plan = validation.suggest_assignments(framework, [cast.verifier, second])
    assert sorted(v for _g, v, _n in plan) == sorted([cast.verifier.pk, second.pk])  # one Pemda each
    validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    assert validation.suggest_assignments(framework, [cast.verifier, second]) == [(cast.gov_b.pk, second.pk, 3)]


def test_a_validator_sees_and_decides_only_the_assigned_pemda(client, cast, framework, handed_in):
    batu, malang = handed_in[cast.gov_a.pk], handed_in[cast.gov_b.pk]
    client.force_login(cast.verifier)
    assert _rows(client, framework) == 0  # nothing assigned yet
    validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    assert _rows(client, framework) == 3
    assert _rows(client, framework, f"?pemda={cast.gov_b.pk}") == 0
    desk = client.get(reverse("jury:dashboard")).content.decode()
    assert reverse("organizer:index_workbench", args=[framework.pk]) in desk  # the verifikator finds the round
    assert client.get(reverse("organizer:index_assessment_validate", args=[batu["assessment"].pk])).status_code == 200
    assert client.get(reverse("organizer:index_assessment_validate", args=[malang["assessment"].pk])).status_code == 403
    other = malang["claims"][1]
    assert client.get(reverse("organizer:index_claim_review", args=[framework.pk, other.pk])).status_code == 403
    ids = [batu["claims"][1].pk, other.pk]
    client.post(reverse("organizer:index_claims_accept", args=[framework.pk]), {"klaim": ids})
    assert dict(IndexClaim.objects.filter(pk__in=ids).values_list("pk", "validation")) == {
        batu["claims"][1].pk: ClaimValidation.ACCEPTED,
        other.pk: ClaimValidation.PENDING,
    }
    # The organizer's desk pages stay closed to a validator.
    assert client.get(reverse("organizer:index_validators", args=[framework.pk])).status_code == 403
    assert client.get(reverse("organizer:index_publish_check", args=[framework.pk])).status_code == 403


def test_the_review_shows_the_evidence_inline_and_the_verdicts_move_to_the_next_claim(
    client, cast, framework, handed_in
):
    claims = handed_in[cast.gov_a.pk]["claims"]
    claim = claims[1]
    claim.evidence_content_type = "application/pdf"
    claim.evidence_file.save("perda.pdf", ContentFile(PDF))
    client.force_login(cast.organizer)
    url = reverse("organizer:index_claim_review", args=[framework.pk, claim.pk])
    page = client.get(url + f"?pemda={cast.gov_a.pk}").content.decode()
    evidence = reverse("files:claim_evidence", args=[claim.pk])
    assert f'src="{evidence}"' in page and 'id="bukti-sebaris"' in page
    assert "<kbd>t</kbd>" in page and "validation-keys.js" in page
    assert client.get(evidence).status_code == 200
    response = client.post(url + f"?pemda={cast.gov_a.pk}", {"verdict": "accepted", "version": claim.version})
    assert response["Location"].startswith(reverse("organizer:index_claim_review", args=[framework.pk, claims[2].pk]))
    second = reverse("organizer:index_claim_review", args=[framework.pk, claims[2].pk])
    reason = str(validation.REJECTION_REASONS[1])
    client.post(second, {"verdict": "rejected", "alasan_pilihan": reason, "version": claims[2].version})
    option = ind(framework, 12).options.get(value=1)
    third = reverse("organizer:index_claim_review", args=[framework.pk, claims[12].pk])
    refused = client.post(third, {"verdict": "adjusted", "option": option.pk, "version": claims[12].version})
    assert refused.status_code == 200  # no reason: refused with a message, nothing saved
    assert IndexClaim.objects.get(pk=claims[12].pk).validation == ClaimValidation.PENDING
    client.post(
        third, {"verdict": "adjusted", "option": option.pk, "reason": "Hanya SK", "version": claims[12].version}
    )
    saved = {c.pk: c for c in IndexClaim.objects.filter(pk__in=[c.pk for c in claims.values()])}
    assert [
        (saved[c.pk].validation, saved[c.pk].validated_value, saved[c.pk].validation_reason) for c in claims.values()
    ] == [
        (ClaimValidation.ACCEPTED, 3, ""),
        (ClaimValidation.REJECTED, None, reason),
        (ClaimValidation.ADJUSTED, 1, "Hanya SK"),
    ]
    events = AuditEvent.objects.filter(
        action="index_claim.validate", object_id__in=[str(c.pk) for c in claims.values()]
    )
    assert sorted((e.before["validation"], e.after["validation"]) for e in events) == [
        ("pending", "accepted"),
        ("pending", "adjusted"),
        ("pending", "rejected"),
    ]
    assert (
        IndexAssessment.objects.get(pk=handed_in[cast.gov_a.pk]["assessment"].pk).status == AssessmentStatus.VALIDATED
    )


def test_a_stale_verdict_returns_to_the_claim_and_the_last_verdict_returns_to_the_queue(
    client, cast, framework, handed_in
):
    claims = handed_in[cast.gov_a.pk]["claims"]
    opened = claims[1].version
    validation.validate_claim(claim=claims[1], verdict="accepted", version=opened, actor=cast.verifier)
    client.force_login(cast.organizer)
    query = f"?pemda={cast.gov_a.pk}&status=semua"
    url = reverse("organizer:index_claim_review", args=[framework.pk, claims[1].pk]) + query
    stale = client.post(url, {"verdict": "rejected", "reason": "Bukti tidak sah", "version": opened}, follow=True)
    assert stale.redirect_chain[0][0] == url
    assert "Tersimpan:" in stale.content.decode()
    assert IndexClaim.objects.get(pk=claims[1].pk).validation == ClaimValidation.ACCEPTED  # nothing overwritten
    validation.validate_claim(claim=claims[12], verdict="accepted", version=claims[12].version, actor=cast.verifier)
    # Kota Batu's claim 2 is now the only one pending in its queue: after its verdict, back to the queue.
    pending = claims[2]
    last = reverse("organizer:index_claim_review", args=[framework.pk, pending.pk]) + f"?pemda={cast.gov_a.pk}"
    done = client.post(last, {"verdict": "accepted", "version": pending.version})
    assert done["Location"].startswith(reverse("organizer:index_workbench", args=[framework.pk]) + "?")
    assert "Tidak ada lagi klaim" in client.get(done["Location"]).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?pemda=x&indikator=%00&status=zzz&bukti=1&halaman=-4",
        "?pemda=99999999999999999999",
        "?halaman=9999",
        "?status=",
    ],
)
def test_bad_query_strings_never_break_the_queue_or_the_review(client, cast, framework, handed_in, query):
    client.force_login(cast.organizer)
    claim = handed_in[cast.gov_a.pk]["claims"][1]
    assert client.get(reverse("organizer:index_workbench", args=[framework.pk]) + query).status_code == 200
    assert client.get(reverse("organizer:index_claim_review", args=[framework.pk, claim.pk]) + query).status_code == 200
    post = client.post(
        reverse("organizer:index_claim_review", args=[framework.pk, claim.pk]) + query,
        {"verdict": "nonsense", "option": "x", "version": "-1"},
    )
    assert post.status_code == 200


def test_progress_per_validator_and_per_pemda(client, cast, framework, handed_in):
    validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    validation.validate_claim(
        claim=handed_in[cast.gov_a.pk]["claims"][1], verdict=ClaimValidation.ACCEPTED, actor=cast.verifier
    )
    per_validator = {
        (row["validator"].pk if row["validator"] else None): (
            row["pemda"],
            row["total"],
            row["decided"],
            row["pending"],
        )
        for row in validation.validator_progress(framework)
    }
    assert per_validator[cast.verifier.pk] == (1, 3, 1, 2)
    assert per_validator[None] == (1, 3, 0, 3)  # Kota Malang, not assigned
    per_pemda = {row["government_id"]: (row["decided"], row["percent"]) for row in validation.pemda_progress(framework)}
    assert per_pemda == {cast.gov_a.pk: (1, 33), cast.gov_b.pk: (0, 0)}
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:index_validators", args=[framework.pk])).content.decode()
    assert "1 (33 %)" in page
    client.force_login(cast.verifier)
    queue = reverse("organizer:index_workbench", args=[framework.pk])
    assert 'id="kemajuan-pemda"' not in client.get(queue).content.decode()
    mine = client.get(queue + "?kemajuan=1").content.decode()
    assert 'id="kemajuan-pemda"' in mine and "1 (33 %)" in mine and "Kota Malang" not in mine
    assert mine.count('class="workbench-row') == 2  # the page count comes from the same progress figures


def test_publishing_goes_through_the_check_page(client, cast, framework, handed_in):
    client.force_login(cast.organizer)
    rounds.compute_framework(framework=framework, actor=cast.organizer)
    check = client.get(reverse("organizer:index_publish_check", args=[framework.pk])).content.decode()
    assert 'id="penghalang"' in check and "6 klaim masih menunggu validasi" in check
    later = time_machine.travel(IN_WINDOW + timedelta(hours=1), tick=False)
    later.start()
    for data in handed_in.values():
        validation.accept_claims(
            framework=framework, claim_ids=[c.pk for c in data["claims"].values()], actor=cast.organizer
        )
        for claim in IndexClaim.objects.filter(assessment=data["assessment"], validation=ClaimValidation.PENDING):
            validation.validate_claim(
                claim=claim, verdict=ClaimValidation.REJECTED, reason="Tanpa bukti", actor=cast.organizer
            )
    check = client.get(reverse("organizer:index_publish_check", args=[framework.pk])).content.decode()
    assert "hitung ulang terlebih dahulu" in check  # claims changed after the computation
    later.stop()
    later = time_machine.travel(IN_WINDOW + timedelta(hours=2), tick=False)
    later.start()
    rounds.compute_framework(framework=framework, actor=cast.organizer)
    check = client.get(reverse("organizer:index_publish_check", args=[framework.pk])).content.decode()
    assert 'id="penghalang"' not in check and 'name="konfirmasi"' in check
    publish = reverse("organizer:index_publish", args=[framework.pk])
    unconfirmed = client.post(publish, {"publish": "1"})
    assert unconfirmed["Location"] == reverse("organizer:index_publish_check", args=[framework.pk])
    assert not IndexFramework.objects.get(pk=framework.pk).is_published
    client.post(publish, {"publish": "1", "konfirmasi": "1"})
    assert IndexFramework.objects.get(pk=framework.pk).is_published
    assert set(IndexAssessment.objects.values_list("status", flat=True)) == {AssessmentStatus.FINALIZED}
    later.stop()


def test_queue_pages_walk_the_same_order_as_one_sorted_list(cast, framework, handed_in):
    claims = validation.queue_claims(framework, cast.organizer, status="semua")
    expected = list(claims.order_by(*validation.QUEUE_ORDER).values_list("pk", flat=True))
    assert len(expected) == 6
    for per_page in (1, 2, 4, 5, 50):
        walked, number = [], 1
        while True:
            page = validation.queue_page(claims, number, per_page=per_page)
            walked += [c.pk for c in page.object_list]
            if not page.has_next():
                break
            number += 1
        assert walked == expected, per_page
    assert [c.pk for c in validation.queue_page(claims, "x", per_page=4).object_list] == expected[:4]
    assert [c.pk for c in validation.queue_page(claims, 99, per_page=4).object_list] == expected[4:]

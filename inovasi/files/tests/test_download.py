"""The one download rule: who opens which stored file, and the headers every answer carries."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Proposal
from inovasi.files.serving import safe_filename
from inovasi.judging.models import Assignment, Juror
from tests_security.world import FROZEN_AT, World


@pytest.fixture
def world(cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    built = World(cast)
    time_machine.move_to(FROZEN_AT, tick=False)
    return built


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_a_pdf_attachment_opens_inline_with_safe_headers(client, cast, world):
    response = _get(client, cast.admin_a, reverse("files:proposal_attachment", args=[world.attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="surat.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_asking_for_a_download_sends_the_pdf_as_an_attachment_in_a_sandbox(client, cast, world):
    url = reverse("files:proposal_attachment", args=[world.attachment.pk]) + "?unduh=1"
    response = _get(client, cast.admin_a, url)
    assert response["Content-Disposition"] == 'attachment; filename="surat.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'self'"


def test_a_file_of_another_type_always_downloads_in_a_sandbox(client, cast, world):
    world.attachment.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    world.attachment.save(update_fields=["content_type"])
    world.attachment.file.save("surat <pernyataan>.docx", ContentFile(b"PK\x03\x04"))
    response = _get(client, cast.admin_a, reverse("files:proposal_attachment", args=[world.attachment.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="surat_pernyataan')
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'self'"


def test_a_visit_photo_is_an_inline_image_in_a_sandbox(client, cast, world):
    response = _get(client, cast.verifier, reverse("files:visit_photo", args=[world.visit_photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'self'"


def test_the_organizer_opens_an_attachment_once_the_proposal_reached_them(client, cast, world):
    url = reverse("files:proposal_attachment", args=[world.attachment.pk])
    assert _get(client, cast.organizer, url).status_code == 403
    Proposal.objects.filter(pk=world.proposal.pk).update(state=ProposalState.SUBMITTED)
    assert _get(client, cast.organizer, url).status_code == 200


def test_a_juror_conflicted_after_the_assignment_can_no_longer_open_the_attachment(client, cast, world):
    url = reverse("files:proposal_attachment", args=[world.attachment.pk])
    assert _get(client, cast.juror, url).status_code == 200
    Juror.objects.filter(pk=world.juror_profile.pk).update(home_government=cast.gov_a)
    assert _get(client, cast.juror, url).status_code == 403


def test_an_unassigned_juror_and_an_anonymous_visitor_are_refused(client, cast, world):
    url = reverse("files:proposal_attachment", args=[world.attachment.pk])
    Assignment.objects.filter(pk=world.assignment.pk).delete()
    assert _get(client, cast.juror, url).status_code == 403
    assert _get(client, None, url).status_code == 404


def test_claim_evidence_is_for_the_pemda_and_the_validators_only(client, cast, world):
    url = reverse("files:claim_evidence", args=[world.claim.pk])
    observed = {
        name: _get(client, getattr(cast, name), url).status_code
        for name in ("admin_a", "operator_a", "admin_b", "organizer", "juror")
    }
    assert observed == {"admin_a": 200, "operator_a": 403, "admin_b": 403, "organizer": 200, "juror": 403}


def test_public_evidence_of_a_published_innovation_opens_for_anyone(client, cast, world):
    url = reverse("files:evidence", args=[world.evidence.pk])
    assert _get(client, None, url).status_code == 404
    world.evidence.is_public = True
    world.evidence.save(update_fields=["is_public"])
    assert _get(client, None, url).status_code == 200


def test_a_missing_file_is_404_not_500(client, cast, world):
    world.attachment.file.delete(save=True)
    url = reverse("files:proposal_attachment", args=[world.attachment.pk])
    assert _get(client, cast.admin_a, url).status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [("proposals/1/2/surat.pdf", "surat.pdf"), ("a/../..", "berkas"), ("x/Surat Kepala <1>.pdf", "Surat_Kepala_1.pdf")],
)
def test_a_stored_name_becomes_a_safe_file_name(name, expected):
    assert safe_filename(name) == expected


class _SigningStorage:
    """Stands in for django-storages' S3Storage: records the pre-signing request."""

    def __init__(self):
        self.calls = []

    def url(self, name, parameters=None):
        self.calls.append((name, parameters))
        return f"https://bucket.example/{name}?X-Amz-Signature=abc"


def test_with_media_on_s3_the_answer_is_a_presigned_redirect_with_the_same_headers(client, cast, world, settings):
    settings.MEDIA_STORAGE = "s3"
    storage = _SigningStorage()
    world.attachment.file.storage = storage
    from inovasi.files.serving import stored_file_response

    response = stored_file_response(world.attachment.file, content_type="application/pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("https://bucket.example/proposals/")
    assert storage.calls[0][1] == {
        "ResponseContentType": "application/pdf",
        "ResponseContentDisposition": 'inline; filename="surat.pdf"',
        "ResponseCacheControl": "private, no-store",
    }


def test_the_validator_opens_a_claims_evidence_from_the_validation_page(client, cast, world):
    world.claim.evidence_sha256 = "a" * 64
    world.claim.save(update_fields=["evidence_sha256"])
    page = _get(client, cast.organizer, reverse("organizer:index_assessment_validate", args=[world.assessment.pk]))
    url = reverse("files:claim_evidence", args=[world.claim.pk])
    assert f'<a href="{url}" target="_blank" rel="noopener">Berkas bukti</a>' in page.content.decode()
    assert client.get(url)["Content-Disposition"] == 'inline; filename="perkada.pdf"'

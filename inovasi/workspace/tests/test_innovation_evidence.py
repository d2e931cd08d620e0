import hashlib

import pytest
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import Evidence
from inovasi.innovations.tests.builders import ELF_BYTES, PDF_BYTES, SVG_BYTES, make_innovation, upload


def _stored(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _post_file(client, innovation, name, content, **extra):
    return client.post(
        reverse("workspace:evidence_add", args=[innovation.pk]),
        {"mode": "berkas", "berkas-title": "SK Inovasi", "berkas-upload": upload(name, content), **extra},
    )


def test_an_operator_uploads_a_pdf_and_sees_it_listed(client, cast, media):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    response = _post_file(client, innovation, "SK Inovasi.pdf", PDF_BYTES)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.sha256) == ("application/pdf", hashlib.sha256(PDF_BYTES).hexdigest())
    detail = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert reverse("workspace:evidence_download", args=[evidence.pk]) in detail


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laporan.pdf", ELF_BYTES, "Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak."),
        ("logo.svg", SVG_BYTES, "Jenis berkas tidak diterima."),
    ],
)
def test_a_refused_upload_is_explained_next_to_the_field_and_nothing_is_stored(
    client, cast, media, name, content, message
):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    events = AuditEvent.objects.count()
    response = _post_file(client, innovation, name, content)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'id="id_berkas-upload_error"' in body
    assert (Evidence.objects.count(), AuditEvent.objects.count(), _stored(media)) == (0, events, [])


def test_a_too_big_upload_is_explained(client, cast, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    response = _post_file(client, innovation, "besar.pdf", PDF_BYTES + b"0" * 2 * 1024 * 1024)
    assert "Berkas terlalu besar (2,0 MB). Ukuran maksimum 1,0 MB." in response.content.decode()
    assert (Evidence.objects.count(), _stored(media)) == (0, [])


def test_a_video_link_with_a_bad_scheme_is_refused_on_the_page(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:evidence_add", args=[innovation.pk]),
        {"mode": "tautan", "tautan-title": "Video", "tautan-kind": "video", "tautan-url": "javascript:alert(1)"},
    )
    assert "Tautan harus diawali http:// atau https://." in response.content.decode()
    assert not Evidence.objects.exists()


def _evidence(cast, *, status, is_public):
    innovation = make_innovation(cast)
    evidence = services.add_evidence_file(
        innovation=innovation,
        actor=cast.operator_a,
        title="SK",
        upload=upload("sk.pdf", PDF_BYTES),
        is_public=is_public,
    )
    if status == S.PUBLISHED:
        services.submit_innovation(innovation=innovation, actor=cast.operator_a)
        services.publish_innovation(innovation=innovation, actor=cast.admin_a)
    return evidence


def test_public_evidence_of_a_published_innovation_is_served_to_anonymous_with_safe_headers(client, cast, media):
    evidence = _evidence(cast, status=S.PUBLISHED, is_public=True)
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_evidence_sends_anonymous_to_login(client, cast, media):
    evidence = _evidence(cast, status=S.PUBLISHED, is_public=False)
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_public_evidence_of_a_draft_is_not_public_yet(client, cast, media):
    evidence = _evidence(cast, status=S.DRAFT, is_public=True)
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("who", "status_code"),
    [
        ("operator_b", 403),
        ("admin_b", 403),
        ("organizer", 403),
        ("juror", 403),
        ("no_role", 403),
        ("operator_a", 200),
        ("admin_a", 200),
        ("system_admin", 200),
    ],
)
def test_private_evidence_is_served_only_to_region_a_staff(client, cast, media, who, status_code):
    evidence = _evidence(cast, status=S.PUBLISHED, is_public=False)
    client.force_login(getattr(cast, who))
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == status_code
    if status_code == 403:
        assert "Akses ditolak" in response.content.decode()
    else:
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_unknown_evidence_id_is_a_404(client, cast):
    assert client.get(reverse("workspace:evidence_download", args=[999999])).status_code == 404


def test_the_replication_form_refuses_a_renamed_program_and_writes_nothing(client, cast, media):
    from inovasi.innovations.models import Replication

    innovation = make_innovation(cast, status=S.PUBLISHED)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:replication_add", args=[innovation.pk]),
        {
            "adopter_kind": "government",
            "adopter_government": cast.gov_b.name,
            "evidence_kind": "pks",
            "evidence_upload": upload("pks.pdf", ELF_BYTES),
        },
    )
    assert response.status_code == 200
    assert "Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak." in response.content.decode()
    assert (Replication.objects.count(), _stored(media)) == (0, [])


def test_the_replication_statement_is_downloadable_by_region_a_only(client, cast, media):
    from inovasi.innovations.enums import AdopterKind, ReplicationEvidenceKind

    innovation = make_innovation(cast, status=S.PUBLISHED)
    replication = services.add_replication(
        innovation=innovation,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=cast.gov_b,
        evidence_kind=ReplicationEvidenceKind.PKS,
        evidence_upload=upload("pks.pdf", PDF_BYTES),
    )
    url = reverse("workspace:replication_evidence_download", args=[replication.pk])
    client.force_login(cast.admin_a)
    response = client.get(url)
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(cast.operator_b)
    assert client.get(url).status_code == 403

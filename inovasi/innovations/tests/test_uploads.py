import hashlib

import pytest
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import AdopterKind, EvidenceKind, ReplicationEvidenceKind
from inovasi.innovations.models import Evidence, Replication
from inovasi.innovations.tests.builders import (
    DOCX_MAIN,
    ELF_BYTES,
    HTML_BYTES,
    MZ_BYTES,
    PDF_BYTES,
    SVG_BYTES,
    make_innovation,
    ooxml_bytes,
    upload,
)

ACCEPTED = "Jenis yang diterima: DOCX, JPG, PDF, PNG, WEBP, XLSX."


def _files(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def test_a_real_pdf_is_stored_under_a_clean_name_with_its_sha256(cast, media):
    innovation = make_innovation(cast)
    evidence = services.add_evidence_file(
        innovation=innovation,
        actor=cast.operator_a,
        title="SK Walikota",
        upload=upload("../../SK Wali Kota (final) ✓.PDF", PDF_BYTES),
    )
    assert (evidence.kind, evidence.content_type, evidence.size) == (
        EvidenceKind.FILE,
        "application/pdf",
        len(PDF_BYTES),
    )
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.file.name == f"evidence/{cast.gov_a.pk}/{innovation.pk}/sk-wali-kota-final.pdf"
    assert (media / evidence.file.name).read_bytes() == PDF_BYTES
    assert evidence.uploaded_by == cast.operator_a
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.after["sha256"], event.after["file"]) == (
        "innovation.evidence.create",
        evidence.sha256,
        evidence.file.name,
    )


def test_a_word_document_is_recognised_by_its_content_types(cast, media):
    innovation = make_innovation(cast)
    evidence = services.add_evidence_file(
        innovation=innovation,
        actor=cast.operator_a,
        title="Laporan",
        upload=upload("laporan.bin", ooxml_bytes(DOCX_MAIN, "word/document.xml")),
    )
    assert evidence.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert evidence.file.name.endswith("/laporan.docx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "laporan.pdf",
            ELF_BYTES,
            "Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak. " + ACCEPTED,
        ),
        (
            "laporan.pdf",
            MZ_BYTES,
            "Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak. " + ACCEPTED,
        ),
        ("halaman.pdf", HTML_BYTES, "Jenis berkas tidak diterima. " + ACCEPTED),
        ("logo.svg", SVG_BYTES, "Jenis berkas tidak diterima. " + ACCEPTED),
        (
            "makro.docx",
            ooxml_bytes(DOCX_MAIN, "word/document.xml", macro=True),
            "Jenis berkas tidak diterima. " + ACCEPTED,
        ),
        ("kosong.pdf", b"", "Berkas kosong. Pilih berkas yang berisi."),
    ],
)
def test_refused_files_say_why_and_write_nothing(cast, media, name, content, message):
    innovation = make_innovation(cast)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.add_evidence_file(
            innovation=innovation, actor=cast.operator_a, title="Bukti", upload=upload(name, content)
        )
    assert caught.value.message_dict == {"upload": [message]}
    assert (Evidence.objects.count(), AuditEvent.objects.count(), _files(media)) == (0, events, [])


def test_an_oversized_file_is_refused_before_it_is_read(cast, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    innovation = make_innovation(cast)
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        services.add_evidence_file(
            innovation=innovation, actor=cast.operator_a, title="Besar", upload=upload("b.pdf", big)
        )
    assert caught.value.message_dict == {"upload": ["Berkas terlalu besar (1,0 MB). Ukuran maksimum 1,0 MB."]}
    assert (Evidence.objects.count(), _files(media)) == (0, [])


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://contoh.id/video", "data:text/html,x", "youtube.com/x"])
def test_a_video_link_must_be_http_or_https(cast, url):
    innovation = make_innovation(cast)
    with pytest.raises(ValidationError) as caught:
        services.add_evidence_link(innovation=innovation, actor=cast.operator_a, title="Video", url=url)
    assert caught.value.message_dict == {"url": ["Tautan harus diawali http:// atau https://."]}
    assert not Evidence.objects.exists()


def test_a_video_link_is_recorded(cast):
    innovation = make_innovation(cast)
    evidence = services.add_evidence_link(
        innovation=innovation,
        actor=cast.operator_a,
        title="Video",
        url=" https://www.youtube.com/watch?v=abc ",
        is_public=True,
    )
    assert (evidence.kind, evidence.url, evidence.is_public, evidence.file.name) == (
        EvidenceKind.VIDEO,
        "https://www.youtube.com/watch?v=abc",
        True,
        "",
    )


def test_deleting_evidence_removes_its_file_after_commit(cast, media, django_capture_on_commit_callbacks):
    innovation = make_innovation(cast)
    evidence = services.add_evidence_file(
        innovation=innovation, actor=cast.operator_a, title="SK", upload=upload("sk.pdf", PDF_BYTES)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(evidence=evidence, actor=cast.operator_a)
    assert (Evidence.objects.count(), _files(media)) == (0, [])
    assert AuditEvent.objects.order_by("-id").first().action == "innovation.evidence.delete"


def test_replication_evidence_accepts_a_pdf_and_refuses_a_word_file(cast, media):
    innovation = make_innovation(cast)
    replication = services.add_replication(
        innovation=innovation,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=cast.gov_b,
        evidence_kind=ReplicationEvidenceKind.PKS,
        evidence_upload=upload("PKS Malang.pdf", PDF_BYTES),
    )
    assert replication.evidence_file.name == "replications/pks-malang.pdf"
    with pytest.raises(ValidationError) as caught:
        services.add_replication(
            innovation=innovation,
            actor=cast.operator_a,
            adopter_kind=AdopterKind.NON_GOVERNMENT,
            adopter_name="Pesantren",
            evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
            evidence_upload=upload("surat.docx", ooxml_bytes(DOCX_MAIN, "word/document.xml")),
        )
    assert caught.value.message_dict == {
        "evidence_upload": ["Jenis berkas tidak diterima. Jenis yang diterima: JPG, PDF, PNG, WEBP."]
    }
    assert Replication.objects.count() == 1
    assert _files(media) == ["pks-malang.pdf"]


def test_a_spreadsheet_is_recognised_and_a_plain_zip_is_refused(cast, media):
    innovation = make_innovation(cast)
    xlsx = ooxml_bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml")
    evidence = services.add_evidence_file(
        innovation=innovation, actor=cast.operator_a, title="Data petani", upload=upload("Data Petani.xlsx", xlsx)
    )
    assert (evidence.content_type, evidence.file.name.rsplit("/", 1)[-1]) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "data-petani.xlsx",
    )
    plain_zip = ooxml_bytes("application/octet-stream", "isi.txt")
    with pytest.raises(ValidationError) as caught:
        services.add_evidence_file(
            innovation=innovation, actor=cast.operator_a, title="Arsip", upload=upload("arsip.docx", plain_zip)
        )
    assert caught.value.message_dict == {"upload": ["Jenis berkas tidak diterima. " + ACCEPTED]}
    assert Evidence.objects.count() == 1

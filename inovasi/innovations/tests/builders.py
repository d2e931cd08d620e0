"""Building innovations in a given state through the real services (no shortcuts past the table)."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from inovasi.innovations import services
from inovasi.innovations.enums import (
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationStatus,
    InnovationType,
)
from inovasi.innovations.models import GovernmentAffair

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 120
MZ_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def ooxml_bytes(main_type: str, part: str, *, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(part, "<x/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00\x01")
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


COMPLETE = {
    "initiator_kind": InitiatorKind.PERANGKAT_DAERAH,
    "form": InnovationForm.PELAYANAN_PUBLIK,
    "type": InnovationType.DIGITAL,
    "stage": InnovationStage.PENERAPAN,
    "started_on": date(2021, 3, 1),
    "summary": "Petani memesan benih dan pupuk lewat aplikasi.",
}


def make_innovation(
    cast, *, status=InnovationStatus.DRAFT, agency=None, name="Among Tani Crop", evidence=None, **fields
):
    """An innovation of Pemkot Batu (by default) in `status`, moved there through the services.

    A record that goes past the draft carries one video link as evidence (the submit rule wants
    evidence for a running innovation); `evidence=True` adds it to a draft too (to submit it later).
    """
    agency = agency or cast.agency_a
    operator = cast.operator_a if agency.government_id == cast.gov_a.pk else cast.operator_b
    admin = cast.admin_a if agency.government_id == cast.gov_a.pk else cast.admin_b
    values = {**COMPLETE, **fields}
    values.setdefault("affairs", [GovernmentAffair.objects.get(code="2.09")])
    innovation = services.create_innovation(agency=agency, actor=operator, name=name, **values)
    if evidence or (evidence is None and status != InnovationStatus.DRAFT):
        services.add_evidence_link(
            innovation=innovation, actor=operator, title="Video kegiatan", url="https://www.youtube.com/watch?v=abc"
        )
    if status == InnovationStatus.DRAFT:
        return innovation
    services.submit_innovation(innovation=innovation, actor=operator)
    if status == InnovationStatus.RETURNED:
        services.return_innovation(innovation=innovation, actor=admin, reason="Lengkapi data hasil.")
    elif status in (InnovationStatus.PUBLISHED, InnovationStatus.ARCHIVED):
        services.publish_innovation(innovation=innovation, actor=admin)
        if status == InnovationStatus.ARCHIVED:
            services.archive_innovation(innovation=innovation, actor=admin, reason="Tidak berjalan lagi.")
    innovation.refresh_from_db()
    return innovation

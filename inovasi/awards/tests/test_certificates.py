"""Certificates: serial numbers, a real PDF, the QR code's payload, the signed token, regeneration."""

import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
import segno
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import resolve

from inovasi.audit.models import AuditEvent
from inovasi.awards import certificates, issuance, services
from inovasi.awards.certificates import QR_QUIET_MODULES, QR_SIZE, QR_X, QR_Y, TOKEN_SALT


@pytest.fixture
def certificate(scene):
    return issuance.issue_certificate(award=scene.award(rank=1), actor=scene.cast.organizer)


def _pdf_bytes(certificate) -> bytes:
    certificate.pdf.open("rb")
    try:
        return certificate.pdf.read()
    finally:
        certificate.pdf.close()


RECT = re.compile(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b")


def qr_matrix_from_pdf(data: bytes, size: int) -> list[list[int]]:
    """Rebuild the QR code's module grid from the filled squares drawn inside its box."""
    module = QR_SIZE / (size + 2 * QR_QUIET_MODULES)
    grid = [[0] * size for _ in range(size)]
    for match in RECT.finditer(data):
        x, y, w, h = (float(v) for v in match.groups())
        if not (QR_X <= x < QR_X + QR_SIZE and QR_Y <= y < QR_Y + QR_SIZE) or (w, h) == (QR_SIZE, QR_SIZE):
            continue
        row = round((QR_Y + QR_SIZE - y - h) / module) - QR_QUIET_MODULES
        first = round((x - QR_X) / module) - QR_QUIET_MODULES
        for col in range(first, first + round(w / module)):
            grid[row][col] = 1
    return grid


def test_the_serial_names_competition_year_label_and_number(scene, certificate):
    assert certificate.serial == "KOVABLIK-2025/T30/001"
    second = issuance.issue_certificate(award=scene.award(scene.diapers), actor=None)
    assert second.serial == "KOVABLIK-2025/T30/002"


def test_a_revoked_certificates_number_is_never_reused(scene, certificate):
    issuance.revoke_certificate(certificate=certificate, reason="Diberikan karena kekeliruan data.", actor=None)
    second = issuance.issue_certificate(award=scene.award(scene.diapers), actor=None)
    assert second.serial == "KOVABLIK-2025/T30/002"


def test_the_certificate_is_a_real_pdf_with_the_serial_and_its_sha256(certificate):
    data = _pdf_bytes(certificate)
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in data  # A4 landscape
    for text in (
        "KOVABLIK-2025/T30/001",
        "Segar Kagemi",
        "Top 30",
        "KOVABLIK Jawa Timur 2025",
        "Emil Elistianto Dardak",
    ):
        assert text.encode() in data
    assert b"Wakil Gubernur Jawa Timur" in data
    assert b"20 November 2025" in data  # the ceremony date, in Indonesian
    assert hashlib.sha256(data).hexdigest() == certificate.sha256
    assert certificate.signatories == [{"name": "Emil Elistianto Dardak", "title": "Wakil Gubernur Jawa Timur"}]


def test_the_qr_code_encodes_the_public_verification_url_with_a_signed_token(certificate):
    url = certificates.verification_url(certificate)
    expected = segno.make(url, error="m", micro=False)
    size = len(expected.matrix)
    drawn = qr_matrix_from_pdf(_pdf_bytes(certificate), size)
    assert drawn == [list(row) for row in expected.matrix]

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "https://inovasi.jatimprov.test"  # settings.SITE_URL
    match = resolve(parts.path)
    assert match.view_name == "public:certificate_verify"
    assert signing.loads(match.kwargs["token"], salt=TOKEN_SALT) == str(certificate.public_id)


def test_a_token_signed_with_another_salt_or_changed_by_one_character_does_not_verify(certificate):
    token = certificates.token_for(certificate)
    assert certificates.certificate_for_token(token) == certificate
    forged = signing.dumps(str(certificate.public_id), salt="something.else")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (forged, flipped, "", "x" * 600, "tidak-ada", token.replace(":", "")):
        assert certificates.certificate_for_token(bad) is None


def test_regenerating_an_unchanged_certificate_writes_nothing(certificate):
    events = AuditEvent.objects.count()
    again = issuance.issue_certificate(award=certificate.award, actor=None)
    assert (again.pk, again.serial, again.sha256, again.pdf.name) == (
        certificate.pk,
        certificate.serial,
        certificate.sha256,
        certificate.pdf.name,
    )
    assert AuditEvent.objects.count() == events


def test_changing_the_award_regenerates_the_pdf_with_the_same_serial_and_code(
    scene, certificate, django_capture_on_commit_callbacks
):
    token = certificates.token_for(certificate)
    old_name = certificate.pdf.name
    storage = certificate.pdf.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.update_award(award=certificate.award, actor=None, recipient_name="Kantin Segar Kagemi")
    certificate.refresh_from_db()
    assert certificate.serial == "KOVABLIK-2025/T30/001"
    assert certificates.token_for(certificate) == token
    data = _pdf_bytes(certificate)
    assert b"Kantin Segar Kagemi" in data and hashlib.sha256(data).hexdigest() == certificate.sha256
    assert certificate.pdf.name != old_name and not storage.exists(old_name)
    assert AuditEvent.objects.filter(action="certificate.regenerate").count() == 1


def test_the_ceremonys_signatories_are_printed_instead_of_the_presenter(scene):
    services.update_ceremony(
        ceremony=scene.ceremony,
        actor=None,
        signatories=[
            {"name": "Dr. Penanda Tangan Satu", "title": "Gubernur Jawa Timur"},
            {"name": "Ir. Penanda Tangan Dua", "title": "Sekretaris Daerah Provinsi Jawa Timur"},
        ],
    )
    certificate = issuance.issue_certificate(award=scene.award(), actor=None)
    data = _pdf_bytes(certificate)
    assert b"Dr. Penanda Tangan Satu" in data and b"Ir. Penanda Tangan Dua" in data
    assert b"Emil Elistianto Dardak" not in data


def test_an_award_without_a_ceremony_cannot_get_a_certificate(scene):
    award = scene.award(ceremony=None)
    with pytest.raises(ValidationError) as exc:
        issuance.issue_certificate(award=award, actor=None)
    assert "belum memiliki penanda tangan" in " ".join(exc.value.messages)


def test_a_long_recipient_name_is_wrapped_not_lost(scene):
    long_name = "Sekolah Pasar Pedagang Cerdas " * 6
    award = scene.award(recipient_name=long_name.strip(), awarded_on=date(2025, 11, 16))
    data = _pdf_bytes(issuance.issue_certificate(award=award, actor=None))
    assert data.count(b"Sekolah Pasar Pedagang Cerdas") >= 4


def test_the_code_is_found_in_a_pasted_url_or_alone(certificate):
    token = certificates.token_for(certificate)
    assert certificates.token_from_text(certificates.verification_url(certificate)) == token
    assert certificates.token_from_text(f"  {token}  ") == token


def test_a_printed_code_survives_a_key_rotation_only_while_the_old_key_is_a_fallback(certificate, settings):
    token = certificates.token_for(certificate)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert certificates.certificate_for_token(token) == certificate
    settings.SECRET_KEY_FALLBACKS = []
    assert certificates.certificate_for_token(token) is None

"""Award certificates carry the organizer body's electronic seal and a field for the official."""

import hashlib
import io

import pytest

from inovasi.audit.seal import SIGNATURE_FIELD, check_seal
from inovasi.awards import certificates, issuance

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(scene):
    return issuance.issue_certificate(award=scene.award(rank=1), actor=scene.cast.organizer)


def test_an_issued_certificate_is_sealed_and_keeps_a_field_for_the_officials_signature(certificate):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    pdf = certificate.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
    result = check_seal(pdf)
    assert (result.sealed, result.intact, result.ours) == (True, True, True)
    names = {name for name, _value, _ref in enumerate_sig_fields(PdfFileReader(io.BytesIO(pdf)))}
    assert SIGNATURE_FIELD in names
    assert pdf.startswith(certificates.render_pdf(certificate))  # the seal is an incremental update


def test_a_certificate_with_one_changed_byte_fails_the_seal_check(certificate):
    pdf = certificate.pdf.read()
    at = pdf.index(certificate.serial.encode())
    tampered = pdf[:at] + b"X" + pdf[at + 1 :]
    assert check_seal(tampered).intact is False

"""Evidence files for index claims: accepted by their content (PDF, JPEG, PNG), not their name."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
_SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_evidence_file(uploaded) -> CheckedFile:
    """Refuse anything that is not a PDF, JPEG or PNG by its first bytes, or that is too large."""
    size = uploaded.size
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "evidence_file": _("Berkas bukti terlalu besar: maksimum %(mb)s MB.")
                % {"mb": EVIDENCE_MAX_BYTES // 2**20}
            }
        )
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(16))
    if content_type is None:
        raise ValidationError(
            {"evidence_file": _("Berkas bukti harus berupa PDF, JPEG atau PNG; isi berkas ini bukan salah satunya.")}
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type=content_type, size=size, sha256=digest.hexdigest())

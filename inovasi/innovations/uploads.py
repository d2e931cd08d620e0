"""Checking evidence files by their content, never by the name or the browser's content type.

An operator may upload PDF, JPEG, PNG and WebP files, and Word/Excel documents (DOCX/XLSX, the
forms and tables Pemda staff actually have). The type is read from the bytes: a program renamed to
`.pdf`, an HTML page or an SVG image is refused. The stored name is rebuilt from a cleaned stem and
the extension of the detected type, and the content type, size and SHA-256 are recorded.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inovasi.inputs import is_web_url

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp", DOCX: "docx", XLSX: "xlsx"}
EVIDENCE_TYPES = frozenset(EXTENSIONS)
# Replication statements and agreements are scans or signed PDFs.
REPLICATION_TYPES = frozenset({PDF, JPEG, PNG, WEBP})

# The main part each Office Open XML document declares in its [Content_Types].xml.
_OOXML_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_EXECUTABLE_MIMES = {
    "application/x-executable",
    "application/x-msdownload",
    "application/x-mach-binary",
    "application/x-sharedlib",
    "application/x-elf",
    "application/vnd.microsoft.portable-executable",
}
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    name: str


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return data


def _ooxml_type(data: bytes) -> str | None:
    """DOCX or XLSX if the zip declares that main part and carries no macros; otherwise None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    for mime, marker in _OOXML_MAIN_PARTS.items():
        if marker in declared:
            return mime
    return None


def detect_type(data: bytes) -> str | None:
    """The MIME type the bytes really are, among those we recognise (None if unknown)."""
    head = data[:_HEAD_BYTES]
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(data) or "application/zip"
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if head.startswith(b"MZ"):
        return "application/x-msdownload"
    return None


def safe_name(original: str, content_type: str) -> str:
    """A file name safe on every file system: a slug of the original stem + the detected extension."""
    stem = original.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = slugify(stem)[:80].strip("-_") or "berkas"
    return f"{stem}.{EXTENSIONS[content_type]}"


def check_upload(upload, *, allowed=EVIDENCE_TYPES) -> CheckedFile:
    """Validate an uploaded file by size and content; raise ValidationError in Indonesian.

    Returns what to record: the detected content type, size, SHA-256 and a clean file name.
    """
    limit = max_bytes()
    size = upload.size
    if not size:
        raise ValidationError(_("Berkas kosong. Pilih berkas yang berisi."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Ukuran maksimum %(limit)s.")
            % {"size": _human_size(size), "limit": _human_size(limit)},
            code="too_big",
        )
    data = _read_all(upload)
    detected = detect_type(data)
    if detected not in allowed:
        accepted = ", ".join(EXTENSIONS[m].upper() for m in sorted(allowed, key=lambda m: EXTENSIONS[m]))
        if detected in _EXECUTABLE_MIMES:
            message = _("Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak.")
        else:
            message = _("Jenis berkas tidak diterima.")
        hint = _("Jenis yang diterima: %(types)s.") % {"types": accepted}
        raise ValidationError(f"{message} {hint}", code="bad_type")
    return CheckedFile(
        content_type=detected,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        name=safe_name(getattr(upload, "name", "") or "", detected),
    )


def check_video_url(url: str) -> str:
    """A video link must be an http(s) address (no javascript:, data: or file: links)."""
    url = (url or "").strip()
    if not is_web_url(url):
        raise ValidationError(_("Tautan harus diawali http:// atau https://."), code="bad_scheme")
    return url

"""Certificates: the signed verification token, the serial number and the A4 landscape PDF.

Token: `django.core.signing.dumps(str(public_id), salt=TOKEN_SALT)` — a `TimestampSigner` token
whose timestamp is the certificate's issue time, so one certificate always has the same code and
regenerating its PDF gives the same bytes. `signing.loads(token, salt=TOKEN_SALT)` returns the
public id; a tampered or invented code raises `BadSignature`.

The PDF is drawn on a reportlab canvas like the judging minutes (standard Helvetica fonts,
uncompressed and invariant, so identical data gives identical bytes). The QR code (segno) is drawn
as vector squares and encodes `verification_url(certificate)`.
"""

import hashlib
import io
import re
import uuid
from datetime import datetime

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from inovasi.audit.seal import seal_pdf
from inovasi.awards.models import Certificate

TOKEN_SALT = "inovasi.certificate"  # noqa: S105 (a signing salt, not a secret)
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
BRAND = (0x0B / 255, 0x4F / 255, 0x6C / 255)  # the site's navbar colour (#0b4f6c)

# Page geometry (points). The QR code's box is fixed so tests can find its modules in the PDF.
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.27  # A4 landscape
QR_X, QR_Y, QR_SIZE = 56.0, 52.0, 112.0
QR_QUIET_MODULES = 2


# --- Token and URL ---------------------------------------------------------------------------


class _IssuedAtSigner(signing.TimestampSigner):
    """`signing.dumps` with the timestamp fixed at the certificate's issue time."""

    def __init__(self, *, issued_at: datetime, **kwargs):
        super().__init__(**kwargs)
        self._timestamp = signing.b62_encode(int(issued_at.timestamp()))

    def timestamp(self):
        return self._timestamp


def token_for(certificate: Certificate) -> str:
    return _IssuedAtSigner(salt=TOKEN_SALT, issued_at=certificate.issued_at).sign_object(str(certificate.public_id))


class CodeProblem:
    """Why a code found no certificate: a visitor deserves to know a typo from a forgery."""

    NOT_FOUND = "not_found"  # well signed but no such certificate, or not a code at all (a typo)
    DAMAGED = "damaged"  # shaped like our signed code but the signature fails: cut short or altered


def code_problem(token: str) -> str:
    """For a code `certificate_for_token` rejected: `CodeProblem.DAMAGED` when it has the shape of
    a signed code (value:signature) whose signature fails, else `CodeProblem.NOT_FOUND`."""
    if token and len(token) <= 500 and ":" in token:
        try:
            signing.loads(token, salt=TOKEN_SALT)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            return CodeProblem.DAMAGED
    return CodeProblem.NOT_FOUND


def certificate_for_token(token: str) -> Certificate | None:
    """The certificate a code stands for, or None when the code is tampered, invented or unknown
    (`code_problem` tells which)."""
    if not token or len(token) > 500:
        return None
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
        public_id = uuid.UUID(str(value))
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    return (
        Certificate.objects.select_related(
            "award__label__edition__competition__body",
            "award__ceremony",
            "award__innovation",
            "award__government__region",
            "award__agency",
        )
        .filter(public_id=public_id)
        .first()
    )


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def verification_url(certificate: Certificate) -> str:
    """The absolute URL in the QR code: the public verification page of this certificate."""
    return site_url() + reverse("public:certificate_verify", args=[token_for(certificate)])


TOKEN_IN_URL = re.compile(r"/sertifikat/(?P<token>[^/?#\s]+)/?")


def token_from_text(text: str) -> str:
    """What a visitor pastes: a whole verification URL or just the code."""
    text = (text or "").strip()
    match = TOKEN_IN_URL.search(text)
    return match.group("token") if match else text


# --- Serial numbers --------------------------------------------------------------------------


def label_code_from_name(name: str) -> str:
    """Initials of the words, numbers kept whole: "Top Inovasi Terpuji" → TIT, "Top 45" → T45."""
    words = re.findall(r"[A-Za-z0-9]+", name or "")
    code = "".join(word if word.isdigit() else word[0] for word in words).upper()
    return (code or "P")[:10]


def serial_prefix(label) -> str:
    edition = label.edition
    # At most 36 + 1 + 4 + 1 + 12 + 1 + 3 characters: fits Certificate.serial (60).
    competition = re.sub(r"[^A-Z0-9]+", "-", edition.competition.short_name.upper()).strip("-")[:36] or "INOVASI"
    return f"{competition}-{edition.year}/{label.code or label_code_from_name(label.name)}/"


def next_serial(label) -> str:
    """The next free number under the label's prefix ("KOVABLIK-2023/TIT/001"); numbers of revoked
    certificates are never reused. The caller holds a lock on the label."""
    prefix = serial_prefix(label)
    numbers = [
        int(serial[len(prefix) :])
        for serial in Certificate.objects.filter(serial__startswith=prefix).values_list("serial", flat=True)
        if serial[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def pdf_filename(certificate: Certificate) -> str:
    return "sertifikat-" + re.sub(r"[^A-Za-z0-9]+", "-", certificate.serial).strip("-") + ".pdf"


# --- PDF -------------------------------------------------------------------------------------


def indonesian_date(value) -> str:
    with translation.override("id"):
        return formats.date_format(value, "j F Y")


def qr_for(certificate: Certificate) -> segno.QRCode:
    return segno.make(verification_url(certificate), error="m", micro=False)


def _draw_qr(pdf, qr: segno.QRCode) -> None:
    """Dark modules as filled squares (runs per row), inside the fixed QR box on a white quiet zone."""
    matrix = qr.matrix
    count = len(matrix)
    module = QR_SIZE / (count + 2 * QR_QUIET_MODULES)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(QR_X, QR_Y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        y = QR_Y + QR_SIZE - (QR_QUIET_MODULES + row_index + 1) * module
        col = 0
        while col < count:
            if row[col]:
                start = col
                while col < count and row[col]:
                    col += 1
                x = QR_X + (QR_QUIET_MODULES + start) * module
                path.rect(x, y, (col - start) * module, module)
            else:
                col += 1
    pdf.drawPath(path, stroke=0, fill=1)


def _wrapped(pdf, text, font, size, max_width, y, *, min_size=None, max_lines=3, leading=1.2, color=None):
    """Draw centred text wrapped to `max_width`, shrinking the font (down to `min_size`) to fit
    `max_lines`; return the y below the last line."""
    from reportlab.lib.utils import simpleSplit  # inline: reportlab is heavy

    min_size = min_size or size
    lines = simpleSplit(text, font, size, max_width)
    while len(lines) > max_lines and size > min_size:
        size -= 1
        lines = simpleSplit(text, font, size, max_width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + "…"]
    pdf.setFont(font, size)
    if color:
        pdf.setFillColorRGB(*color)
    for line in lines:
        pdf.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= size * leading
    pdf.setFillColorRGB(0, 0, 0)
    return y


def _draw_signatories(pdf, signatories: list[dict], left: float, right: float, top: float) -> None:
    from reportlab.lib.utils import simpleSplit  # inline: reportlab is heavy

    if not signatories:
        return
    width = (right - left) / len(signatories)
    for index, person in enumerate(signatories):
        centre = left + width * (index + 0.5)
        y = top
        pdf.setFont("Helvetica", 10)
        for line in simpleSplit(person.get("title", ""), "Helvetica", 10, width - 16)[:3]:
            pdf.drawCentredString(centre, y, line)
            y -= 12
        y = top - 78
        pdf.setLineWidth(0.6)
        pdf.line(centre - min(95, width / 2 - 10), y + 13, centre + min(95, width / 2 - 10), y + 13)
        pdf.setFont("Helvetica-Bold", 11)
        name = person.get("name", "")
        names = simpleSplit(name, "Helvetica-Bold", 11, width - 16)
        pdf.drawCentredString(centre, y, names[0] if names else "")


def render_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF (Indonesian whatever the request's language)."""
    from reportlab.lib.pagesizes import A4, landscape  # inline: reportlab is heavy
    from reportlab.pdfgen import canvas  # inline: reportlab is heavy

    award = certificate.award
    label = award.label
    edition = label.edition
    ceremony = award.ceremony
    with translation.override("id"):
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=landscape(A4), pageCompression=0, invariant=1)
        pdf.setTitle(_("Sertifikat %(serial)s") % {"serial": certificate.serial})
        pdf.setAuthor(edition.competition.body.name)
        pdf.setSubject(f"{label.name} — {edition.name}")
        width, height = PAGE_WIDTH, PAGE_HEIGHT
        text_width = width - 180

        pdf.setStrokeColorRGB(*BRAND)
        pdf.setLineWidth(3)
        pdf.rect(20, 20, width - 40, height - 40, stroke=1, fill=0)
        pdf.setLineWidth(0.8)
        pdf.rect(28, 28, width - 56, height - 56, stroke=1, fill=0)
        pdf.setStrokeColorRGB(0, 0, 0)

        y = _wrapped(pdf, edition.competition.name.upper(), "Helvetica-Bold", 12, text_width, height - 70)
        y = _wrapped(pdf, edition.competition.body.name, "Helvetica", 10, text_width, y + 2)
        y = _wrapped(pdf, _("SERTIFIKAT PENGHARGAAN"), "Helvetica-Bold", 30, text_width, y - 26, color=BRAND)
        y = _wrapped(pdf, _("diberikan kepada"), "Helvetica-Oblique", 12, text_width, y - 4)
        y = _wrapped(pdf, award.recipient_name, "Helvetica-Bold", 24, text_width, y - 10, min_size=16, max_lines=2)
        affiliation = " · ".join(
            part for part in (award.agency.name if award.agency_id else "", award.government.name) if part
        )
        if affiliation and affiliation != award.recipient_name:
            y = _wrapped(pdf, affiliation, "Helvetica", 12, text_width, y + 2, max_lines=2)
        y = _wrapped(pdf, _("atas capaian sebagai"), "Helvetica-Oblique", 12, text_width, y - 8)
        y = _wrapped(pdf, label.name, "Helvetica-Bold", 22, text_width, y - 8, min_size=16, max_lines=2, color=BRAND)
        y = _wrapped(pdf, _("dalam %(edition)s") % {"edition": edition.name}, "Helvetica", 13, text_width, y - 2)
        if ceremony:
            occasion = _("Diserahkan pada %(event)s, %(place)s, %(date)s") % {
                "event": ceremony.name,
                "place": ceremony.place,
                "date": indonesian_date(ceremony.held_on),
            }
        else:
            occasion = _("Ditetapkan pada %(date)s") % {"date": indonesian_date(award.awarded_on)}
        _wrapped(pdf, occasion, "Helvetica", 10.5, text_width, y - 4, max_lines=2)

        _draw_qr(pdf, qr_for(certificate))
        x = QR_X + QR_SIZE + 10
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(x, QR_Y + QR_SIZE - 12, _("Nomor sertifikat"))
        pdf.setFont("Courier-Bold", 11)
        pdf.drawString(x, QR_Y + QR_SIZE - 26, certificate.serial)
        pdf.setFont("Helvetica", 8.5)
        issued = timezone.localtime(certificate.issued_at).date()
        pdf.drawString(x, QR_Y + QR_SIZE - 42, _("Diterbitkan %(date)s") % {"date": indonesian_date(issued)})
        pdf.drawString(x, QR_Y + 22, _("Pindai kode QR untuk memeriksa keaslian, atau buka"))
        pdf.drawString(x, QR_Y + 10, site_url() + reverse("public:certificate_lookup"))

        _draw_signatories(pdf, certificate.signatories, width * 0.47, width - 50, QR_Y + QR_SIZE)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def seal(drawing: bytes) -> bytes:
    """The drawn certificate with the organizer body's seal and an empty field for the official's
    own signature. The seal is an incremental update, so the drawing stays a prefix of the file."""
    return seal_pdf(drawing, reason=_("Segel elektronik penyelenggara pada sertifikat penghargaan"))


def is_sealed_copy_of(certificate: Certificate, drawing: bytes) -> bool:
    """True if the stored PDF is intact (its SHA-256) and is `drawing` plus the seal."""
    if not certificate.pdf or not certificate.sha256:
        return False
    try:
        with certificate.pdf.open("rb") as handle:
            stored = handle.read()
    except FileNotFoundError:
        return False
    return (
        hashlib.sha256(stored).hexdigest() == certificate.sha256
        and len(stored) > len(drawing)  # an unsealed file from before sealing is sealed now
        and stored.startswith(drawing)
    )

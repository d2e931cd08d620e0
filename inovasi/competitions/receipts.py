"""The submission receipt (tanda terima) a Pemda downloads after its proposal reaches the organizer.

One A4 page drawn with reportlab: the receipt number, the edition, the proposal and its owner,
when it was received (WIB), and what was received (sections with word counts, attachments with
their SHA-256), read from the snapshot frozen at submission, so later edits cannot change it.
"""

import io

from django.utils.translation import gettext as _

from inovasi.competitions.services import receipt_number
from inovasi.formats.display import format_datetime_id


def receipt_filename(proposal) -> str:
    return f"tanda-terima-{receipt_number(proposal).lower()}.pdf"


def render_receipt(proposal) -> bytes:
    from reportlab.lib.pagesizes import A4  # inline: reportlab is heavy
    from reportlab.lib.utils import simpleSplit  # inline: reportlab is heavy
    from reportlab.pdfgen import canvas  # inline: reportlab is heavy

    snapshot = proposal.snapshot or {}
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, invariant=1)
    width, height = A4
    left, right = 56, width - 56
    y = height - 72

    def line(text, font="Helvetica", size=10, gap=4):
        nonlocal y
        for part in simpleSplit(str(text), font, size, right - left) or [""]:
            if y < 72:
                pdf.showPage()
                y = height - 72
            pdf.setFont(font, size)
            pdf.drawString(left, y, part)
            y -= size + gap

    pdf.setTitle(_("Tanda terima proposal %(number)s") % {"number": receipt_number(proposal)})
    line(_("TANDA TERIMA PROPOSAL"), "Helvetica-Bold", 16, 8)
    line(proposal.edition.name, "Helvetica", 11, 10)
    line(_("Nomor tanda terima: %(number)s") % {"number": receipt_number(proposal)}, "Courier-Bold", 12, 10)
    rows = [
        (_("Judul"), proposal.title),
        (_("Pemerintah daerah"), proposal.government.name),
        (_("Perangkat daerah"), proposal.agency.name),
        (_("Kelompok"), proposal.group.name),
        (_("Diterima panitia"), format_datetime_id(proposal.submitted_at) if proposal.submitted_at else "—"),
    ]
    for label, value in rows:
        line(f"{label}: {value}")
    y -= 8
    line(_("Isian yang diterima"), "Helvetica-Bold", 11, 6)
    for answer in (snapshot.get("answers") or {}).values():
        line(_("%(title)s — %(words)s kata") % {"title": answer.get("title", ""), "words": answer.get("words", 0)})
    y -= 8
    line(_("Lampiran yang diterima"), "Helvetica-Bold", 11, 6)
    attachments = snapshot.get("attachments") or {}
    if not attachments:
        line("—")
    for code, item in attachments.items():
        detail = item.get("url") or (f"SHA-256 {item.get('sha256', '')[:16]}…" if item.get("sha256") else "")
        line(f"{code}: {detail}", size=9)
    y -= 12
    line(
        _(
            "Tanda terima ini dibuat oleh sistem dari isi proposal yang dibekukan saat pengajuan; "
            "perubahan sesudahnya tidak mengubahnya."
        ),
        size=8,
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

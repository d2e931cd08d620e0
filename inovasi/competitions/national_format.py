"""A proposal in the national (KIPP) form's layout, as PDF: the identity block, then every section in
the form's order with its title, the words used against the limit, and the text; then the
attachments with their links or SHA-256. A submitted proposal is drawn from its frozen snapshot, so
the document matches what the organizer received; a draft from its current answers.
"""

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from inovasi.competitions.words import count_words
from inovasi.formats.display import format_date_id


def _rows(proposal) -> tuple[dict, list[dict], list[dict]]:
    sections = list(proposal.edition.sections.order_by("order", "pk"))
    snapshot = proposal.snapshot or {}
    frozen_answers = snapshot.get("answers") or {}
    live = {a.section_id: a.text for a in proposal.answers.all()}
    answers = []
    for section in sections:
        if section.group_id not in (None, proposal.group_id):
            continue
        text = frozen_answers[section.code]["text"] if section.code in frozen_answers else live.get(section.pk, "")
        answers.append(
            {
                "code": section.code,
                "title": section.title,
                "limit": section.word_limit,
                "text": text or "",
                "words": count_words(text or ""),
            }
        )
    innovation = snapshot.get("innovation") or {
        "name": proposal.innovation.name,
        "acronym_expansion": proposal.innovation.acronym_expansion,
        "started_on": proposal.innovation.started_on.isoformat() if proposal.innovation.started_on else None,
        "agency": proposal.agency.name,
        "government": proposal.government.name,
    }
    frozen_files = snapshot.get("attachments")
    if frozen_files is None:
        frozen_files = {
            a.requirement.code: {"url": a.url, "sha256": a.sha256, "size": a.size}
            for a in proposal.attachments.select_related("requirement")
        }
    titles = {r.code: r.title for r in proposal.edition.attachment_requirements.all()}
    files = [{"title": titles.get(code, code), **value} for code, value in frozen_files.items()]
    return innovation, answers, files


def proposal_pdf(proposal) -> bytes:
    from reportlab.lib.pagesizes import A4  # inline: reportlab is heavy
    from reportlab.lib.styles import getSampleStyleSheet  # inline: reportlab is heavy
    from reportlab.lib.units import cm  # inline: reportlab is heavy
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # inline: reportlab is heavy

    innovation, answers, files = _rows(proposal)
    styles = getSampleStyleSheet()
    body, heading, small = styles["BodyText"], styles["Heading3"], styles["Italic"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        title=_("Proposal %(title)s") % {"title": proposal.title},
        invariant=1,
    )

    def p(text, style=body):
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    story = [
        p(_("Formulir proposal — %(edition)s") % {"edition": proposal.edition}, styles["Title"]),
        p(proposal.title, styles["Heading2"]),
    ]
    started = innovation.get("started_on")
    identity = [
        (_("Nama inovasi"), innovation.get("name")),
        (_("Kepanjangan"), innovation.get("acronym_expansion") or "—"),
        (_("Pemerintah daerah"), innovation.get("government")),
        (_("Perangkat daerah"), innovation.get("agency")),
        (_("Kelompok"), proposal.group.name),
        (_("Kategori"), proposal.category.name if proposal.category_id else "—"),
        (_("Mulai diterapkan"), format_date_id(date.fromisoformat(started)) if started else "—"),
        (_("Status"), proposal.get_state_display()),
    ]
    table = Table([[p(k), p(v)] for k, v in identity], colWidths=[5 * cm, 12 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 12)]
    for number, answer in enumerate(answers, start=1):
        story.append(p(f"{number}. {answer['title']}", heading))
        over = answer["limit"] and answer["words"] > answer["limit"]
        story.append(
            p(
                _("%(words)s dari %(limit)s kata%(over)s")
                % {"words": answer["words"], "limit": answer["limit"], "over": _(" — melebihi batas") if over else ""},
                small,
            )
        )
        story.append(p(answer["text"] or _("(belum diisi)")))
    story.append(p(_("Lampiran"), heading))
    for item in files:
        detail = item.get("url") or (f"SHA-256 {item.get('sha256')}" if item.get("sha256") else _("(belum ada)"))
        story.append(p(f"{item['title']}: {detail}"))
    doc.build(story)
    return buffer.getvalue()

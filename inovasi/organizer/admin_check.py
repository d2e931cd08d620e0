"""The administrative check, side by side: each checklist item beside what it is about.

For every item of the administrative stage's checklist: the attachments it names
(`ChecklistItem.attachment_codes`, opened through the one download view) on the left, and on the
right the verdict radios plus what the automatic check already verified for it: an uploaded file's
type was detected from its bytes, its size and SHA-256 recorded; a link is present; for an item
that `covers_form`, the required sections, word limits and required attachments
(`competitions.checks.form_failures`). What is left is what a person must judge (a signature, what
the video shows).
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from inovasi.competitions import checks
from inovasi.files.links import attachment_view


def checklist_rows(proposal, items, answers: dict) -> list[dict]:
    present = {a.requirement.code: a for a in proposal.attachments.select_related("requirement") if a.url or a.file}
    requirements = {r.code: r for r in checks.applicable_attachments(proposal)}
    form_problems = None
    rows = []
    for item in items:
        shown, verified = [], []
        for code in item.attachment_codes or []:
            requirement = requirements.get(code)
            if requirement is None:
                continue
            attachment = present.get(code)
            if attachment is None:
                verified.append(
                    {
                        "ok": not requirement.required,
                        "text": (
                            _("“%(title)s” wajib dilampirkan tetapi belum ada.")
                            if requirement.required
                            else _("“%(title)s” tidak dilampirkan (tidak wajib).")
                        )
                        % {"title": requirement.title},
                    }
                )
                continue
            shown.append(attachment_view(attachment))
            if attachment.file:
                text = _("“%(title)s”: berkas %(type)s (jenis diperiksa dari isinya), %(size)s, SHA-256 %(sha)s…") % {
                    "title": requirement.title,
                    "type": "PDF" if attachment.content_type == "application/pdf" else attachment.content_type,
                    "size": filesizeformat(attachment.size or 0),
                    "sha": (attachment.sha256 or "")[:12],
                }
            else:
                text = _("“%(title)s”: tautan terisi.") % {"title": requirement.title}
            verified.append({"ok": True, "text": text})
        if item.covers_form:
            if form_problems is None:
                form_problems = checks.form_failures(proposal)
            if form_problems:
                verified += [{"ok": False, "text": problem["message"]} for problem in form_problems]
            else:
                verified.append(
                    {
                        "ok": True,
                        "text": _("Semua bagian wajib terisi dalam batas kata dan semua lampiran wajib ada."),
                    }
                )
        rows.append({"item": item, "answer": answers.get(item.pk), "attachments": shown, "verified": verified})
    return rows

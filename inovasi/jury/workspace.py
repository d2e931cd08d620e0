"""What the juror's reading-and-scoring workspace shows beside the rubric.

"What a juror scores, the juror has read": the proposal as submitted (every section with its word
count, the attachments opened inline through the one download view, the video link, the
innovation's public record), the rubric with its anchors, and where the juror stands in the stage
("3 dari 18 selesai", previous/next). In a blind stage the identity is left out (title, Pemda,
agency, named people, the public record link) and the proposal goes by its opaque code
(`judging.blind`); section texts and attachment contents are shown as they are.
"""

from django.urls import reverse

from inovasi.competitions.models import FormSection
from inovasi.competitions.words import count_words
from inovasi.files.links import attachment_view
from inovasi.formats.numbers import NumberKind, format_decimal
from inovasi.innovations.enums import InnovationStatus
from inovasi.judging import conflicts
from inovasi.judging.blind import blind_code, blind_notice, is_blind
from inovasi.judging.models import Assignment, Scorecard, ScorecardState


def proposal_label(assignment) -> str:
    """What the juror calls the proposal: its title, or its opaque code in a blind stage."""
    if is_blind(assignment.stage):
        return blind_code(assignment.stage_id, assignment.proposal_id)
    return assignment.proposal.title


def sections(proposal) -> list[dict]:
    """The sections as submitted (the frozen snapshot; the live answers before submission), in the
    form's order, each with its word count and limit."""
    limits = {
        s.code: (s.order, s.word_limit)
        for s in FormSection.objects.filter(edition_id=proposal.edition_id).only("code", "order", "word_limit")
    }
    snapshot = (proposal.snapshot or {}).get("answers")
    if snapshot is None:
        snapshot = {
            a.section.code: {"title": a.section.title, "text": a.text}
            for a in proposal.answers.select_related("section")
        }
    rows = []
    for code, answer in snapshot.items():
        _order, limit = limits.get(code, (999, None))
        text = answer.get("text") or ""
        rows.append(
            {"code": code, "title": answer.get("title", code), "text": text, "words": count_words(text), "limit": limit}
        )
    rows.sort(key=lambda row: (limits.get(row["code"], (999,))[0], row["title"]))
    return rows


def attachments(proposal) -> list[dict]:
    return [
        attachment_view(attachment)
        for attachment in proposal.attachments.select_related("requirement").order_by("requirement__order", "pk")
        if attachment.url or attachment.file
    ]


def progress(assignment) -> dict:
    """The juror's place in this stage: done/total, previous and next assignment (conflicted
    proposals left out, as on the dashboard)."""
    siblings = list(
        Assignment.objects.filter(juror_id=assignment.juror_id, stage_id=assignment.stage_id)
        .select_related("proposal")
        .order_by("proposal__title", "pk")
    )
    blocked = conflicts.blocked_pairs([assignment.juror], {a.proposal for a in siblings})
    siblings = [a for a in siblings if (assignment.juror_id, a.proposal_id) not in blocked]
    blind = is_blind(assignment.stage)
    if blind:  # ordered by code, so the order reveals nothing either
        siblings.sort(key=lambda a: blind_code(a.stage_id, a.proposal_id))
    submitted = set(
        Scorecard.objects.filter(
            juror_id=assignment.juror_id, stage_id=assignment.stage_id, state=ScorecardState.SUBMITTED
        ).values_list("proposal_id", flat=True)
    )
    ids = [a.pk for a in siblings]
    position = ids.index(assignment.pk) if assignment.pk in ids else None
    previous = siblings[position - 1] if position else None
    following = siblings[position + 1] if position is not None and position + 1 < len(siblings) else None
    return {
        "done": sum(1 for a in siblings if a.proposal_id in submitted),
        "total": len(siblings),
        "position": None if position is None else position + 1,
        "previous": previous,
        "next": following,
    }


def rubric_rows(criteria, values: dict, errors: dict, saved: dict) -> list[dict]:
    rows = []
    for criterion in criteria:
        value = values.get(criterion.code, "")
        shown = value if isinstance(value, str) else format_decimal(value, kind=NumberKind.SCORE)
        rows.append(
            {
                "criterion": criterion,
                "value": shown,
                "error": errors.get(criterion.code),
                "saved": None if saved.get(criterion.code) is None else saved[criterion.code],
                "weight": format_decimal(criterion.weight),
                "anchors": criterion.anchors or [],
            }
        )
    return rows


def reading(assignment) -> dict:
    proposal, stage = assignment.proposal, assignment.stage
    blind = is_blind(stage)
    innovation_url = None
    if not blind and proposal.innovation_id and proposal.innovation.status == InnovationStatus.PUBLISHED:
        innovation_url = reverse("public:innovation_detail", args=[proposal.innovation_id])
    return {
        "blind": blind,
        "label": proposal_label(assignment),
        "blind_notice": blind_notice() if blind else "",
        "sections": sections(proposal),
        "attachments": attachments(proposal),
        "innovation_url": innovation_url,
        "progress": progress(assignment),
    }

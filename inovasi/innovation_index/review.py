"""The validator's side-by-side review of one claim: where it sits in the queue, last year's value,
the kind of evidence to open inline and the options to adjust to. The verdict itself is recorded by
`validation.validate_claim`."""

from django.db.models import Q

from inovasi.innovation_index.models import IndexClaim, IndexParameterOption
from inovasi.innovation_index.validation import QUEUE_ORDER, REJECTION_REASONS


def neighbour(queue, claim, *, after: bool):
    """The claim just after (or before) `claim` in the queue's order (`QUEUE_ORDER`), or None."""
    gt = "gt" if after else "lt"
    a, i, n, pk = claim.assessment_id, claim.indicator_id, claim.innovation_id, claim.pk
    same_innovation = Q(innovation_id=n) if n is not None else Q(innovation__isnull=True)
    later = (
        Q(**{f"assessment_id__{gt}": a})
        | Q(assessment_id=a, **{f"indicator_id__{gt}": i})
        | (Q(assessment_id=a, indicator_id=i) & same_innovation & Q(**{f"pk__{gt}": pk}))
    )
    if n is not None:
        later |= Q(assessment_id=a, indicator_id=i, **{f"innovation_id__{gt}": n})
    order = QUEUE_ORDER if after else tuple(f"-{f}" for f in QUEUE_ORDER)
    return queue.filter(later).order_by(*order).values_list("pk", flat=True).first()


def following(queue, claim):
    """The claim to review after a verdict on `claim`: the next one, else the queue's first other one."""
    return (
        neighbour(queue, claim, after=True)
        or queue.exclude(pk=claim.pk).order_by(*QUEUE_ORDER).values_list("pk", flat=True).first()
    )


def previous_year_values(framework, claims) -> dict:
    """The previous year's validated value of the same Pemda, indicator number and innovation (one query)."""
    if not claims:
        return {}
    rows = IndexClaim.objects.filter(
        assessment__framework__year=framework.year - 1,
        assessment__government_id__in={c.assessment.government_id for c in claims},
        indicator__number__in={c.indicator.number for c in claims},
    ).values_list("assessment__government_id", "indicator__number", "innovation_id", "validated_value", "validation")
    return {
        (gov, number, innovation): (value if value is not None else 0) if validation != "pending" else "?"
        for gov, number, innovation, value, validation in rows
    }


def previous_year_value(framework, claim):
    """`previous_year_values` of one claim: its value, "?" while last year's is pending, "" if none."""
    return previous_year_values(framework, [claim]).get(
        (claim.assessment.government_id, claim.indicator.number, claim.innovation_id), ""
    )


def evidence_kind(claim) -> str:
    """How the uploaded evidence opens inline: "pdf", "image", "file", or "" without a file."""
    if not claim.evidence_file:
        return ""
    ctype = claim.evidence_content_type or ""
    return "pdf" if ctype == "application/pdf" else ("image" if ctype.startswith("image/") else "file")


def verdict_option(claim, option_id):
    """The option a verdict adjusts to, only among the claim's own indicator's options (None otherwise)."""
    if not option_id:
        return None
    return IndexParameterOption.objects.filter(pk=option_id, indicator=claim.indicator).first()


def review_context(framework, claim, queue) -> dict:
    """What the review page shows beside the claim."""
    return {
        "options": list(IndexParameterOption.objects.filter(indicator=claim.indicator).order_by("value")),
        "previous": previous_year_value(framework, claim),
        "evidence_kind": evidence_kind(claim),
        "reasons": REJECTION_REASONS,
        "next_id": neighbour(queue, claim, after=True),
        "previous_id": neighbour(queue, claim, after=False),
    }

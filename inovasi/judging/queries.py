"""Read-only questions about judging asked by several screens (the jury desk, the API)."""

from inovasi.judging import conflicts
from inovasi.judging.models import Assignment


def my_assignments(jurors):
    """Assignments of the given juror records (see `rules.jurors_of`: only bodies where the user is
    a juror), in editions of the record's body, without any conflicted proposal."""
    jurors = list(jurors)
    if not jurors:
        return []
    body_of = {j.pk: j.body_id for j in jurors}
    assignments = [
        a
        for a in Assignment.objects.filter(juror__in=jurors)
        .select_related("stage", "stage__edition__competition", "proposal", "proposal__government", "stage__judging")
        .order_by("stage__closes_at", "stage__pk", "proposal__title", "pk")
        if a.stage.edition.competition.body_id == body_of[a.juror_id]
    ]
    blocked = conflicts.blocked_pairs(jurors, {a.proposal for a in assignments})
    return [a for a in assignments if (a.juror_id, a.proposal_id) not in blocked]

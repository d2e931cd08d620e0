"""Who may do what in judging.

Organizers of the edition's body manage jurors, conflicts, assignments, closing and exports.

**The juror rule** (one predicate, `juror_of(user, body)`): a person is a juror of an organizer body
while they hold an active Juri membership of that body *and* have a `Juror` record there. Every
path that lets someone judge asks it: the scoring screen and the juror's dashboard, the API, the
score import (`services.import_scores_csv`), assignment, and the aggregation, which leaves out
scores of anyone who no longer passes it. A juror then sees and scores a proposal only while
assigned to it in a stage of that body and not conflicted with it (see `conflicts.py`); a
conflicted juror is refused on every path (page, API, export), whatever the assignment says.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, bodies_organized, is_organizer_of, is_system_admin
from inovasi.competitions.models import Proposal
from inovasi.innovations.rules import REVIEWER_RULES
from inovasi.judging.conflicts import conflict_reason
from inovasi.judging.models import Assignment, Juror


def _body_id(body):
    return getattr(body, "pk", body)


def holds_juror_role(user, body) -> bool:
    """An active Juri membership of `body` (an OrganizerBody or its pk)."""
    body_id = _body_id(body)
    return body_id is not None and any(
        m.role == Role.JUROR and m.organizer_body_id == body_id for m in active_memberships(user)
    )


def juror_of(user, body):
    """The user's `Juror` record in `body` if the user is a juror of that body, else None.

    `body` is an OrganizerBody or its pk (`stage.edition.competition.body_id`). Cached on the user
    object per request, like the memberships."""
    if not getattr(user, "is_authenticated", False) or not holds_juror_role(user, body):
        return None
    body_id = _body_id(body)
    cache = user.__dict__.setdefault("_juror_records", {})
    if body_id not in cache:
        cache[body_id] = Juror.objects.filter(user=user, body_id=body_id).first()
    return cache[body_id]


def jurors_of(user) -> list:
    """Every `Juror` record of the user in a body where the user is a juror (the juror rule)."""
    bodies = {m.organizer_body_id for m in active_memberships(user) if m.role == Role.JUROR}
    return [j for j in (juror_of(user, b) for b in sorted(bodies)) if j is not None]


def forget_jurors(user) -> None:
    user.__dict__.pop("_juror_records", None)


def stage_body_id(stage):
    return stage.edition.competition.body_id


def may_judge(juror, stage) -> bool:
    """The juror rule seen from a `Juror` record: its body runs the stage and its user is a juror there."""
    return juror is not None and juror.body_id == stage_body_id(stage) and holds_juror_role(juror.user, juror.body_id)


@rules.predicate
def is_organizer_of_stage(user, stage) -> bool:
    return stage is not None and is_organizer_of(user, stage.edition.competition.body)


@rules.predicate
def is_assigned_unconflicted(user, assignment) -> bool:
    """`assignment` is an Assignment; the user is a juror of the stage's body, the assignment's
    juror, and holds no unwaived conflict with the proposal."""
    if assignment is None:
        return False
    juror = juror_of(user, stage_body_id(assignment.stage))
    if juror is None or assignment.juror_id != juror.pk:
        return False
    return conflict_reason(juror, assignment.proposal) is None


rules.add_perm("judging.manage_stage", is_system_admin | is_organizer_of_stage)
rules.add_perm("judging.score_assignment", is_assigned_unconflicted)


def reviews_entered_innovation(user, evidence) -> bool:
    """Organizers of a competition the innovation was entered in, and jurors assigned to one of its
    proposals in some stage who are not conflicted with that proposal, read its private evidence."""
    bodies = bodies_organized(user)
    if bodies and (
        Proposal.objects.submitted()
        .filter(innovation_id=evidence.innovation_id, edition__competition__body_id__in=bodies)
        .exists()
    ):
        return True
    for juror in jurors_of(user):  # the juror rule: only bodies where the user is a juror
        assignments = Assignment.objects.filter(
            juror=juror,
            proposal__innovation_id=evidence.innovation_id,
            stage__edition__competition__body_id=juror.body_id,
        )
        if any(conflict_reason(juror, a.proposal) is None for a in assignments.select_related("proposal")):
            return True
    return False


REVIEWER_RULES.append(reviews_entered_innovation)

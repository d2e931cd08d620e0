"""Who may do what in judging.

Organizers of the edition's body manage jurors, conflicts, assignments, closing and exports. A
juror sees and scores a proposal only while assigned to it in a stage and not conflicted with it;
a conflicted juror is refused on every path (page, API, export), whatever the assignment says.
"""

import rules

from inovasi.accounts.rules import is_organizer_of, is_system_admin


def juror_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_juror_profile", False)
    if cached is False:
        from inovasi.judging.models import Juror

        cached = Juror.objects.filter(user=user).first()
        user._juror_profile = cached
    return cached


@rules.predicate
def is_organizer_of_stage(user, stage) -> bool:
    return stage is not None and is_organizer_of(user, stage.edition.competition.body)


@rules.predicate
def is_assigned_unconflicted(user, assignment) -> bool:
    """`assignment` is an Assignment; the juror is its juror and holds no unwaived conflict."""
    from inovasi.judging.conflicts import conflict_reason

    juror = juror_of(user)
    if juror is None or assignment is None or assignment.juror_id != juror.pk:
        return False
    return conflict_reason(juror, assignment.proposal) is None


rules.add_perm("judging.manage_stage", is_system_admin | is_organizer_of_stage)
rules.add_perm("judging.score_assignment", is_assigned_unconflicted)

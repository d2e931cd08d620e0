"""Who may do what in field verification.

Organizers of the edition's body (and system admins) plan visits, set the policy, read reports and
photos, accept or return them and export. A visit's report and photos are open to the members of
its team only, and only while they still hold a verifier or organizer role of that body; a verifier
of the same body who is not on the team, a juror or a Pemda's staff is refused.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, is_organizer, is_organizer_of, is_system_admin, is_verifier

TEAM_ROLES = (Role.VERIFIER, Role.ORGANIZER)


def _body_of_stage(stage):
    return stage.edition.competition.body


@rules.predicate
def is_organizer_of_verification_stage(user, stage) -> bool:
    return stage is not None and is_organizer_of(user, _body_of_stage(stage))


@rules.predicate
def is_organizer_of_visit(user, visit) -> bool:
    return visit is not None and is_organizer_of(user, _body_of_stage(visit.stage))


def holds_team_role(user, body_id: int) -> bool:
    return any(m.role in TEAM_ROLES and m.organizer_body_id == body_id for m in active_memberships(user))


@rules.predicate
def is_team_member(user, visit) -> bool:
    """On the visit's team and still a verifier or organizer of the edition's body."""
    if visit is None or not getattr(user, "is_authenticated", False):
        return False
    if not holds_team_role(user, visit.stage.edition.competition.body_id):
        return False
    cached = getattr(visit, "_member_ids", None)
    if cached is None:
        cached = set(visit.members.values_list("user_id", flat=True))
        visit._member_ids = cached
    return user.pk in cached


rules.add_perm("verification.manage_stage", is_system_admin | is_organizer_of_verification_stage)
rules.add_perm("verification.manage_visit", is_system_admin | is_organizer_of_visit)
rules.add_perm("verification.view_visit", is_system_admin | is_organizer_of_visit | is_team_member)
rules.add_perm("verification.work_on_visit", is_team_member)
rules.add_perm("verification.use_visit_desk", is_verifier | is_organizer)

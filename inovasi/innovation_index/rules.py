"""Who may do what with the index.

Admin Pemda fills its own Pemda's assessment (operators may not); the organizers of the body that
owns a framework manage it, assign Pemda to validators, validate any claim, compute and publish.
A verifikator of that body is a validator: it opens the validation desk and sees and decides only
the claims of the Pemda assigned to it (`ValidatorAssignment`). System admins may do all.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import (
    active_memberships,
    is_admin_of_government,
    is_organizer_of,
    is_system_admin,
)
from inovasi.innovation_index.models import ValidatorAssignment


def validator_bodies(user) -> set[int]:
    """The organizer bodies whose rounds the user may validate (as panitia or as verifikator)."""
    return {m.organizer_body_id for m in active_memberships(user) if m.role in (Role.ORGANIZER, Role.VERIFIER)}


def assigned_governments(user, framework) -> set[int]:
    """The Pemda assigned to `user` in `framework` (cached on the user per framework)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = user.__dict__.setdefault("_index_assigned", {})
    if framework.pk not in cache:
        cache[framework.pk] = set(
            ValidatorAssignment.objects.filter(framework_id=framework.pk, validator=user).values_list(
                "government_id", flat=True
            )
        )
    return cache[framework.pk]


@rules.predicate
def is_organizer_of_framework(user, framework) -> bool:
    return framework is not None and is_organizer_of(user, framework.organizer_body)


@rules.predicate
def is_validator_in_framework(user, framework) -> bool:
    return framework is not None and framework.organizer_body_id in validator_bodies(user)


@rules.predicate
def is_admin_of_assessment(user, assessment) -> bool:
    return assessment is not None and is_admin_of_government(user, assessment.government)


@rules.predicate
def is_validator_of_assessment(user, assessment) -> bool:
    """The round's organizers, or the validator the Pemda is assigned to (while still a member)."""
    if assessment is None:
        return False
    framework = assessment.framework
    if is_organizer_of(user, framework.organizer_body):
        return True
    return is_validator_in_framework(user, framework) and assessment.government_id in assigned_governments(
        user, framework
    )


rules.add_perm("innovation_index.fill_for_government", is_system_admin | is_admin_of_government)
rules.add_perm("innovation_index.fill_assessment", is_system_admin | is_admin_of_assessment)
rules.add_perm("innovation_index.manage_framework", is_system_admin | is_organizer_of_framework)
rules.add_perm("innovation_index.use_validation_desk", is_system_admin | is_validator_in_framework)
rules.add_perm("innovation_index.validate_assessment", is_system_admin | is_validator_of_assessment)

"""Who may do what with the index.

Admin Pemda fills its own Pemda's assessment (operators may not); the organizers of the body that
owns a framework manage it, validate its claims, compute and publish; system admins may do all.
"""

import rules

from inovasi.accounts.rules import is_admin_of_government, is_organizer_of, is_system_admin


@rules.predicate
def is_organizer_of_framework(user, framework) -> bool:
    return framework is not None and is_organizer_of(user, framework.organizer_body)


@rules.predicate
def is_admin_of_assessment(user, assessment) -> bool:
    return assessment is not None and is_admin_of_government(user, assessment.government)


@rules.predicate
def is_validator_of_assessment(user, assessment) -> bool:
    return assessment is not None and is_organizer_of(user, assessment.framework.organizer_body)


rules.add_perm("innovation_index.fill_for_government", is_system_admin | is_admin_of_government)
rules.add_perm("innovation_index.fill_assessment", is_system_admin | is_admin_of_assessment)
rules.add_perm("innovation_index.manage_framework", is_system_admin | is_organizer_of_framework)
rules.add_perm("innovation_index.validate_assessment", is_system_admin | is_validator_of_assessment)

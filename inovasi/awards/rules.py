"""Who may manage awards: the organizers of the edition's body (and system admins).

Everyone may verify a certificate and read the awards of a published edition; those need no rule.
"""

import rules

from inovasi.accounts.rules import is_system_admin
from inovasi.competitions.rules import is_organizer_of_edition


@rules.predicate
def is_organizer_of_award(user, award) -> bool:
    return award is not None and is_organizer_of_edition(user, award.label.edition)


@rules.predicate
def is_organizer_of_certificate(user, certificate) -> bool:
    return certificate is not None and is_organizer_of_award(user, certificate.award)


rules.add_perm("awards.manage_awards", is_system_admin | is_organizer_of_edition)
rules.add_perm("awards.change_award", is_system_admin | is_organizer_of_award)
rules.add_perm("awards.revoke_certificate", is_system_admin | is_organizer_of_certificate)

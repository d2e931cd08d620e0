"""Who may import innovations into a Pemda's registry.

- Admin Pemda (and system admins) import for every active agency of the government and may choose
  to publish the imported innovations at once.
- An operator imports for the agency they operate and the units below it, always as drafts.
- An import job is visible to the Pemda's admins, system admins and the person who uploaded it
  (while they still may import there); nobody else, whatever ID they guess.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, is_admin_of_government, is_system_admin
from inovasi.organisations.models import Agency


@rules.predicate
def operates_in_government(user, government) -> bool:
    return government is not None and any(
        m.role == Role.OPERATOR and m.agency.government_id == government.pk for m in active_memberships(user)
    )


@rules.predicate
def is_admin_of_job_government(user, job) -> bool:
    return job is not None and is_admin_of_government(user, job.government)


@rules.predicate
def is_uploader_still_importing(user, job) -> bool:
    return job is not None and job.created_by_id == user.pk and operates_in_government(user, job.government)


can_import = is_system_admin | is_admin_of_government | operates_in_government

rules.add_perm("data_exchange.import_innovations", can_import)
rules.add_perm("data_exchange.publish_on_import", is_system_admin | is_admin_of_government)
rules.add_perm(
    "data_exchange.view_import_job", is_system_admin | is_admin_of_job_government | is_uploader_still_importing
)


def importable_agencies(user, government):
    """The active agencies of `government` this user may import into (a QuerySet-free list)."""
    agencies = list(Agency.objects.of_government(government).active().select_related("parent"))
    if is_system_admin(user) or is_admin_of_government(user, government):
        return agencies
    mine = {m.agency_id for m in active_memberships(user) if m.role == Role.OPERATOR}
    by_id = {a.pk: a for a in agencies}

    def under_mine(agency):
        node = agency
        while node is not None:
            if node.pk in mine:
                return True
            node = by_id.get(node.parent_id)
        return False

    return [a for a in agencies if under_mine(a)]

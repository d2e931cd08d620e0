"""Who may manage a Pemda's agencies: the Pemda's own admins and system admins, nobody else."""

import rules

from inovasi.accounts.rules import is_admin_of_government, is_system_admin


@rules.predicate
def is_admin_of_agency_government(user, agency) -> bool:
    return agency is not None and is_admin_of_government(user, agency.government)


rules.add_perm("organisations.manage_agencies", is_system_admin | is_admin_of_government)
rules.add_perm("organisations.change_agency", is_system_admin | is_admin_of_agency_government)

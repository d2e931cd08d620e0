"""Who reads the audit trail: system admins all of it, organizers the events of their editions."""

import rules

from inovasi.accounts.rules import is_organizer, is_system_admin

rules.add_perm("audit.view_trail", is_system_admin | is_organizer)
rules.add_perm("audit.view_chain_status", is_system_admin)

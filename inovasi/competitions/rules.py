"""Who may do what with competitions, editions, proposals and objections.

Organizers manage the editions of their own body's competitions and see the proposals those
received. A proposal is the Pemda's: operators of its agency (or an agency above it) draft it; the
Admin Pemda of its government approves and submits or returns it. Status conditions decide which
buttons show; the services check the same transitions again.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import (
    active_memberships,
    is_admin_of_government,
    is_operator_of_agency,
    is_organizer_of,
    is_system_admin,
)
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import NOT_RECEIVED_STATES
from inovasi.competitions.services import EDITABLE_STATES, WITHDRAWABLE_STATES

S = ProposalState


@rules.predicate
def is_organizer_of_competition(user, competition) -> bool:
    return competition is not None and is_organizer_of(user, competition.body)


@rules.predicate
def is_organizer_of_edition(user, edition) -> bool:
    return edition is not None and is_organizer_of(user, edition.competition.body)


@rules.predicate
def is_operator_of_proposal(user, proposal) -> bool:
    return proposal is not None and is_operator_of_agency(user, proposal.agency)


@rules.predicate
def is_admin_of_proposal(user, proposal) -> bool:
    return proposal is not None and is_admin_of_government(user, proposal.government)


@rules.predicate
def is_organizer_of_proposal(user, proposal) -> bool:
    return proposal is not None and is_organizer_of(user, proposal.edition.competition.body)


@rules.predicate
def is_received(user, proposal) -> bool:
    return proposal is not None and proposal.state not in NOT_RECEIVED_STATES


def _state_in(*states):
    @rules.predicate
    def predicate(user, proposal) -> bool:
        return proposal is not None and proposal.state in states

    return predicate


@rules.predicate
def works_for_a_pemda(user) -> bool:
    return any(m.role in (Role.OPERATOR, Role.PEMDA_ADMIN) for m in active_memberships(user))


pemda_of_proposal = is_operator_of_proposal | is_admin_of_proposal
organizer_side = is_system_admin | is_organizer_of_proposal

rules.add_perm("competitions.manage_competition", is_system_admin | is_organizer_of_competition)
rules.add_perm("competitions.manage_edition", is_system_admin | is_organizer_of_edition)
rules.add_perm("competitions.enter_editions", is_system_admin | works_for_a_pemda)
rules.add_perm("competitions.view_proposal", is_system_admin | pemda_of_proposal | (organizer_side & is_received))
rules.add_perm("competitions.change_proposal", (is_system_admin | pemda_of_proposal) & _state_in(*EDITABLE_STATES))
rules.add_perm(
    "competitions.send_proposal_to_admin",
    (is_system_admin | pemda_of_proposal) & _state_in(S.DRAFT, S.RETURNED_TO_OPERATOR),
)
rules.add_perm(
    "competitions.submit_proposal_directly",
    (is_system_admin | is_admin_of_proposal) & _state_in(S.DRAFT, S.RETURNED_TO_OPERATOR),
)
rules.add_perm(
    "competitions.approve_proposal", (is_system_admin | is_admin_of_proposal) & _state_in(S.AWAITING_APPROVAL)
)
rules.add_perm(
    "competitions.withdraw_proposal",
    (is_system_admin | is_admin_of_proposal | (is_operator_of_proposal & ~_state_in(S.SUBMITTED)))
    & _state_in(*WITHDRAWABLE_STATES),
)
rules.add_perm(
    "competitions.reopen_proposal",
    (is_system_admin | pemda_of_proposal) & _state_in(S.RETURNED_BY_CHECK, S.WITHDRAWN),
)
rules.add_perm("competitions.check_proposal", organizer_side & _state_in(S.SUBMITTED, S.RETURNED_BY_CHECK))


# Due process for objections: the objected-to Pemda's Admin Pemda replies; the Pemda's people, the
# edition's organizers and system admins read the reply and its attachments.
@rules.predicate
def is_admin_of_objected_proposal(user, objection) -> bool:
    return objection is not None and is_admin_of_government(user, objection.proposal.government)


@rules.predicate
def is_pemda_of_objected_proposal(user, objection) -> bool:
    return objection is not None and pemda_of_proposal(user, objection.proposal)


@rules.predicate
def is_organizer_of_objection(user, objection) -> bool:
    return objection is not None and is_organizer_of(user, objection.stage.edition.competition.body)


rules.add_perm("competitions.reply_objection", is_system_admin | is_admin_of_objected_proposal)
rules.add_perm(
    "competitions.view_objection",
    is_system_admin | is_pemda_of_objected_proposal | is_organizer_of_objection,
)

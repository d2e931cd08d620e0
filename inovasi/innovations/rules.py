"""Who may see and change innovations and their evidence.

The managers of an innovation are the operators of its agency (or of an agency above it), the
Admin Pemda of its government and system admins. Published innovations are public; everything else
is visible to the managers only. Status conditions here decide which buttons a page shows; the
services check the same transitions again.
"""

import rules

from inovasi.accounts.rules import (
    is_admin_of_government,
    is_operator_of_agency,
    is_system_admin,
)
from inovasi.innovations.enums import InnovationStatus

EDITABLE_STATUSES = {InnovationStatus.DRAFT, InnovationStatus.RETURNED}
# Outside facts that keep accumulating after publication: replications and outside awards.
OUTCOME_STATUSES = EDITABLE_STATUSES | {InnovationStatus.PUBLISHED}


@rules.predicate
def is_published(user, innovation) -> bool:
    return innovation is not None and innovation.status == InnovationStatus.PUBLISHED


@rules.predicate
def is_operator_of_innovation(user, innovation) -> bool:
    return innovation is not None and is_operator_of_agency(user, innovation.agency)


@rules.predicate
def is_admin_of_innovation(user, innovation) -> bool:
    return innovation is not None and is_admin_of_government(user, innovation.government)


@rules.predicate
def is_editable(user, innovation) -> bool:
    return innovation is not None and innovation.status in EDITABLE_STATUSES


@rules.predicate
def takes_outcomes(user, innovation) -> bool:
    return innovation is not None and innovation.status in OUTCOME_STATUSES


@rules.predicate
def is_submitted(user, innovation) -> bool:
    return innovation is not None and innovation.status == InnovationStatus.SUBMITTED


@rules.predicate
def is_archived(user, innovation) -> bool:
    return innovation is not None and innovation.status == InnovationStatus.ARCHIVED


@rules.predicate
def is_not_under_review(user, innovation) -> bool:
    return innovation is not None and innovation.status in OUTCOME_STATUSES


@rules.predicate
def is_operator_or_admin_for_agency(user, agency) -> bool:
    return agency is not None and (
        is_operator_of_agency(user, agency) or is_admin_of_government(user, agency.government)
    )


# --- Evidence ----------------------------------------------------------------------------------


@rules.predicate
def is_public_evidence_of_published(user, evidence) -> bool:
    return evidence.is_public and evidence.innovation.status == InnovationStatus.PUBLISHED


@rules.predicate
def manages_evidence_innovation(user, evidence) -> bool:
    """The innovation's own managers: operators of its agency (or above it) and its Admin Pemda.

    Operators of other agencies in the same Pemda do not see another agency's private evidence.
    """
    innovation = evidence.innovation
    return is_operator_of_agency(user, innovation.agency) or is_admin_of_government(user, innovation.government)


# Who reviews an entered innovation is decided by the apps above (judging: its competition's
# organizers and its unconflicted jurors). They add their predicate here when their rules load
# (`rules` autodiscovers every app's rules.py at start-up), so this app imports none of them.
REVIEWER_RULES: list = []


@rules.predicate
def is_reviewer_of_innovation(user, evidence) -> bool:
    """Who reviews an entered innovation may read its private evidence (see `REVIEWER_RULES`)."""
    return any(rule(user, evidence) for rule in REVIEWER_RULES)


manages_innovation = is_system_admin | is_operator_of_innovation | is_admin_of_innovation

rules.add_perm("innovations.view_innovation", is_published | manages_innovation)
rules.add_perm("innovations.manage_innovation", manages_innovation)
rules.add_perm("innovations.change_innovation", manages_innovation & is_editable)
rules.add_perm("innovations.submit_innovation", manages_innovation & is_editable)
rules.add_perm("innovations.add_evidence", manages_innovation & (is_editable | is_submitted))
rules.add_perm("innovations.change_outcomes", manages_innovation & takes_outcomes)
rules.add_perm("innovations.review_innovation", (is_system_admin | is_admin_of_innovation) & is_submitted)
rules.add_perm("innovations.reopen_innovation", (is_system_admin | is_admin_of_innovation) & is_published)
rules.add_perm("innovations.archive_innovation", (is_system_admin | is_admin_of_innovation) & is_published)
rules.add_perm("innovations.restore_innovation", (is_system_admin | is_admin_of_innovation) & is_archived)
rules.add_perm("innovations.start_new_year", manages_innovation & is_not_under_review)
rules.add_perm("innovations.add_innovation", is_system_admin | is_operator_or_admin_for_agency)
rules.add_perm(
    "innovations.view_evidence",
    is_public_evidence_of_published | is_system_admin | manages_evidence_innovation | is_reviewer_of_innovation,
)


# --- Corrections to a published record (innovations.corrections) ------------------------------


@rules.predicate
def may_decide_correction(user, correction) -> bool:
    from inovasi.innovations.corrections import may_decide  # inline: corrections imports the rules (cycle)

    return correction is not None and may_decide(user, correction)


@rules.predicate
def is_proposer_of_correction(user, correction) -> bool:
    return correction is not None and user.is_authenticated and correction.proposed_by_id == user.pk


rules.add_perm("innovations.propose_correction", manages_innovation & is_published)
rules.add_perm("innovations.decide_correction", may_decide_correction)
rules.add_perm("innovations.withdraw_correction", is_proposer_of_correction)

"""Who may open which stored file: one permission per kind of file.

- A proposal's attachment: the proposal's Pemda (its Admin Pemda and the operators of its agency),
  the organizers of the edition once the proposal has reached them, and the jurors assigned to the
  proposal in some stage who are not conflicted with it (`judging.conflicts.conflict_reason`, so a
  conflict that appears after the assignment closes the file again). System admins too.
- An index claim's evidence: the claiming Pemda's Admin Pemda and the validators (organizers of
  the body that owns the index framework, and the verifikator the Pemda is assigned to); system admins.
- An innovation's evidence: `innovations.view_evidence` (the public only when marked public on a
  published innovation).
- A replication statement or PKS: the source innovation's managers (`innovations.manage_innovation`)
  the Admin Pemda of the adopting Pemda, and the innovation's reviewers (organizers and unconflicted
  jurors of a competition it entered); system admins. Never public: it is a signed letter. The
  workspace's "Unduh" link asks this same permission.
- A field verification photo: the visit's team and the organizers of its stage
  (`verification.view_visit`).

Nothing here is public unless the file itself is marked public.
"""

import rules

from inovasi.accounts.rules import is_admin_of_government, is_operator_of_agency, is_organizer_of, is_system_admin
from inovasi.competitions.models import NOT_RECEIVED_STATES
from inovasi.innovations.models import Evidence
from inovasi.innovations.rules import is_reviewer_of_innovation
from inovasi.judging.conflicts import conflict_reason
from inovasi.judging.models import Assignment


@rules.predicate
def is_pemda_of_attachment(user, attachment) -> bool:
    proposal = attachment.proposal
    return is_admin_of_government(user, proposal.government) or is_operator_of_agency(user, proposal.agency)


@rules.predicate
def is_organizer_of_received_attachment(user, attachment) -> bool:
    proposal = attachment.proposal
    return proposal.state not in NOT_RECEIVED_STATES and is_organizer_of(user, proposal.edition.competition.body)


@rules.predicate
def is_unconflicted_juror_of_attachment(user, attachment) -> bool:
    """Assigned to the proposal in some stage, through any of the user's juror records, and free of
    conflict with it now."""
    if not getattr(user, "is_authenticated", False):
        return False

    assignments = Assignment.objects.filter(juror__user=user, proposal_id=attachment.proposal_id).select_related(
        "juror"
    )
    return any(conflict_reason(a.juror, attachment.proposal) is None for a in assignments)


@rules.predicate
def is_pemda_of_claim(user, claim) -> bool:
    return is_admin_of_government(user, claim.assessment.government)


@rules.predicate
def is_validator_of_claim(user, claim) -> bool:
    # The index's own rule: the round's organizers and the validator the Pemda is assigned to.
    return user.has_perm("innovation_index.validate_assessment", claim.assessment)


@rules.predicate
def may_view_evidence(user, evidence) -> bool:
    return user.has_perm("innovations.view_evidence", evidence)


@rules.predicate
def may_view_replication_evidence(user, replication) -> bool:
    """A replication statement/PKS: the innovation's managers, the adopting Pemda's admins, and
    whoever reviews the innovation (its competition's organizers and unconflicted jurors read its
    private evidence; replication is a criterion they score). The one rule for every download path."""
    if user.has_perm("innovations.manage_innovation", replication.innovation):
        return True
    if replication.adopter_government is not None and is_admin_of_government(user, replication.adopter_government):
        return True
    return is_reviewer_of_innovation(user, Evidence(innovation=replication.innovation, is_public=False))


@rules.predicate
def may_view_visit_of_photo(user, photo) -> bool:
    return user.has_perm("verification.view_visit", photo.visit)


open_attachment = (
    is_system_admin | is_pemda_of_attachment | is_organizer_of_received_attachment | is_unconflicted_juror_of_attachment
)
rules.add_perm("files.open_proposal_attachment", open_attachment)
rules.add_perm("files.open_claim_evidence", is_system_admin | is_pemda_of_claim | is_validator_of_claim)
rules.add_perm("files.open_evidence", may_view_evidence)
rules.add_perm("files.open_replication_evidence", is_system_admin | may_view_replication_evidence)
rules.add_perm("files.open_visit_photo", may_view_visit_of_photo)

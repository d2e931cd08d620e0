"""Persona × action matrix of the competition permissions, including refusals."""

import pytest

from inovasi.competitions import services
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal

from .conftest import make_innovation

PERSONAS = ["system_admin", "operator_a", "admin_a", "operator_b", "admin_b", "organizer", "juror", "no_role"]

# action → (proposal state, personas allowed)
MATRIX = {
    "view_proposal": (S.DRAFT, {"system_admin", "operator_a", "admin_a"}),
    "change_proposal": (S.DRAFT, {"system_admin", "operator_a", "admin_a"}),
    "send_proposal_to_admin": (S.DRAFT, {"system_admin", "operator_a", "admin_a"}),
    "approve_proposal": (S.AWAITING_APPROVAL, {"system_admin", "admin_a"}),
    "withdraw_proposal": (S.SUBMITTED, {"system_admin", "admin_a"}),
    "reopen_proposal": (S.RETURNED_BY_CHECK, {"system_admin", "operator_a", "admin_a"}),
    "check_proposal": (S.SUBMITTED, {"system_admin", "organizer"}),
}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_who_may_act_on_a_proposal_of_region_a(cast, kovablik, action):
    state, allowed = MATRIX[action]
    proposal = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.unit_a, "Benih Unggul"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    granted = {who for who in PERSONAS if getattr(cast, who).has_perm(f"competitions.{action}", proposal)}
    assert granted == allowed


def test_the_organizer_sees_received_proposals_but_not_drafts(cast, kovablik):
    proposal = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    assert not cast.organizer.has_perm("competitions.view_proposal", proposal)
    proposal.state = S.SUBMITTED
    assert cast.organizer.has_perm("competitions.view_proposal", proposal)


def test_only_the_bodys_organizers_manage_its_edition(cast, kovablik):
    granted = {who for who in PERSONAS if getattr(cast, who).has_perm("competitions.manage_edition", kovablik)}
    assert granted == {"system_admin", "organizer"}


def test_only_pemda_staff_enter_editions(cast):
    granted = {who for who in PERSONAS if getattr(cast, who).has_perm("competitions.enter_editions")}
    assert granted == {"system_admin", "operator_a", "admin_a", "operator_b", "admin_b"}


def test_organizers_read_private_evidence_only_of_innovations_entered_in_their_editions(cast, kovablik):
    from inovasi.competitions.tests.conftest import enter, make_innovation
    from inovasi.innovations.models import Evidence

    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    evidence = Evidence.objects.create(innovation=innovation, kind="link", title="Laporan", url="https://a.id")
    assert not cast.organizer.has_perm("innovations.view_evidence", evidence)
    enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    assert cast.organizer.has_perm("innovations.view_evidence", evidence)
    assert not cast.juror.has_perm("innovations.view_evidence", evidence)
    assert not cast.admin_b.has_perm("innovations.view_evidence", evidence)

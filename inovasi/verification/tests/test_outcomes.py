"""The stage outcome for the final decision under each policy (gate, weighted)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.audit.models import AuditEvent
from inovasi.judging.aggregation import Row
from inovasi.verification import reports, services
from inovasi.verification.enums import Policy, Recommendation
from inovasi.verification.models import VerificationPlan, Visit
from inovasi.verification.outcomes import OutcomeStatus, apply_to_scores, stage_outcome
from inovasi.verification.tests.builders import photo

pytestmark = pytest.mark.django_db


def _report(world, visit, recommendation, score=None, accept=True):
    reports.add_photos(visit=visit, actor=world.verifier, files=[photo()])
    visit = Visit.objects.get(pk=visit.pk)
    visit = reports.save_report(
        visit=visit,
        actor=world.verifier,
        version=visit.version,
        findings=world.findings(),
        beneficiaries_met=2,
        recommendation=recommendation,
        reasons="Alasan rekomendasi tim di lapangan.",
        score=score,
        submit=True,
    )
    if accept:
        visit = services.accept_visit(visit=visit, actor=world.cast.organizer)
    return visit


def _policy(world, policy, weight=0, adjust_passes=True):
    return services.set_policy(
        stage=world.stage, policy=policy, weight=weight, adjust_passes=adjust_passes, actor=world.cast.organizer
    )


def test_the_default_policy_is_a_gate_and_reading_it_writes_nothing(world):
    assert services.plan_for(world.stage).policy == Policy.GATE
    assert VerificationPlan.objects.count() == 0


def test_gate_only_an_accepted_confirmation_lets_a_proposal_through(world):
    confirmed = _report(world, world.plan(world.proposal("A")), Recommendation.CONFIRM)
    disqualified = _report(world, world.plan(world.proposal("B")), Recommendation.DISQUALIFY)
    waiting = _report(world, world.plan(world.proposal("C")), Recommendation.CONFIRM, accept=False)
    planned = world.plan(world.proposal("D"))
    never = world.proposal("E")
    result = stage_outcome(world.stage)
    summary = {
        pk: (o.status, o.recommendation, o.passed, o.blocks, o.combine(Decimal("80"))) for pk, o in result.items()
    }
    assert summary == {
        confirmed.proposal_id: (OutcomeStatus.FINAL, "confirm", True, False, Decimal("80.00")),
        disqualified.proposal_id: (OutcomeStatus.FINAL, "disqualify", False, True, None),
        waiting.proposal_id: (OutcomeStatus.AWAITING, "confirm", True, True, None),
        planned.proposal_id: (OutcomeStatus.IN_PROGRESS, "", None, True, None),
        never.pk: (OutcomeStatus.NOT_VISITED, "", None, True, None),
    }


@pytest.mark.parametrize(("adjust_passes", "blocks"), [(True, False), (False, True)])
def test_gate_an_adjustment_passes_only_if_the_organizer_says_so(world, adjust_passes, blocks):
    _policy(world, Policy.GATE, adjust_passes=adjust_passes)
    visit = _report(world, world.plan(), Recommendation.ADJUST)
    assert stage_outcome(world.stage)[visit.proposal_id].blocks is blocks


def test_weighted_the_verification_score_counts_for_its_weight(world):
    _policy(world, Policy.WEIGHTED, weight="20")
    visit = _report(world, world.plan(), Recommendation.ADJUST, score="90")
    outcome = stage_outcome(world.stage)[visit.proposal_id]
    assert (outcome.blocks, outcome.score, outcome.weight, outcome.contribution) == (
        False,
        Decimal("90.00"),
        Decimal("20.00"),
        Decimal("18.00"),
    )
    # 80 × 0.8 + 90 × 0.2 = 82
    assert outcome.combine(80) == Decimal("82.00")
    assert outcome.combine(None) is None


def test_weighted_a_disqualification_still_blocks(world):
    _policy(world, Policy.WEIGHTED, weight="25")
    visit = _report(world, world.plan(), Recommendation.DISQUALIFY, score="40")
    outcome = stage_outcome(world.stage)[visit.proposal_id]
    assert (outcome.blocks, outcome.contribution, outcome.combine(95)) == (True, Decimal("10.00"), None)


@pytest.mark.parametrize(
    ("policy", "weight", "errors"),
    [
        (Policy.WEIGHTED, "0", {"weight": ["Kebijakan berbobot memerlukan bobot lebih dari 0 persen."]}),
        (Policy.WEIGHTED, "150", {"weight": ["Bobot harus antara 0 dan 100 persen."]}),
        ("acak", "10", {"policy": ["Pilih kebijakan gerbang atau berbobot."]}),
    ],
)
def test_bad_policies_are_refused_and_nothing_is_saved(world, policy, weight, errors):
    with pytest.raises(ValidationError) as caught:
        _policy(world, policy, weight=weight)
    assert {k: [m for e in v for m in e.messages] for k, v in caught.value.error_dict.items()} == errors
    assert VerificationPlan.objects.count() == 0


def test_changing_the_policy_is_audited_with_before_and_after(world):
    _policy(world, Policy.WEIGHTED, weight="20")
    _policy(world, Policy.GATE, weight="20", adjust_passes=False)
    events = AuditEvent.objects.filter(action="verification.set_policy").order_by("id")
    assert [(e.before, e.after) for e in events] == [
        (None, {"policy": "weighted", "weight": "20.00", "adjust_passes": True}),
        (
            {"policy": "weighted", "weight": "20.00", "adjust_passes": True},
            {"policy": "gate", "weight": "0.00", "adjust_passes": False},
        ),
    ]


def test_the_outcome_costs_the_same_queries_for_one_or_three_visits(world):
    world.plan(world.proposal("Satu"))
    with CaptureQueriesContext(connection) as one:
        stage_outcome(world.stage)
    world.plan(world.proposal("Dua"))
    world.plan(world.proposal("Tiga"))
    with CaptureQueriesContext(connection) as three:
        assert len(stage_outcome(world.stage)) == 3
    assert len(one) == len(three)


def _final_stage(world):
    return world.edition.stages.get(label="Top 30")


def test_an_unused_verification_stage_changes_no_final_score(world):
    rows = [Row(proposal_id=world.proposal("A").pk, score=80.0)]
    assert apply_to_scores(_final_stage(world), rows)[0].score == 80.0


def test_the_final_decision_drops_blocked_proposals_under_the_gate(world):
    confirmed = _report(world, world.plan(world.proposal("A")), Recommendation.CONFIRM)
    disqualified = _report(world, world.plan(world.proposal("B")), Recommendation.DISQUALIFY)
    unvisited = world.proposal("C")
    rows = [Row(proposal_id=pk, score=80.0) for pk in (confirmed.proposal_id, disqualified.proposal_id, unvisited.pk)]
    assert [r.score for r in apply_to_scores(_final_stage(world), rows)] == [80.0, None, None]


def test_the_final_decision_blends_the_verification_score_when_weighted(world):
    _policy(world, Policy.WEIGHTED, weight="20")
    visit = _report(world, world.plan(), Recommendation.CONFIRM, score="90")
    rows = apply_to_scores(_final_stage(world), [Row(proposal_id=visit.proposal_id, score=80.0)])
    assert rows[0].score == 82.0

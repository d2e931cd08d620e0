"""The assessment state machine: draf → diajukan → divalidasi → ditetapkan, with its returns.

Every (from, to) pair of statuses is tried through the one door, `services.transition_assessment`:
a move in `enums.ALLOWED_TRANSITIONS` succeeds (saved, audited with the table's action), every
other move is refused and changes and records nothing.
"""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import ALLOWED_TRANSITIONS, AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework, IndexIndicator

S = AssessmentStatus
ALL_MOVES = list(itertools.product(S, S))


def _events(assessment):
    return list(
        AuditEvent.objects.filter(object_id=str(assessment.pk), action__startswith="index_assessment.").order_by("id")
    )


def _claimed(framework):
    """Three region indicators (the preset marks none mandatory; the guard is tested in test_services)."""
    return IndexIndicator.objects.filter(framework=framework, scope=IndicatorScope.REGION, number__in=[1, 2, 12])


@pytest.fixture
def decided(framework, cast, in_window):
    """Kota Batu's assessment: three region indicators claimed, every claim accepted."""
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    for indicator in _claimed(framework):
        claim = services.set_claim(
            assessment=assessment, indicator=indicator, option=indicator.options.get(value=2), actor=cast.admin_a
        )
        services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, actor=cast.organizer)
    return assessment


def test_the_table_names_every_status_and_an_audit_action_for_every_move():
    assert set(ALLOWED_TRANSITIONS) == set(S)
    for moves in ALLOWED_TRANSITIONS.values():
        assert all(isinstance(action, str) and action.startswith("index_assessment.") for action in moves.values())


@pytest.mark.parametrize(("source", "target"), ALL_MOVES, ids=[f"{a}-{b}" for a, b in ALL_MOVES])
def test_every_legal_move_is_saved_and_audited_and_every_illegal_move_refused(source, target, decided, framework, cast):
    # The guards' conditions hold: window open, mandatory claims present, every claim decided, and
    # the results published exactly when the move is the one that requires it.
    if target == S.FINALIZED:
        IndexFramework.objects.filter(pk=framework.pk).update(results_published_at=timezone.now())
    IndexAssessment.objects.filter(pk=decided.pk).update(status=source)
    before = len(_events(decided))
    action = ALLOWED_TRANSITIONS[source].get(target)
    if action is None:
        with pytest.raises(ValidationError) as refused:
            services.transition_assessment(assessment=decided, target=target, actor=cast.organizer)
        assert refused.value.code == "illegal_transition"
        assert IndexAssessment.objects.get(pk=decided.pk).status == source
        assert len(_events(decided)) == before
    else:
        services.transition_assessment(assessment=decided, target=target, actor=cast.organizer)
        saved = IndexAssessment.objects.get(pk=decided.pk)
        assert saved.status == target
        assert (saved.finalized_at is not None) == (target == S.FINALIZED)
        event = _events(decided)[-1]
        assert (event.action, event.before, event.after) == (action, {"status": source}, {"status": target})


def test_the_last_verdict_moves_a_submitted_assessment_to_divalidasi(framework, cast, in_window):
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    claims = [
        services.set_claim(assessment=assessment, indicator=i, option=i.options.get(value=3), actor=cast.admin_a)
        for i in _claimed(framework)
    ]
    services.submit_assessment(assessment=assessment, actor=cast.admin_a)
    for claim in claims[:-1]:
        services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, actor=cast.organizer)
    assert IndexAssessment.objects.get(pk=assessment.pk).status == S.SUBMITTED
    with pytest.raises(ValidationError, match="1 klaim yang menunggu validasi"):
        services.transition_assessment(assessment=assessment, target=S.VALIDATED, actor=cast.organizer)
    services.validate_claim(
        claim=claims[-1], verdict=ClaimValidation.REJECTED, reason="Bukti kosong", actor=cast.organizer
    )
    saved = IndexAssessment.objects.get(pk=assessment.pk)
    assert saved.status == S.VALIDATED and saved.validated_at is not None
    assert [e.action for e in _events(assessment)][-2:] == ["index_assessment.submit", "index_assessment.validated"]


def test_returns_are_refused_once_the_results_are_published(decided, framework, cast):
    IndexAssessment.objects.filter(pk=decided.pk).update(status=S.VALIDATED)
    IndexFramework.objects.filter(pk=framework.pk).update(results_published_at=timezone.now())
    for target in (S.DRAFT, S.SUBMITTED):
        with pytest.raises(ValidationError, match="sudah diumumkan"):
            services.transition_assessment(assessment=decided, target=target, actor=cast.organizer)
    assert IndexAssessment.objects.get(pk=decided.pk).status == S.VALIDATED


def test_finalizing_needs_published_results(decided, cast):
    IndexAssessment.objects.filter(pk=decided.pk).update(status=S.VALIDATED)
    with pytest.raises(ValidationError, match="saat hasil tahun ini diumumkan"):
        services.transition_assessment(assessment=decided, target=S.FINALIZED, actor=cast.organizer)


def test_publishing_finalizes_validated_assessments_and_withdrawing_returns_them(decided, framework, cast):
    services.submit_assessment(assessment=decided, actor=cast.admin_a)
    services.compute_framework(framework=framework, actor=cast.organizer)
    services.publish_results(framework=framework, actor=cast.organizer)
    assert IndexAssessment.objects.get(pk=decided.pk).status == S.FINALIZED
    claim = IndexClaim.objects.filter(assessment=decided).first()
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.validate_claim(claim=claim, verdict=ClaimValidation.REJECTED, reason="x", actor=cast.organizer)
    services.publish_results(framework=framework, actor=cast.organizer, publish=False)
    assert IndexAssessment.objects.get(pk=decided.pk).status == S.VALIDATED
    assert [e.action for e in _events(decided)][-3:] == [
        "index_assessment.validated",
        "index_assessment.finalize",
        "index_assessment.unfinalize",
    ]


def test_publishing_is_refused_while_a_submitted_assessment_has_pending_claims(framework, cast, in_window):
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    for i in _claimed(framework):
        services.set_claim(assessment=assessment, indicator=i, option=i.options.get(value=3), actor=cast.admin_a)
    services.submit_assessment(assessment=assessment, actor=cast.admin_a)
    services.compute_framework(framework=framework, actor=cast.organizer)
    with pytest.raises(ValidationError, match="Validasi belum selesai untuk: Pemerintah Kota Batu"):
        services.publish_results(framework=framework, actor=cast.organizer)
    framework.refresh_from_db()
    assert framework.results_published_at is None
    assert not framework.frozen_breakdowns.exists()

"""Judging API (session authentication): the organizer's ranking with its breakdown, and the
juror's own assignments. A conflicted juror gets 403 for that proposal, like on the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from inovasi.api.auth import TokenAuth
from inovasi.competitions.models import Stage
from inovasi.integrations.enums import Scope
from inovasi.judging import exports
from inovasi.judging.blind import blind_code
from inovasi.judging.models import Assignment, Scorecard
from inovasi.judging.queries import my_assignments as my_assignments_of
from inovasi.judging.ranking import RankingIntegrityError
from inovasi.judging.rules import jurors_of

router = Router(tags=["penjurian"], auth=django_auth)


class RankingOut(Schema):
    stage: int
    header: list[str]
    rows: list[list]


class AssignmentOut(Schema):
    id: int
    stage: int
    stage_name: str
    proposal: int | None  # None in a blind stage: the title is then the stage's opaque code
    title: str
    closes_at: str | None
    state: str


@router.get(
    "/judging/stages/{stage_id}/ranking",
    response=RankingOut,
    auth=[django_auth, TokenAuth(Scope.RESULTS_READ)],
)
def stage_ranking(request, stage_id: int):
    stage = get_object_or_404(Stage.objects.select_related("edition__competition__body"), pk=stage_id)
    if not request.user.has_perm("judging.manage_stage", stage):
        raise HttpError(403, "Anda tidak berhak melihat peringkat tahap ini.")
    try:
        header, rows = exports.ranking_rows(stage)
    except RankingIntegrityError as exc:
        raise HttpError(409, exc.message) from exc
    return {"stage": stage.pk, "header": header, "rows": rows}


def _out(assignment, state):
    anonymous = bool(getattr(assignment.stage, "judging", None) and assignment.stage.judging.anonymise)
    return {
        "id": assignment.pk,
        "stage": assignment.stage_id,
        "stage_name": assignment.stage.name,
        "proposal": None if anonymous else assignment.proposal_id,
        "title": blind_code(assignment.stage_id, assignment.proposal_id) if anonymous else assignment.proposal.title,
        "closes_at": assignment.stage.closes_at.isoformat() if assignment.stage.closes_at else None,
        "state": state,
    }


@router.get("/judging/my-assignments", response=list[AssignmentOut])
def my_assignments(request):
    jurors = jurors_of(request.user)
    if not jurors:
        raise HttpError(403, "Anda bukan juri.")
    states = dict(
        ((s, p), st)
        for s, p, st in Scorecard.objects.filter(juror__in=jurors).values_list("stage_id", "proposal_id", "state")
    )
    return [_out(a, states.get((a.stage_id, a.proposal_id), "")) for a in my_assignments_of(jurors)]


@router.get("/judging/assignments/{assignment_id}", response=AssignmentOut)
def assignment_detail(request, assignment_id: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__edition__competition", "proposal"), pk=assignment_id
    )
    if not request.user.has_perm("judging.score_assignment", assignment):
        raise HttpError(403, "Anda tidak berhak melihat proposal ini.")
    card = Scorecard.objects.filter(
        stage=assignment.stage, juror=assignment.juror, proposal=assignment.proposal
    ).first()
    return _out(assignment, card.state if card else "")

"""The outcome of a field verification stage, per proposal, for the final decision.

`stage_outcome(stage)` reads the stage's plan and its visits and returns one `Outcome` per proposal
still in the running (and per proposal with a visit). Only a report the organizer has accepted is
final; a submitted report shows its provisional result but still blocks.

- GATE: passes when the accepted recommendation is "konfirmasi" (or "konfirmasi dengan
  penyesuaian" if the plan lets it pass); disqualification, no visit or no accepted report block.
- WEIGHTED: the accepted report's verification score (0–100) counts for `weight` percent:
  final = earlier × (100 − weight) / 100 + verification × weight / 100. A disqualification still
  blocks, as does a missing accepted report.

Nothing is written. The final decision (judging) reads it through `apply_to_scores(final_stage,
rows)`: it takes the field verification stage before the final stage, once the organizer has put
it to use (saved its policy or planned a visit), and blanks the score of every blocked proposal
(so it cannot advance) or, under WEIGHTED, replaces the score with `combine(score)`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Stage
from inovasi.verification import services
from inovasi.verification.enums import Policy, Recommendation, VisitState
from inovasi.verification.models import VerificationPlan, Visit

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class OutcomeStatus(models.TextChoices):
    NOT_VISITED = "not_visited", _("Belum ada kunjungan")
    IN_PROGRESS = "in_progress", _("Kunjungan belum dilaporkan")
    AWAITING = "awaiting", _("Laporan menunggu diterima panitia")
    FINAL = "final", _("Final")


_STATUS_OF_VISIT = {
    VisitState.PLANNED: OutcomeStatus.IN_PROGRESS,
    VisitState.IN_PROGRESS: OutcomeStatus.IN_PROGRESS,
    VisitState.SUBMITTED: OutcomeStatus.AWAITING,
    VisitState.ACCEPTED: OutcomeStatus.FINAL,
}


@dataclass(frozen=True)
class Outcome:
    proposal_id: int
    policy: str
    weight: Decimal
    status: str
    recommendation: str = ""
    score: Decimal | None = None
    passed: bool | None = None  # the report's verdict (provisional until final); None without one
    visit_id: int | None = None

    @property
    def is_final(self) -> bool:
        return self.status == OutcomeStatus.FINAL

    @property
    def blocks(self) -> bool:
        """True unless an accepted report lets the proposal through (both policies)."""
        if not (self.is_final and self.passed):
            return True
        return self.policy == Policy.WEIGHTED and self.score is None

    @property
    def contribution(self) -> Decimal | None:
        """The points the verification adds under WEIGHTED (score × weight / 100), else None."""
        if self.policy != Policy.WEIGHTED or self.score is None:
            return None
        return (self.score * self.weight / HUNDRED).quantize(CENT)

    def combine(self, earlier) -> Decimal | None:
        """The final score from the earlier (judged) score; None when blocked or unknown."""
        if earlier is None or self.blocks:
            return None
        earlier = Decimal(str(earlier))
        if self.policy == Policy.GATE:
            return earlier.quantize(CENT)
        return (earlier * (HUNDRED - self.weight) / HUNDRED + self.score * self.weight / HUNDRED).quantize(CENT)

    def get_status_display(self) -> str:
        return str(OutcomeStatus(self.status).label)


def verdict(recommendation: str, plan) -> bool | None:
    """Whether a recommendation lets a proposal through under the stage's plan."""
    if recommendation == Recommendation.CONFIRM:
        return True
    if recommendation == Recommendation.ADJUST:
        return plan.policy == Policy.WEIGHTED or plan.adjust_passes
    if recommendation == Recommendation.DISQUALIFY:
        return False
    return None


def outcome_of(visit: Visit | None, plan, proposal_id: int) -> Outcome:
    common = {"proposal_id": proposal_id, "policy": plan.policy, "weight": plan.weight}
    if visit is None:
        return Outcome(status=OutcomeStatus.NOT_VISITED, **common)
    status = _STATUS_OF_VISIT[visit.state]
    reported = status in (OutcomeStatus.AWAITING, OutcomeStatus.FINAL)
    return Outcome(
        status=status,
        recommendation=visit.recommendation if reported else "",
        score=visit.score if reported else None,
        passed=verdict(visit.recommendation, plan) if reported else None,
        visit_id=visit.pk,
        **common,
    )


def stage_outcome(stage) -> dict[int, Outcome]:
    """{proposal id: Outcome} for every proposal still in the running in `stage` or with a live visit,
    in proposal-id order. Three queries whatever the number of proposals."""
    plan = services.plan_for(stage)
    visits = {
        v.proposal_id: v
        for v in Visit.objects.live()
        .filter(stage=stage)
        .only("pk", "proposal_id", "state", "recommendation", "score")
        .order_by("pk")
    }
    proposal_ids = set(services.candidates(stage).values_list("pk", flat=True)) | set(visits)
    return {pk: outcome_of(visits.get(pk), plan, pk) for pk in sorted(proposal_ids)}


def preceding_stage(final_stage) -> Stage | None:
    """The field verification stage a final decision reads: the last one before it in the edition
    (of the same group or of all groups), provided the organizer has saved its policy or planned a
    visit there. None otherwise, so an unused verification stage never blocks anyone."""
    stages = Stage.objects.filter(
        edition_id=final_stage.edition_id, kind=StageKind.FIELD_VERIFICATION, order__lt=final_stage.order
    )
    if final_stage.group_id:
        stages = stages.filter(models.Q(group__isnull=True) | models.Q(group_id=final_stage.group_id))
    stage = stages.order_by("-order", "-pk").first()
    if stage is None:
        return None
    in_use = VerificationPlan.objects.filter(stage=stage).exists() or Visit.objects.live().filter(stage=stage).exists()
    return stage if in_use else None


def apply_to_scores(final_stage, rows):
    """Apply the verification outcome to a final decision's score rows (objects with `proposal_id`
    and `score`, a float or None; e.g. `judging.aggregation.Row`) before they are ranked.

    A proposal the verification blocks (or that it never saw) gets `score = None`, so it is ranked
    last and cannot advance; under WEIGHTED a passing proposal's score becomes `combine(score)`.
    Rows are changed in place and returned. Nothing changes without a verification stage in use.
    """
    stage = preceding_stage(final_stage)
    if stage is None:
        return rows
    results = stage_outcome(stage)
    for row in rows:
        result = results.get(row.proposal_id)
        if result is None or result.blocks:
            row.score = None
        elif row.score is not None:
            row.score = float(result.combine(row.score))
    return rows

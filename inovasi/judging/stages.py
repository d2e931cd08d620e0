"""What judging needs to know about a stage: its jury settings, whether it is frozen, what it judges.

The smallest judging module: every other one (jury, assignment, scoring, closing) reads these.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.funnel import still_in_running
from inovasi.judging.models import StageJudging

SCORED_KINDS = (StageKind.DESK_EVALUATION, StageKind.PRESENTATION, StageKind.FINAL_DECISION)
# Proposals still in the running: passed the administrative check or already on a list.
IN_RUNNING = (ProposalState.PASSED_ADMIN, ProposalState.SHORTLISTED)


def settings_for(stage) -> StageJudging:
    judging, _created = StageJudging.objects.get_or_create(stage=stage)
    return judging


def is_frozen(stage) -> bool:
    return stage.closures.filter(reopened_at__isnull=True).exists()


def require_not_frozen(stage) -> None:
    if is_frozen(stage):
        raise ValidationError(_("Tahap ini sudah ditutup; buka kembali dengan alasan untuk mengubahnya."))


def candidates(stage):
    """The proposals a stage judges: still in the running (one rule, `competitions.funnel`)."""
    return still_in_running(stage)

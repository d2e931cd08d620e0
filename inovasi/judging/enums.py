"""The scorecard's states and its transition table.

A scorecard is written by `judging.services.save_scorecard` with a conditional UPDATE on its
version (optimistic locking, so a second tab cannot overwrite the first); that door takes its audit
action and the legality of the move from this table (`SCORECARD_MACHINE.action`). A draft may be
saved again (draft → draft); a sent card is final.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class ScorecardState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikirim")


SCORECARD_TRANSITIONS: dict[str, dict[str, str]] = {
    ScorecardState.DRAFT: {ScorecardState.DRAFT: "scorecard.save_draft", ScorecardState.SUBMITTED: "scorecard.submit"},
    ScorecardState.SUBMITTED: {},
}
SCORECARD_MACHINE = machine("scorecard", SCORECARD_TRANSITIONS, states=ScorecardState, noun=_("Lembar nilai"))

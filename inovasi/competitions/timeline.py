"""Where an edition stands today, in words a visitor understands: before registration, registration
open (until when), judging under way (which stage), or finished; and whether any result is out.

One function for the public edition list and page, so both say the same thing.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase:
    UPCOMING = "upcoming"
    REGISTRATION = "registration"
    JUDGING = "judging"
    FINISHED = "finished"


LABELS = {
    Phase.UPCOMING: _("Segera dibuka"),
    Phase.REGISTRATION: _("Pendaftaran dibuka"),
    Phase.JUDGING: _("Penilaian berjalan"),
    Phase.FINISHED: _("Selesai"),
}


@dataclass
class EditionStatus:
    phase: str
    running_stage: object  # the Stage open now, or None
    has_results: bool

    @property
    def label(self):
        return LABELS[self.phase]


def edition_status(edition, stages, at=None) -> EditionStatus:
    """`stages`: the edition's stages (already loaded, in order)."""
    at = at or timezone.now()
    running = next((s for s in stages if s.is_open(at)), None)
    has_results = any(s.results_published_at for s in stages)
    if at < edition.registration_opens_at:
        phase = Phase.UPCOMING
    elif edition.registration_is_open(at):
        phase = Phase.REGISTRATION
    elif running is not None or any(s.closes_at and s.closes_at > at for s in stages):
        phase = Phase.JUDGING
    else:
        phase = Phase.FINISHED
    return EditionStatus(phase, running, has_results)


@dataclass
class NextStep:
    kind: str  # "results" (a closed stage waits for its results) or "upcoming" (the next stage to open)
    stage: object


def organizer_next_step(stages, at=None) -> NextStep | None:
    """What the organizer's edition dashboard points to next: the first stage that has closed with
    its results not yet published, else the next stage to open; None when neither exists.
    `stages`: the edition's stages, loaded, in order. The objection window publishes no list."""
    at = at or timezone.now()
    for stage in stages:
        closed = stage.closes_at is not None and stage.closes_at <= at
        if closed and not stage.results_published_at and stage.kind != "objection_window":
            return NextStep("results", stage)
    upcoming = next((s for s in stages if s.opens_at is not None and s.opens_at > at), None)
    return NextStep("upcoming", upcoming) if upcoming is not None else None

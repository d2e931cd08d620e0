"""Presentation day, live: the panel scores each slot on tablets, the room screen follows.

A slot's panel is the jurors assigned to its proposal in the presentation stage, minus any with a
conflict (the same assignment and conflict rules as the desk evaluation). Each panel juror scores
with the ordinary scorecard (`services.save_scorecard`), which here also asks the slot: no score
before the slot starts, none after the chair closes it (`require_slot_accepts`).

The room screen reads `session`: per slot its state (upcoming, live, ended, closed), which panel
jurors have submitted, and — once every panel juror has submitted or the chair has closed the
slot — the provisional panel score: the submitted weighted totals (`aggregation.weighted_total`)
combined by the stage's aggregation (median and trimmed mean as configured; mean for mean and for
z-score, which only makes sense over the whole stage). The stage's ranking at closing stays the
authoritative one.
"""

from datetime import datetime
from statistics import fmean, median

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.audit.services import record_event
from inovasi.competitions.enums import StageKind
from inovasi.judging import aggregation, conflicts
from inovasi.judging.models import Aggregation, Assignment, PresentationSlot, Scorecard, ScorecardState
from inovasi.judging.notifications import wib

UPCOMING, LIVE, ENDED, CLOSED = "upcoming", "live", "ended", "closed"
STATE_LABELS = {
    UPCOMING: gettext_lazy("Belum mulai"),
    LIVE: gettext_lazy("Sedang berlangsung"),
    ENDED: gettext_lazy("Waktu habis, menunggu nilai"),
    CLOSED: gettext_lazy("Ditutup ketua panel"),
}


def slot_state(slot, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if slot.closed_at:
        return CLOSED
    if now < slot.starts_at:
        return UPCOMING
    return LIVE if now < slot.ends_at else ENDED


def require_slot_accepts(stage, proposal, now=None) -> None:
    """Raise unless a panel score for `proposal` may be saved now (presentation stages only)."""
    if stage.kind != StageKind.PRESENTATION:
        return
    slot = PresentationSlot.objects.filter(stage=stage, proposal=proposal).first()
    if slot is None:
        return
    state = slot_state(slot, now)
    if state == CLOSED:
        raise ValidationError(
            _("Sesi presentasi ini sudah ditutup ketua panel pada %(when)s WIB; nilai tidak dapat disimpan lagi.")
            % {"when": wib(slot.closed_at)}
        )
    if state == UPCOMING:
        raise ValidationError(
            _("Sesi presentasi ini belum dimulai (mulai %(when)s WIB).") % {"when": wib(slot.starts_at)}
        )


def _panel_score(stage, totals: list[float]) -> float | None:
    if not totals:
        return None
    judging = getattr(stage, "judging", None)
    how = judging.aggregation if judging else Aggregation.MEAN
    if how == Aggregation.MEDIAN:
        return round(median(totals), 2)
    if how == Aggregation.TRIMMED_MEAN:
        return round(aggregation.trimmed_mean(totals, float(judging.trim_fraction)), 2)
    return round(fmean(totals), 2)


def session(stage, *, day=None, room: str | None = None, now=None) -> list[dict]:
    """The room screen's rows, in time order: one dict per slot (fixed number of queries)."""
    now = now or timezone.now()
    slots = PresentationSlot.objects.filter(stage=stage).select_related("proposal").order_by("starts_at", "pk")
    if day is not None:
        slots = [s for s in slots if timezone.localtime(s.starts_at).date() == day]
    if room:
        slots = [s for s in slots if s.room == room]
    slots = list(slots)
    proposal_ids = [s.proposal_id for s in slots]
    assignments = list(
        Assignment.objects.filter(stage=stage, proposal_id__in=proposal_ids)
        .select_related("juror", "proposal")
        .order_by("juror__name", "pk")
    )
    blocked = conflicts.blocked_pairs({a.juror for a in assignments}, {a.proposal for a in assignments})
    cards = {
        (c.juror_id, c.proposal_id): c
        for c in Scorecard.objects.filter(stage=stage, proposal_id__in=proposal_ids, state=ScorecardState.SUBMITTED)
    }
    criteria = list(stage.criteria.all())
    rows = []
    for slot in slots:
        panel = [a.juror for a in assignments if a.proposal_id == slot.proposal_id]
        panel = [j for j in panel if (j.pk, slot.proposal_id) not in blocked]
        jurors = [{"name": j.name, "submitted": (j.pk, slot.proposal_id) in cards} for j in panel]
        done = sum(1 for j in jurors if j["submitted"])
        state = slot_state(slot, now)
        complete = bool(panel) and done == len(panel)
        score = None
        if complete or state == CLOSED:
            sent = [cards[(j.pk, slot.proposal_id)] for j in panel if (j.pk, slot.proposal_id) in cards]
            totals = [aggregation.weighted_total(card.values, criteria) for card in sent]
            score = _panel_score(stage, [t for t in totals if t is not None])
        rows.append(
            {
                "slot": slot.pk,
                "title": slot.proposal.title,
                "starts_at": slot.starts_at,
                "ends_at": slot.ends_at,
                "room": slot.room,
                "state": state,
                "state_label": str(STATE_LABELS[state]),
                "jurors": jurors,
                "submitted": done,
                "panel": len(panel),
                "complete": complete,
                "score": score,
            }
        )
    return rows


def as_json(rows: list[dict]) -> dict:
    """The room screen's rows as JSON: times in WIB ISO 8601, the score a number or null."""
    return {
        "slots": [
            {
                **{k: v for k, v in row.items() if k not in ("starts_at", "ends_at")},
                "starts_at": timezone.localtime(row["starts_at"]).isoformat(),
                "ends_at": timezone.localtime(row["ends_at"]).isoformat(),
            }
            for row in rows
        ],
        "scored": sum(1 for row in rows if row["score"] is not None),
        "total": len(rows),
    }


@transaction.atomic
def close_slot(*, slot, actor) -> PresentationSlot:
    """The chair ends the slot: no panel score is accepted after it, and the room screen shows the
    panel score from what was submitted. Side effects: `closed_at`/`closed_by` set, one audit event."""
    slot = PresentationSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.closed_at:
        raise ValidationError(_("Sesi ini sudah ditutup pada %(when)s WIB.") % {"when": wib(slot.closed_at)})
    if timezone.now() < slot.starts_at:
        raise ValidationError(_("Sesi ini belum dimulai (mulai %(when)s WIB).") % {"when": wib(slot.starts_at)})
    submitted = Scorecard.objects.filter(
        stage_id=slot.stage_id, proposal_id=slot.proposal_id, state=ScorecardState.SUBMITTED
    ).count()
    slot.closed_at, slot.closed_by = timezone.now(), actor
    slot.save(update_fields=["closed_at", "closed_by"])
    record_event(
        actor=actor,
        action="slot.close",
        obj=slot,
        before={"closed_at": None},
        after={"closed_at": slot.closed_at.isoformat(), "submitted": submitted},
    )
    return slot

"""Juror-screen fragments: why a scorecard cannot be edited, and "x dari y selesai" per stage."""

from django import template
from django.utils import timezone

from inovasi.judging.models import ScorecardState

register = template.Library()


def lock_reason(stage, card, now=None) -> str | None:
    """One of: "submitted", "not_open", "closed", "no_dates"; None while the card is editable."""
    now = now or timezone.now()
    if card is not None and card.state == ScorecardState.SUBMITTED:
        return "submitted"
    if not stage.opens_at or not stage.closes_at:
        return "no_dates"
    if now < stage.opens_at:
        return "not_open"
    if now >= stage.closes_at:
        return "closed"
    return None


@register.inclusion_tag("jury/_score_lock.html")
def score_lock(stage, card):
    return {"reason": lock_reason(stage, card), "stage": stage, "card": card}


def progress(items) -> list[dict]:
    """Per stage, in the order given: its name, how many scorecards are sent, how many assigned."""
    stages: dict[int, dict] = {}
    for item in items:
        a = item["assignment"]
        row = stages.setdefault(a.stage_id, {"stage": a.stage, "done": 0, "total": 0})
        row["total"] += 1
        if item["card"] is not None and item["card"].state == ScorecardState.SUBMITTED:
            row["done"] += 1
    return list(stages.values())


@register.inclusion_tag("jury/_progress.html")
def juror_progress(items):
    return {"rows": progress(items)}

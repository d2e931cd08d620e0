"""Presentation day for a panel juror: today's and coming slots, and the tablet scoring form of a
slot (the ordinary scorecard of the presentation stage; drafts also kept in the browser)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.competitions.enums import StageKind
from inovasi.formats.numbers import NumberKind, format_decimal
from inovasi.judging import aggregation, presentation, scoring
from inovasi.judging.models import PresentationSlot, Scorecard, ScorecardState
from inovasi.judging.notifications import wib
from inovasi.judging.queries import my_assignments
from inovasi.judging.rules import jurors_of
from inovasi.jury.views import _assignment_for, _posted_version


@login_required
def live(request):
    jurors = jurors_of(request.user)
    if not jurors:
        raise PermissionDenied
    now = timezone.now()
    assignments = [a for a in my_assignments(jurors) if a.stage.kind == StageKind.PRESENTATION]
    slots = {
        (s.stage_id, s.proposal_id): s
        for s in PresentationSlot.objects.filter(
            stage_id__in={a.stage_id for a in assignments}, proposal_id__in={a.proposal_id for a in assignments}
        )
    }
    cards = {
        (c.stage_id, c.proposal_id): c
        for c in Scorecard.objects.filter(juror__in=jurors, stage_id__in={a.stage_id for a in assignments}).only(
            "stage_id", "proposal_id", "state", "submitted_at"
        )
    }
    rows = []
    for a in assignments:
        slot = slots.get((a.stage_id, a.proposal_id))
        if slot is None:
            continue
        state = presentation.slot_state(slot, now)
        rows.append({"assignment": a, "slot": slot, "state": state, "card": cards.get((a.stage_id, a.proposal_id))})
    rows.sort(key=lambda r: (r["slot"].starts_at, r["slot"].pk))
    return render(request, "jury/presentation_live.html", {"rows": rows, "labels": presentation.STATE_LABELS})


def _shown(value) -> str:
    """A stored score the Indonesian way (72.5 → "72,5"); what was typed and refused stays as typed."""
    if value is None or isinstance(value, str):
        return value or ""
    return format_decimal(value, kind=NumberKind.SCORE)


@login_required
def panel_score(request, assignment_id):
    assignment = _assignment_for(request, assignment_id)
    stage, proposal, juror = assignment.stage, assignment.proposal, assignment.juror
    if stage.kind != StageKind.PRESENTATION:
        raise Http404
    slot = PresentationSlot.objects.filter(stage=stage, proposal=proposal).first()
    if slot is None:
        raise Http404
    criteria = list(stage.criteria.all())
    card = Scorecard.objects.filter(stage=stage, juror=juror, proposal=proposal).first()
    values = dict(card.values) if card else {}
    comment = card.comment if card else ""
    if request.method == "POST":
        values = {c.code: request.POST.get(c.code, "") for c in criteria}
        comment = request.POST.get("comment", "")
        submit = request.POST.get("action") == "submit"
        try:
            if submit and request.POST.get("final") != "1":
                raise ValidationError(_("Centang “nilai saya final” untuk mengirim nilai panel."))
            scoring.save_scorecard(
                stage=stage,
                juror=juror,
                proposal=proposal,
                values=values,
                comment=comment,
                submit=submit,
                version=_posted_version(request),
                actor=request.user,
            )
        except ValidationError as exc:
            errors = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
            for message in errors:
                messages.error(request, message)
            card = Scorecard.objects.filter(stage=stage, juror=juror, proposal=proposal).first()
        else:
            messages.success(request, _("Nilai panel terkirim.") if submit else _("Draf disimpan."))
            return redirect(f"{request.path}?tersimpan=1")
    state = presentation.slot_state(slot)
    sent = bool(card and card.state == ScorecardState.SUBMITTED)
    return render(
        request,
        "jury/presentation_score.html",
        {
            "assignment": assignment,
            "stage": stage,
            "proposal": proposal,
            "slot": slot,
            "state": state,
            "state_label": presentation.STATE_LABELS[state],
            "rows": [{"criterion": c, "value": _shown(values.get(c.code, ""))} for c in criteria],
            "comment": comment,
            "card": card,
            "sent": sent,
            "sent_at": wib(card.submitted_at) if sent else "",
            "total": aggregation.weighted_total(card.values, criteria) if card else None,
            "editable": not sent and stage.is_open() and state in (presentation.LIVE, presentation.ENDED),
            "just_saved": request.GET.get("tersimpan") == "1",
            "version": card.version if card else 0,
        },
    )

""" "Kirim nilai" is deliberate: the scoring form's send button saves the draft and opens a
check-your-answers page (every criterion with its value, the weighted total, the comment); only
its confirmation sends, through the same `save_scorecard` as every other path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inovasi.judging import aggregation, scoring
from inovasi.judging.models import Scorecard, ScorecardState
from inovasi.judging.notifications import wib
from inovasi.jury.views import _assignment_for, _posted_version


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)


@login_required
def confirm_submit(request, assignment_id):
    assignment = _assignment_for(request, assignment_id)
    stage, proposal, juror = assignment.stage, assignment.proposal, assignment.juror
    criteria = list(stage.criteria.all())
    if request.method == "POST" and request.POST.get("action") == "review":
        # From the scoring form: keep what was typed as a draft, then check it is complete.
        values = {c.code: request.POST.get(c.code, "") for c in criteria}
        try:
            scoring.save_scorecard(
                stage=stage,
                juror=juror,
                proposal=proposal,
                values=values,
                comment=request.POST.get("comment", ""),
                version=_posted_version(request),
                actor=request.user,
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
            return redirect("jury:score", assignment.pk)
        return redirect("jury:confirm_submit", assignment.pk)
    card = Scorecard.objects.filter(stage=stage, juror=juror, proposal=proposal).first()
    if card is None:
        messages.info(request, _("Isi dan simpan nilai terlebih dahulu."))
        return redirect("jury:score", assignment.pk)
    if card.state == ScorecardState.SUBMITTED:
        messages.info(request, _("Nilai ini sudah dikirim %(when)s WIB.") % {"when": wib(card.submitted_at)})
        return redirect("jury:score", assignment.pk)
    _clean, missing = scoring.check_values(stage, card.values, complete=True)
    if request.method == "POST" and request.POST.get("action") == "confirm" and not missing:
        try:
            card = scoring.save_scorecard(
                stage=stage,
                juror=juror,
                proposal=proposal,
                values=card.values,
                comment=card.comment,
                submit=True,
                version=_posted_version(request),
                actor=request.user,
            )
        except ValidationError as exc:  # a save from another tab in between, or the stage closed
            for message in _messages_of(exc):
                messages.error(request, message)
            return redirect("jury:confirm_submit", assignment.pk)
        messages.success(request, _("Nilai terkirim %(when)s WIB.") % {"when": wib(card.submitted_at)})
        return redirect("jury:dashboard")
    judging = getattr(stage, "judging", None)
    rows = [{"criterion": c, "value": card.values.get(c.code)} for c in criteria]
    return render(
        request,
        "jury/confirm_submit.html",
        {
            "assignment": assignment,
            "stage": stage,
            "proposal": proposal,
            "anonymous": bool(judging and judging.anonymise),
            "rows": rows,
            "total": aggregation.weighted_total(card.values, criteria),
            "card": card,
            "missing": list(missing.values()),
        },
    )

"""The juror's desk: assignments per stage, the scoring screen (tablet-sized) and declaring a
conflict. A juror sees only proposals assigned to them and free of conflicts; other jurors'
scores are never shown here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships
from inovasi.innovation_index.models import IndexFramework
from inovasi.judging import jury, scoring
from inovasi.judging.models import Assignment, PresentationSlot, Scorecard
from inovasi.judging.queries import my_assignments
from inovasi.judging.rules import jurors_of
from inovasi.jury import workspace
from inovasi.verification.enums import VisitState
from inovasi.verification.queries import visits_of_member


@login_required
def dashboard(request):
    if not request.user.has_perm("accounts.use_jury_desk"):
        raise PermissionDenied
    memberships = [m for m in active_memberships(request.user) if m.role in (Role.JUROR, Role.VERIFIER)]
    jurors = jurors_of(request.user)
    juror = jurors[0] if jurors else None
    assignments = my_assignments(jurors)
    cards = {}
    if jurors:
        cards = {
            (c.stage_id, c.proposal_id): c
            for c in Scorecard.objects.filter(juror__in=jurors).only("stage_id", "proposal_id", "state")
        }
    items = [{"assignment": a, "card": cards.get((a.stage_id, a.proposal_id))} for a in assignments]
    # Index rounds in which Pemda are assigned to this verifikator for validation (issue 19).
    index_rounds = list(
        IndexFramework.objects.filter(validator_assignments__validator=request.user, results_published_at__isnull=True)
        .distinct()
        .order_by("-year")
    )
    visits = []
    if request.user.has_perm("verification.use_visit_desk"):
        # A verifier's home lists the visits still to make or report, not "no proposal yet".
        visits = list(
            visits_of_member(request.user).filter(state__in=[VisitState.PLANNED, VisitState.IN_PROGRESS])[:20]
        )
    return render(
        request,
        "jury/dashboard.html",
        {"memberships": memberships, "items": items, "juror": juror, "index_rounds": index_rounds, "visits": visits},
    )


def _assignment_for(request, assignment_id) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "stage", "stage__edition__competition", "proposal", "proposal__government", "proposal__agency", "juror"
        ),
        pk=assignment_id,
    )
    if not request.user.has_perm("judging.score_assignment", assignment):
        raise PermissionDenied
    return assignment


def _posted_version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@login_required
def score(request, assignment_id):
    """The juror's scoring screen. The form carries the card version it was opened at, so a save
    from a second tab or device (or after an organizer's import) cannot silently overwrite."""
    assignment = _assignment_for(request, assignment_id)
    stage, proposal, juror = assignment.stage, assignment.proposal, assignment.juror
    criteria = list(stage.criteria.all())
    card = Scorecard.objects.filter(stage=stage, juror=juror, proposal=proposal).first()
    values = dict(card.values) if card else {}
    comment = card.comment if card else ""
    version = card.version if card else 0
    errors, stale = {}, None
    if request.method == "POST":
        values = {c.code: request.POST.get(c.code, "") for c in criteria}
        comment = request.POST.get("comment", "")
        version = _posted_version(request)
        try:
            scoring.save_scorecard(
                stage=stage,
                juror=juror,
                proposal=proposal,
                values=values,
                comment=comment,
                submit=request.POST.get("action") == "submit",
                version=version,
                actor=request.user,
            )
        except scoring.StaleScorecard as exc:
            stale, card, version = exc, exc.card, exc.current_version  # saving again now overwrites deliberately
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: v[0].messages[0] if hasattr(v[0], "messages") else v[0] for k, v in exc.error_dict.items()}
            else:
                for message in exc.messages:
                    messages.error(request, message)
            card = Scorecard.objects.filter(stage=stage, juror=juror, proposal=proposal).first()
        else:
            messages.success(request, _("Nilai disimpan."))
            return redirect("jury:score", assignment.pk)
    judging = getattr(stage, "judging", None)
    slot = PresentationSlot.objects.filter(stage=stage, proposal=proposal).first()
    saved = {c["field"]: c["saved"] for c in stale.changes} if stale else {}
    rows = workspace.rubric_rows(criteria, values, errors, saved)
    return render(
        request,
        "jury/score.html",
        {
            "assignment": assignment,
            "stage": stage,
            "proposal": proposal,
            "anonymous": bool(judging and judging.anonymise),
            "rows": rows,
            "comment": comment,
            "card": card,
            "slot": slot,
            "version": version if version is not None else (card.version if card else 0),
            "stale": stale,
            "saved_comment": saved.get("comment"),
            "editable": stage.is_open() and not (card and card.state == "submitted"),
            **workspace.reading(assignment),
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def declare_conflict(request, assignment_id):
    assignment = _assignment_for(request, assignment_id)
    try:
        jury.declare_conflict(
            juror=assignment.juror,
            proposal=assignment.proposal,
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("jury:score", assignment.pk)
    messages.success(request, _("Konflik kepentingan dicatat; proposal ini tidak lagi ditugaskan kepada Anda."))
    return redirect("jury:dashboard")

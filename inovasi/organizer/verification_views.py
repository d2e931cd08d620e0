"""The organizer's field verification desk: stages, planning visits, reading and accepting reports,
the policy, the outcome for the final decision and the CSV export. Thin: every change goes through
`inovasi.verification.services`; only organizers of the edition's body (and system admins) get in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Stage
from inovasi.exports import Export, export_view
from inovasi.verification import exports, outcomes, photos, queries, services
from inovasi.verification.downloads import photo_response
from inovasi.verification.enums import Policy, VisitState
from inovasi.verification.forms import ROLE_LEAD, ROLE_MEMBER, PlanForm, PolicyForm, apply_errors
from inovasi.verification.models import Visit, VisitPhoto


def stage_for(request, stage_id) -> Stage:
    stage = get_object_or_404(
        Stage.objects.select_related("edition__competition__body"), pk=stage_id, kind=StageKind.FIELD_VERIFICATION
    )
    if not request.user.has_perm("verification.manage_stage", stage):
        raise PermissionDenied
    return stage


def visit_for(request, visit_id) -> Visit:
    visit = get_object_or_404(Visit.objects.with_related(), pk=visit_id)
    if not request.user.has_perm("verification.manage_visit", visit):
        raise PermissionDenied
    return visit


@login_required
def home(request):
    if not request.user.has_perm("accounts.use_organizer_desk"):
        raise PermissionDenied
    stages = queries.verification_stages_for(request.user)
    return render(request, "organizer/verification/home.html", {"stages": stages})


def _outcome_rows(stage):
    result = outcomes.stage_outcome(stage)
    visits = list(queries.visits_of_stage(stage))
    live = {v.proposal_id: v for v in visits if v.state != VisitState.CANCELLED}
    proposals = queries.proposals_by_id(set(result) | {v.proposal_id for v in visits})
    rows = [{"proposal": proposals[pk], "visit": live.get(pk), "outcome": outcome} for pk, outcome in result.items()]
    rows.sort(key=lambda r: (r["proposal"].title, r["proposal"].pk))
    cancelled = [v for v in visits if v.state == VisitState.CANCELLED]
    for visit in cancelled:
        visit.proposal = proposals[visit.proposal_id]
    return rows, cancelled


@login_required
def stage_desk(request, stage_id):
    stage = stage_for(request, stage_id)
    rows, cancelled = _outcome_rows(stage)
    counts = {}
    for row in rows:
        counts[row["outcome"].status] = counts.get(row["outcome"].status, 0) + 1
    return render(
        request,
        "organizer/verification/stage.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "plan": services.plan_for(stage),
            "window": services.window_dates(stage),
            "rows": rows,
            "cancelled": cancelled,
            "status_counts": [(str(s.label), counts.get(s.value, 0)) for s in outcomes.OutcomeStatus],
            "passing": sum(1 for r in rows if not r["outcome"].blocks),
            "can_plan": any(r["visit"] is None for r in rows),
            "checklist": list(stage.checklist_items.all()),
        },
    )


def _plan_form(request, stage, *, visit=None):
    people = services.eligible_team(stage)
    if visit is None:
        initial = {"proposal": request.GET.get("proposal")}
        return PlanForm(
            request.POST or None,
            proposals=services.proposals_without_visit(stage).select_related("government"),
            people=people,
            initial=initial,
        )
    initial = {
        "visit_date": visit.visit_date,
        "address": visit.address,
        "latitude": "" if visit.latitude is None else str(visit.latitude).replace(".", ","),
        "longitude": "" if visit.longitude is None else str(visit.longitude).replace(".", ","),
        "contact_name": visit.contact_name,
        "contact_phone": visit.contact_phone,
    }
    for member in visit.members.all():
        initial[f"role_{member.user_id}"] = ROLE_LEAD if member.is_lead else ROLE_MEMBER
    return PlanForm(request.POST or None, proposals=None, people=people, fixed_proposal=visit.proposal, initial=initial)


@login_required
def plan(request, stage_id):
    stage = stage_for(request, stage_id)
    form = _plan_form(request, stage)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.plan_visit(
                stage=stage, proposal=form.cleaned_data["proposal"], actor=request.user, **form.service_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Kunjungan ke “%(p)s” direncanakan; tim diberi tahu.") % {"p": visit.proposal})
            return redirect("organizer:verification_stage", stage.pk)
    return render(
        request,
        "organizer/verification/plan_form.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "form": form,
            "window": services.window_dates(stage),
            "title": _("Rencanakan kunjungan"),
        },
    )


@login_required
def visit_edit(request, visit_id):
    visit = visit_for(request, visit_id)
    stage = visit.stage
    if visit.state not in services.EDITABLE_STATES:
        messages.error(
            request,
            _("Rencana kunjungan berstatus “%(state)s” tidak dapat diubah.") % {"state": visit.get_state_display()},
        )
        return redirect("organizer:verification_visit", visit.pk)
    form = _plan_form(request, stage, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(visit=visit, actor=request.user, **form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Rencana kunjungan diperbarui."))
            return redirect("organizer:verification_visit", visit.pk)
    return render(
        request,
        "organizer/verification/plan_form.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "visit": visit,
            "form": form,
            "window": services.window_dates(stage),
            "title": _("Ubah rencana kunjungan"),
        },
    )


@login_required
def visit_detail(request, visit_id):
    visit = visit_for(request, visit_id)
    items, findings, photo_list = queries.report_of(visit)
    return render(
        request,
        "organizer/verification/visit.html",
        {
            "edition": visit.stage.edition,
            "stage": visit.stage,
            "visit": visit,
            "members": list(visit.members.select_related("user")),
            "rows": [(item, findings.get(item.pk)) for item in items],
            "photos": [(photo, photos.photo_notes(photo, visit)) for photo in photo_list],
            "outcome": outcomes.outcome_of(visit, services.plan_for(visit.stage), visit.proposal_id),
            "editable": visit.state in services.EDITABLE_STATES,
        },
    )


def _run(request, visit, verb, success):
    try:
        verb()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("organizer:verification_visit", visit.pk)


@login_required
@require_POST
def visit_accept(request, visit_id):
    visit = visit_for(request, visit_id)
    return _run(
        request,
        visit,
        lambda: services.accept_visit(visit=visit, actor=request.user),
        _("Laporan diterima dan dihitung dalam hasil tahap."),
    )


@login_required
@require_POST
def visit_return(request, visit_id):
    visit = visit_for(request, visit_id)
    return _run(
        request,
        visit,
        lambda: services.return_visit(visit=visit, actor=request.user, reason=request.POST.get("reason", "")),
        _("Laporan dikembalikan kepada tim untuk diperbaiki."),
    )


@login_required
@require_POST
def visit_cancel(request, visit_id):
    visit = visit_for(request, visit_id)
    return _run(
        request,
        visit,
        lambda: services.cancel_visit(visit=visit, actor=request.user, reason=request.POST.get("reason", "")),
        _("Kunjungan dibatalkan."),
    )


@login_required
def policy(request, stage_id):
    stage = stage_for(request, stage_id)
    current = services.plan_for(stage)
    form = PolicyForm(
        request.POST or None,
        initial={"policy": current.policy, "weight": current.weight, "adjust_passes": current.adjust_passes},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_policy(
                stage=stage,
                policy=data["policy"],
                weight=data["weight"],
                adjust_passes=data["adjust_passes"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Kebijakan hasil verifikasi disimpan."))
            return redirect("organizer:verification_stage", stage.pk)
    return render(
        request,
        "organizer/verification/policy.html",
        {"edition": stage.edition, "stage": stage, "form": form, "weighted": Policy.WEIGHTED},
    )


@login_required
@export_view
def export(request, stage_id):
    stage = stage_for(request, stage_id)
    header, rows = exports.visit_rows(stage)
    return Export(filename=f"verifikasi-lapangan-tahap-{stage.pk}", header=header, rows=rows, formats=("csv",))


@login_required
def photo(request, photo_id):
    item = get_object_or_404(VisitPhoto.objects.select_related("visit__stage__edition__competition"), pk=photo_id)
    if not request.user.has_perm("verification.manage_visit", item.visit):
        raise PermissionDenied
    return photo_response(item, original=request.GET.get("asli") == "1")

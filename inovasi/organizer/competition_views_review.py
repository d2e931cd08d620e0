"""The organizer's review desk: received proposals, the administrative check, shortlists,
objections and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.competitions import administrative_check, checks, funnel, shortlists
from inovasi.competitions.enums import ObjectionState, ProposalState, StageKind
from inovasi.competitions.forms import ResolveObjectionForm
from inovasi.competitions.models import Objection, Proposal, Stage
from inovasi.competitions.tasks import run_automatic_checks_task
from inovasi.exports import Export, export_view
from inovasi.inputs import parse_ids
from inovasi.organizer import admin_check
from inovasi.organizer.competition_views import edition_for


def _received(edition):
    return Proposal.objects.with_related().filter(edition=edition).submitted()


def _filtered(request, edition):
    proposals = _received(edition)
    state = request.GET.get("status", "")
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    group = request.GET.get("kelompok", "")
    if group:
        proposals = proposals.filter(group__code=group)
    return proposals.order_by("government__region__code", "title"), state, group


@login_required
def proposal_list(request, edition_id):
    edition = edition_for(request, edition_id)
    proposals, state, group = _filtered(request, edition)
    return render(
        request,
        "organizer/competitions/proposals.html",
        {
            "edition": edition,
            "proposals": proposals,
            "state": state,
            "group": group,
            "states": ProposalState.choices,
            "groups": edition.groups.all(),
        },
    )


EXPORT_HEADER = [
    "ID",
    "Judul",
    "Pemerintah daerah",
    "Kode wilayah",
    "Perangkat daerah",
    "Kelompok",
    "Kategori",
    "Status",
    "Diajukan",
]


def _export_rows(proposals):
    for p in proposals:
        yield [
            p.pk,
            p.title,
            p.government.name,
            p.government.region.code,
            p.agency.name,
            p.group.name,
            p.category.name if p.category_id else "",
            p.get_state_display(),
            p.submitted_at.isoformat() if p.submitted_at else "",
        ]


@login_required
@export_view
def export_proposals(request, edition_id):
    edition = edition_for(request, edition_id)
    proposals, _state, _group = _filtered(request, edition)
    return Export(
        filename=f"proposal-{edition.competition.short_name.lower()}-{edition.year}",
        header=EXPORT_HEADER,
        rows=_export_rows(proposals),
        sheet="Proposal",
    )


@login_required
@require_POST
def run_checks(request, edition_id):
    edition = edition_for(request, edition_id)
    run_automatic_checks_task.enqueue(edition.pk, request.user.pk)
    messages.success(
        request,
        _(
            "Pemeriksaan otomatis dijalankan. Proposal yang gagal dikembalikan dengan daftar aturan yang "
            "dilanggar; muat ulang halaman untuk melihat hasilnya."
        ),
    )
    return redirect("organizer:edition_proposals", edition_id=edition.pk)


@login_required
def proposal_review(request, proposal_id):
    proposal = get_object_or_404(Proposal.objects.with_related(), pk=proposal_id)
    if not request.user.has_perm("competitions.view_proposal", proposal) or not request.user.has_perm(
        "competitions.manage_edition", proposal.edition
    ):
        raise PermissionDenied
    stage = administrative_check.admin_stage(proposal.edition)
    items = list(stage.checklist_items.all()) if stage else []
    given = {a.item_id: a for a in proposal.checklist_answers.all()}
    error = None
    if request.method == "POST":
        if not request.user.has_perm("competitions.check_proposal", proposal):
            raise PermissionDenied
        verdicts = {}
        for item in items:
            choice = request.POST.get(f"item-{item.pk}")
            if choice in ("1", "0"):
                verdicts[item.pk] = (choice == "1", request.POST.get(f"reason-{item.pk}", ""))
        try:
            administrative_check.decide_admin_check(
                proposal=proposal, verdicts=verdicts, note=request.POST.get("note", ""), actor=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            proposal.refresh_from_db()
            messages.success(
                request, _("Hasil seleksi administrasi: %(state)s.") % {"state": proposal.get_state_display()}
            )
            return redirect("organizer:edition_proposals", edition_id=proposal.edition_id)
    return render(
        request,
        "organizer/competitions/review.html",
        {
            "proposal": proposal,
            "edition": proposal.edition,
            "items": [(item, given.get(item.pk)) for item in items],
            "rows": admin_check.checklist_rows(proposal, items, given),
            "automatic": checks.automatic_failures(proposal),
            "can_check": request.user.has_perm("competitions.check_proposal", proposal),
            "error": error,
        },
    )


@login_required
def shortlist(request, stage_id):
    stage = get_object_or_404(Stage.objects.select_related("edition", "edition__competition", "group"), pk=stage_id)
    edition = edition_for(request, stage.edition_id)
    candidates = funnel.still_in_running(stage).select_related("government")
    error = None
    if request.method == "POST":
        chosen_ids = parse_ids(request.POST.getlist("proposals"))
        chosen = [p for p in candidates if p.pk in set(chosen_ids)]
        try:
            shortlists.publish_shortlist(
                stage=stage, proposals=chosen, eliminate_others=request.POST.get("eliminate") == "1", actor=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Daftar %(label)s diumumkan.") % {"label": stage.label or stage.name})
            return redirect("organizer:edition_dashboard", edition_id=edition.pk)
    return render(
        request,
        "organizer/competitions/shortlist.html",
        {
            "stage": stage,
            "edition": edition,
            "candidates": candidates.order_by("title"),
            "previous_list": funnel.previous_list(stage),
            "disqualified": funnel.edition_disqualifications(edition).order_by("proposal__title"),
            "results": stage.results.select_related(
                "proposal", "proposal__government", "proposal__disqualification__stage"
            ),
            "error": error,
            "can_publish": stage.kind not in (StageKind.OBJECTION_WINDOW, StageKind.ADMINISTRATIVE_CHECK),
        },
    )


@login_required
def objection_list(request, edition_id):
    edition = edition_for(request, edition_id)
    objections = (
        Objection.objects.filter(stage__edition=edition)
        .select_related("proposal", "proposal__government", "stage", "replied_by", "resolved_by")
        .prefetch_related("reply_attachments")
    )
    return render(
        request,
        "organizer/competitions/objections.html",
        {
            "edition": edition,
            "objections": objections,
            "form": ResolveObjectionForm(),
            "OPEN": ObjectionState.OPEN,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def objection_resolve(request, objection_id):
    objection = get_object_or_404(Objection.objects.select_related("stage"), pk=objection_id)
    edition = edition_for(request, objection.stage.edition_id)
    form = ResolveObjectionForm(request.POST)
    if form.is_valid():
        try:
            shortlists.resolve_objection(
                objection=objection,
                outcome=form.cleaned_data["outcome"],
                resolution=form.cleaned_data["resolution"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sanggahan ditindaklanjuti dan hasilnya diumumkan."))
    else:
        messages.error(request, _("Pilih keputusan dan tuliskan tanggapan (minimal 10 karakter)."))
    return redirect("organizer:edition_objections", edition_id=edition.pk)

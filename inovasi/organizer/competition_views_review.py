"""The organizer's review desk: received proposals, the administrative check, shortlists,
objections and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.competitions import administrative_check, checks, funnel, shortlists
from inovasi.competitions.corrections import data_changes, with_data_changed
from inovasi.competitions.enums import ObjectionState, ProposalState, StageKind
from inovasi.competitions.forms import ResolveObjectionForm
from inovasi.competitions.models import Objection, Proposal, Stage
from inovasi.competitions.tasks import run_automatic_checks_task
from inovasi.exports import Export, export_view
from inovasi.inputs import parse_ids
from inovasi.organizer import admin_check, desks
from inovasi.organizer.competition_views import edition_for


def _received(edition):
    return Proposal.objects.with_related().filter(edition=edition).submitted()


PROPOSAL_SORTS = {
    "wilayah": ("government__region__code", "title", "pk"),
    "judul": ("title", "pk"),
    "pemda": ("government__name", "title", "pk"),
    "diajukan": ("submitted_at", "pk"),
    "status": ("state", "title", "pk"),
}


def _filtered(request, edition):
    """The received proposals narrowed by status, group and `q` (title or Pemda), in the chosen order."""
    proposals = _received(edition)
    state = request.GET.get("status", "")
    if state not in ProposalState.values:
        state = ""
    if state:
        proposals = proposals.filter(state=state)
    group = request.GET.get("kelompok", "")
    if group:
        proposals = proposals.filter(group__code=group)
    params = desks.list_params(request.GET, sorts=PROPOSAL_SORTS, default_sort="wilayah")
    if params.q:
        proposals = proposals.filter(Q(title__icontains=params.q) | Q(government__name__icontains=params.q))
    fields = PROPOSAL_SORTS[params.sort.lstrip("-")]
    if params.sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    return proposals.order_by(*fields), state, group, params


def _proposal_sort_choices():
    return [
        ("wilayah", _("Kode wilayah")),
        ("judul", _("Judul A–Z")),
        ("-judul", _("Judul Z–A")),
        ("pemda", _("Pemda A–Z")),
        ("diajukan", _("Diajukan paling awal")),
        ("-diajukan", _("Diajukan paling akhir")),
        ("status", _("Status")),
    ]


@login_required
def proposal_list(request, edition_id):
    """Received proposals, paged; with `status=submitted` the administrative-check queue."""
    edition = edition_for(request, edition_id)
    proposals, state, group, params = _filtered(request, edition)
    counts = dict(_received(edition).order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    # Only the columns the rows show: sorting 5,000 rows joined to their innovations' narratives
    # before the LIMIT cost more than everything else on the page.
    shown = with_data_changed(
        proposals.select_related(None)
        .select_related("government", "agency", "group", "category")
        .only(
            "title",
            "state",
            "check_failures",
            "submitted_at",
            "government__name",
            "agency__name",
            "group__name",
            "category__name",
        )
    )
    page = desks.page_of(request.GET, shown, params.per_page)
    return render(
        request,
        "organizer/competitions/proposals.html",
        {
            "edition": edition,
            "proposals": page,
            "page": page,
            "params": params,
            "per_page_choices": desks.PER_PAGE_CHOICES,
            "sort_choices": _proposal_sort_choices(),
            "state": state,
            "group": group,
            "states": [(value, label, counts.get(value, 0)) for value, label in ProposalState.choices],
            "received": sum(counts.values()),
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


def _export_rows(proposals, states: dict):
    """The rows as plain tuples, read in chunks: no model instances, no snapshot JSON decoded.
    `states` maps a state to its label, translated before the response streams."""
    rows = proposals.values_list(
        "pk",
        "title",
        "government__name",
        "government__region__code",
        "agency__name",
        "group__name",
        "category__name",
        "state",
        "submitted_at",
    )
    for pk, title, government, region, agency, group, category, state, submitted_at in rows.iterator(2000):
        yield [
            pk,
            title,
            government,
            region,
            agency,
            group,
            category or "",
            states.get(state, state),
            submitted_at.isoformat() if submitted_at else "",
        ]


@login_required
@export_view
def export_proposals(request, edition_id):
    edition = edition_for(request, edition_id)
    proposals, _state, _group, _params = _filtered(request, edition)
    return Export(
        filename=f"proposal-{edition.competition.short_name.lower()}-{edition.year}",
        header=EXPORT_HEADER,
        rows=_export_rows(proposals, {value: str(label) for value, label in ProposalState.choices}),
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
            "data_changes": data_changes(proposal),
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
    objections = Objection.objects.filter(stage__edition=edition)
    counts = dict(objections.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    state = request.GET.get("status", "")
    if state not in ObjectionState.values:
        state = ""
    if state:
        objections = objections.filter(state=state)
    params = desks.list_params(request.GET, sorts=("diajukan", "judul", "pemda"), default_sort="-diajukan")
    if params.q:
        objections = objections.filter(
            Q(proposal__title__icontains=params.q) | Q(proposal__government__name__icontains=params.q)
        )
    order = {
        "diajukan": ("created_at", "pk"),
        "judul": ("proposal__title", "pk"),
        "pemda": ("proposal__government__name", "proposal__title", "pk"),
    }[params.sort.lstrip("-")]
    if params.sort.startswith("-"):
        order = tuple(f"-{f}" for f in order)
    page = desks.page_of(
        request.GET,
        objections.select_related("proposal", "proposal__government", "stage", "replied_by", "resolved_by")
        .defer("proposal__snapshot", "proposal__check_failures")
        .prefetch_related("reply_attachments")
        .order_by(*order),
        params.per_page,
    )
    return render(
        request,
        "organizer/competitions/objections.html",
        {
            "edition": edition,
            "objections": page,
            "page": page,
            "params": params,
            "per_page_choices": desks.PER_PAGE_CHOICES,
            "state": state,
            "states": [(value, label, counts.get(value, 0)) for value, label in ObjectionState.choices],
            "total": sum(counts.values()),
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

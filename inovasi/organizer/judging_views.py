"""The organizer's judging desk for one stage: settings, jurors, conflicts, assignment, scores,
ranking, closing, publishing and exports. Thin: every change goes through `inovasi.judging`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inovasi.competitions.form_rows import OrderedChoicesField, PercentField
from inovasi.competitions.models import Stage
from inovasi.exports import Export, export_view
from inovasi.inputs import id_param, require_id
from inovasi.judging import closing, conflicts, exports, precheck, replacements, services, setup, versions
from inovasi.judging.models import (
    Aggregation,
    Assignment,
    AssignmentSource,
    Scorecard,
    ScorecardState,
    StageJudging,
)
from inovasi.judging.ranking import RankingIntegrityError, stage_ranking
from inovasi.organizer import desks


def stage_for(request, stage_id) -> Stage:
    stage = get_object_or_404(Stage.objects.select_related("edition__competition__body"), pk=stage_id)
    if not request.user.has_perm("judging.manage_stage", stage):
        raise PermissionDenied
    return stage


def tie_break_choices(stage) -> list[tuple[str, str]]:
    """The tie-breaks in words, in the codes `judging.aggregation.rank_rows` reads."""
    choices = [
        (f"criterion:{c.code}", _("Nilai kriteria %(name)s lebih tinggi") % {"name": c.name})
        for c in stage.criteria.all()
    ]
    return [*choices, ("submitted_at", _("Waktu pengajuan lebih awal"))]


class JudgingSettingsForm(forms.ModelForm):
    trim_fraction = PercentField(
        label=gettext_lazy("Porsi dipangkas tiap sisi (%)"),
        required=False,
        help_text=gettext_lazy(
            "Untuk rata-rata terpangkas: misalnya 20 berarti 20 % nilai tertinggi dan 20 % nilai terendah dibuang."
        ),
    )
    tie_breaks = OrderedChoicesField(
        label=gettext_lazy("Pemecah nilai seri, berurutan"),
        help_text=gettext_lazy("Dipakai berurutan bila nilai akhir dua proposal sama. Kosongkan yang tidak dipakai."),
    )

    class Meta:
        model = StageJudging
        fields = ["jurors_per_proposal", "aggregation", "trim_fraction", "anonymise", "tie_breaks"]

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["tie_breaks"].set_choices(tie_break_choices(stage))
        self.fields["tie_breaks"].initial = list(self.instance.tie_breaks or [])

    def clean_trim_fraction(self):
        value = self.cleaned_data.get("trim_fraction")
        return self.instance.trim_fraction if value is None else value

    def settings(self) -> dict:
        """The cleaned values for `judging.setup.update_judging_settings` (which validates them)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _save_settings(request, stage, form) -> bool:
    try:
        setup.update_judging_settings(stage=stage, actor=request.user, **form.settings())
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


RANKING_SORTS = {
    "peringkat": lambda r: (r.rank is None, r.rank or 0, r.title.casefold(), r.proposal_id),
    "nilai": lambda r: (r.score is None, -(r.score or 0), r.rank or 0, r.proposal_id),
    "judul": lambda r: (r.title.casefold(), r.proposal_id),
    "pemda": lambda r: (r.government.casefold(), r.title.casefold(), r.proposal_id),
}


def _ranking_sort_choices():
    return [
        ("peringkat", _("Peringkat")),
        ("nilai", _("Nilai tertinggi")),
        ("-nilai", _("Nilai terendah")),
        ("judul", _("Judul A–Z")),
        ("-judul", _("Judul Z–A")),
        ("pemda", _("Pemda A–Z")),
        ("-pemda", _("Pemda Z–A")),
    ]


RANKING_FLAGS = ("lolos", "seri", "kurang", "dikecualikan")
SECONDARY_PER_PAGE = 25


def _desk_facts(stage, outcome) -> dict:
    """What the desk shows besides the ranking rows, over the whole stage (cached with the ranking):
    missing scores per proposal, proposals with an excluded score, conflicts and replacement needs."""
    assigned = list(Assignment.objects.filter(stage=stage).values_list("juror_id", "proposal_id"))
    submitted = set(
        Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).values_list("juror_id", "proposal_id")
    )
    missing: dict[int, int] = {}
    for pair in assigned:
        if pair not in submitted:
            missing[pair[1]] = missing.get(pair[1], 0) + 1
    jurors = list(
        services.edition_jurors(stage.edition).only("pk", "user_id", "name", "home_government_id", "home_agency_id")
    )
    proposals = {
        p.pk: p for p in services.candidates(stage).only("pk", "title", "government_id", "agency_id", "innovation_id")
    }
    names = {j.pk: j.name for j in jurors}
    blocked = conflicts.blocked_pairs(jurors, proposals.values())
    conflict_rows = sorted(
        (
            {"juror_id": j, "juror": names[j], "proposal_id": p, "title": proposals[p].title, "reason": str(reason)}
            for (j, p), reason in blocked.items()
        ),
        key=lambda c: (c["juror"], c["title"], c["juror_id"], c["proposal_id"]),
    )
    excluded = outcome.excluded if outcome is not None else []
    needs = []
    if outcome is not None and (excluded or conflict_rows):
        needs = [
            {
                "proposal_id": need["proposal"].pk,
                "title": need["proposal"].title,
                "replaces_id": need["replaces"].pk,
                "replaces": need["replaces"].name,
                "reason": str(need["reason"]),
                "proposed_id": need["proposed"].pk if need["proposed"] else None,
                "proposed": need["proposed"].name if need["proposed"] else "",
            }
            for need in replacements.needs(stage)
        ]
    return {
        "missing": missing,
        "missing_total": sum(missing.values()),
        "unassigned": len(set(proposals) - {p for _j, p in assigned}),
        "with_excluded": sorted({item["proposal_id"] for item in excluded}),
        "conflicts": conflict_rows,
        "needs": needs,
    }


def _ranking_rows(ranking, facts, params):
    rows = ranking.rows
    flags = params.flags
    with_excluded = set(facts["with_excluded"])
    if params.q:
        rows = [r for r in rows if desks.matches(params.q, r.title, r.government)]
    if flags["lolos"]:
        rows = [r for r in rows if r.advances]
    if flags["seri"]:
        rows = [r for r in rows if r.tied]
    if flags["kurang"]:
        rows = [r for r in rows if facts["missing"].get(r.proposal_id) or r.score is None]
    if flags["dikecualikan"]:
        rows = [r for r in rows if r.proposal_id in with_excluded]
    key = params.sort.lstrip("-")
    if key != "peringkat" or params.sort.startswith("-"):
        rows = sorted(rows, key=RANKING_SORTS[key], reverse=params.sort.startswith("-"))
    return rows


@login_required
def stage_desk(request, stage_id):
    stage = stage_for(request, stage_id)
    judging = services.settings_for(stage)
    form = JudgingSettingsForm(request.POST or None, instance=judging, stage=stage)
    if request.method == "POST" and form.is_valid() and _save_settings(request, stage, form):
        messages.success(request, _("Pengaturan penjurian disimpan."))
        return redirect("organizer:judging_stage", stage.pk)
    # The one reader: the frozen record once closed (hash checked), the live preview while open;
    # computed once per change (judging.versions), whatever page of it this request shows.
    integrity_error, ranking = None, None
    try:
        ranking = stage_ranking(stage)
    except RankingIntegrityError as exc:
        integrity_error = exc.message
    outcome = ranking.outcome if ranking is not None else None  # exclusions etc. of an open stage
    facts = versions.cached("desk", stage.pk, lambda: _desk_facts(stage, outcome))
    params = desks.list_params(request.GET, sorts=RANKING_SORTS, default_sort="peringkat", flags=RANKING_FLAGS)
    all_rows = ranking.rows if ranking is not None else []
    page = desks.page_of(request.GET, _ranking_rows(ranking, facts, params) if ranking else [], params.per_page)
    by_proposal = {}
    for a in (
        Assignment.objects.filter(stage=stage, proposal_id__in=[r.proposal_id for r in page])
        .values("pk", "proposal_id", "juror__name")
        .order_by("juror__name", "pk")
    ):
        by_proposal.setdefault(a["proposal_id"], []).append(a)
    rows = [
        {"row": r, "assignments": by_proposal.get(r.proposal_id, []), "missing": facts["missing"].get(r.proposal_id, 0)}
        for r in page
    ]
    summary = {
        "proposals": len(all_rows),
        "scored": sum(1 for r in all_rows if r.score is not None),
        "advancing": sum(1 for r in all_rows if r.advances),
        "tied": sum(1 for r in all_rows if r.tied),
        "missing": facts["missing_total"],
        "unassigned": facts["unassigned"],
        "excluded": len(outcome.excluded) if outcome is not None else 0,
    }
    return render(
        request,
        "organizer/judging/stage.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "form": form,
            "rows": rows,
            "page": page,
            "params": params,
            "per_page_choices": desks.PER_PAGE_CHOICES,
            "sort_choices": _ranking_sort_choices(),
            "summary": summary,
            "ranking": ranking,
            "integrity_error": integrity_error,
            "jurors": list(services.edition_jurors(stage.edition).only("pk", "name")),
            "conflict_page": desks.page_of(request.GET, facts["conflicts"], SECONDARY_PER_PAGE, "hal_konflik"),
            "excluded_page": desks.page_of(
                request.GET, outcome.excluded if outcome is not None else [], SECONDARY_PER_PAGE, "hal_nilai"
            ),
            "needs_page": desks.page_of(request.GET, facts["needs"], SECONDARY_PER_PAGE, "hal_ganti"),
            # The reader already looked the closure up (and a frozen ranking carries it).
            "closure": ranking.closure if ranking is not None else closing.current_closure(stage),
            "aggregations": Aggregation.choices,
            "outcome": outcome,
        },
    )


ASSIGNMENT_SORTS = {
    "proposal": ("proposal__title", "juror__name", "pk"),
    "juri": ("juror__name", "proposal__title", "pk"),
    "pemda": ("proposal__government__name", "proposal__title", "juror__name", "pk"),
}


@login_required
def assignment_list(request, stage_id):
    """Every assignment of the stage, paged: who scores what, and which scores are still missing."""
    stage = stage_for(request, stage_id)
    submitted = Scorecard.objects.filter(
        stage=stage, juror=OuterRef("juror"), proposal=OuterRef("proposal"), state=ScorecardState.SUBMITTED
    )
    assignments = Assignment.objects.filter(stage=stage).annotate(submitted=Exists(submitted))
    # Counted over the whole stage once per change of its assignments and scores (judging.versions).
    totals = versions.cached(
        "assignment-totals",
        stage.pk,
        lambda: assignments.aggregate(total=Count("pk"), done=Count("pk", filter=Q(submitted=True))),
    )
    params = desks.list_params(request.GET, sorts=ASSIGNMENT_SORTS, default_sort="proposal", flags=("kurang",))
    juror_id = id_param(request.GET, "juri")
    if params.q:
        assignments = assignments.filter(
            Q(proposal__title__icontains=params.q)
            | Q(proposal__government__name__icontains=params.q)
            | Q(juror__name__icontains=params.q)
        )
    if params.flags["kurang"]:
        assignments = assignments.filter(submitted=False)
    if juror_id:
        assignments = assignments.filter(juror_id=juror_id)
    order = ASSIGNMENT_SORTS[params.sort.lstrip("-")]
    if params.sort.startswith("-"):
        order = tuple(f"-{f}" for f in order)
    rows = assignments.order_by(*order).values(
        "pk",
        "juror_id",
        "juror__name",
        "proposal_id",
        "proposal__title",
        "proposal__government__name",
        "source",
        "submitted",
    )
    # Counted without the joins and columns of the rows (the bare stage needs no count query at all).
    filtered = params.q or params.flags["kurang"] or juror_id
    count = assignments.count() if filtered else totals["total"]
    page = desks.page_of(request.GET, rows, params.per_page, count=count)
    labels = dict(AssignmentSource.choices)
    page.object_list = [{**row, "source_label": labels.get(row["source"], row["source"])} for row in page.object_list]
    return render(
        request,
        "organizer/judging/assignments.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "page": page,
            "params": params,
            "juror_id": juror_id,
            "jurors": services.edition_jurors(stage.edition).only("pk", "name"),
            "per_page_choices": desks.PER_PAGE_CHOICES,
            "totals": {**totals, "missing": totals["total"] - totals["done"]},
            "frozen": closing.current_closure(stage) is not None,
        },
    )


def _run(request, stage, verb, success):
    try:
        result = verb()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect("organizer:judging_stage", stage.pk)


@login_required
@require_POST
def assign_auto(request, stage_id):
    stage = stage_for(request, stage_id)
    return _run(
        request,
        stage,
        lambda: services.assign_automatically(stage=stage, actor=request.user),
        lambda s: (
            _("Penugasan disusun: %(p)s proposal, beban juri %(min)s–%(max)s.")
            % {"p": s["proposals"], "min": s["min_load"], "max": s["max_load"]}
        ),
    )


@login_required
@require_POST
def assign_manual(request, stage_id):
    stage = stage_for(request, stage_id)
    juror = get_object_or_404(services.edition_jurors(stage.edition), pk=require_id(request.POST, "juror"))
    proposal = get_object_or_404(services.candidates(stage), pk=require_id(request.POST, "proposal"))
    return _run(
        request,
        stage,
        lambda: services.assign(stage=stage, juror=juror, proposal=proposal, actor=request.user),
        _("Juri ditugaskan."),
    )


@login_required
@require_POST
def unassign(request, stage_id, assignment_id):
    stage = stage_for(request, stage_id)
    assignment = get_object_or_404(Assignment.objects.filter(stage=stage), pk=assignment_id)
    return _run(
        request, stage, lambda: services.unassign(assignment=assignment, actor=request.user), _("Penugasan dihapus.")
    )


@login_required
@require_POST
def import_csv(request, stage_id, what):
    stage = stage_for(request, stage_id)
    upload = request.FILES.get("berkas")
    if upload is None:
        messages.error(request, _("Pilih berkas CSV."))
        return redirect("organizer:judging_stage", stage.pk)
    if what == "penugasan":
        verb = lambda: services.import_assignments_csv(stage=stage, upload=upload, actor=request.user)  # noqa: E731
    elif what == "nilai":
        verb = lambda: services.import_scores_csv(stage=stage, upload=upload, actor=request.user)  # noqa: E731
    else:
        raise Http404
    return _run(request, stage, verb, lambda n: _("%(n)s baris diimpor.") % {"n": n})


@login_required
@require_POST
def waive(request, stage_id):
    stage = stage_for(request, stage_id)
    juror = get_object_or_404(services.edition_jurors(stage.edition), pk=require_id(request.POST, "juror"))
    proposal = get_object_or_404(services.candidates(stage), pk=require_id(request.POST, "proposal"))
    return _run(
        request,
        stage,
        lambda: services.waive_conflict(
            juror=juror, proposal=proposal, reason=request.POST.get("reason", ""), actor=request.user
        ),
        _("Konflik kepentingan dikecualikan."),
    )


def _check_page(request, stage_id, step: str, build):
    """One check-your-answers page for both irreversible steps (`build` is the pre-check)."""
    stage = stage_for(request, stage_id)
    return render(
        request,
        "organizer/judging/check.html",
        {"edition": stage.edition, "stage": stage, "check": build(stage), "step": step},
    )


@login_required
def close_check(request, stage_id):
    """The pre-check before closing: missing scores, days left, exclusions, ties, quota effects."""
    return _check_page(request, stage_id, "close", precheck.before_close)


@login_required
@require_POST
def replace(request, stage_id):
    """Accept the desk's proposed replacement juror (one POST; the service re-checks everything)."""
    stage = stage_for(request, stage_id)
    jurors = services.edition_jurors(stage.edition)
    juror = get_object_or_404(jurors, pk=require_id(request.POST, "juror"))
    replaced = get_object_or_404(jurors, pk=require_id(request.POST, "replaces"))
    proposal = get_object_or_404(services.candidates(stage), pk=require_id(request.POST, "proposal"))
    return _run(
        request,
        stage,
        lambda: replacements.accept_replacement(
            stage=stage, proposal=proposal, juror=juror, replaces=replaced, actor=request.user
        ),
        lambda a: (
            _("%(new)s menggantikan %(old)s untuk “%(title)s”.")
            % {"new": a.juror.name, "old": replaced.name, "title": proposal.title}
        ),
    )


@login_required
@require_POST
def close(request, stage_id):
    stage = stage_for(request, stage_id)

    def closed(closure):
        url = reverse("organizer:judging_minutes", args=[stage.pk])
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Hasil tahap ditetapkan dan dibekukan."),
            url,
            _("Unduh berita acara bersegel (PDF)"),
        )

    return _run(
        request,
        stage,
        lambda: closing.close_stage(stage=stage, actor=request.user, confirm=request.POST.get("confirm") == "1"),
        closed,
    )


@login_required
@require_POST
def reopen(request, stage_id):
    stage = stage_for(request, stage_id)
    return _run(
        request,
        stage,
        lambda: closing.reopen_stage(stage=stage, reason=request.POST.get("reason", ""), actor=request.user),
        _("Tahap dibuka kembali."),
    )


@login_required
def publish_check(request, stage_id):
    """The pre-check before publishing: what the frozen record publishes and whom it eliminates."""
    return _check_page(request, stage_id, "publish", precheck.before_publish)


@login_required
@require_POST
def publish(request, stage_id):
    stage = stage_for(request, stage_id)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang konfirmasi untuk mengumumkan daftar tahap ini."))
        return redirect("organizer:judging_publish_check", stage.pk)
    return _run(
        request,
        stage,
        lambda: closing.publish(stage=stage, actor=request.user),
        lambda results: _("Daftar %(label)s diumumkan: %(n)s proposal.") % {"label": stage.label, "n": len(results)},
    )


@login_required
def minutes(request, stage_id):
    stage = stage_for(request, stage_id)
    closure = closing.current_closure(stage) or stage.closures.first()
    if closure is None or not closure.minutes:
        raise Http404
    return FileResponse(closure.minutes.open("rb"), as_attachment=True, filename=f"berita-acara-{stage.pk}.pdf")


@login_required
@export_view
def export(request, stage_id):
    stage = stage_for(request, stage_id)
    try:
        header, rows = exports.ranking_rows(stage)
    except RankingIntegrityError as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    return Export(filename=f"peringkat-tahap-{stage.pk}", header=header, rows=rows, sheet=_("Peringkat"))

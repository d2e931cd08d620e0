"""The validator's workbench of the regional innovation index: the queue with its filters, the
side-by-side review of one claim, bulk accept, and the organizer's assignment of Pemda to
validators with progress. Every verdict goes through `inovasi.innovation_index.validation`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.innovation_index import review, validation
from inovasi.innovation_index.assessments import StaleClaim
from inovasi.innovation_index.enums import ClaimValidation, IndicatorScope
from inovasi.innovation_index.forms import ValidationForm
from inovasi.innovation_index.models import (
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
)
from inovasi.organizer.index_views import _framework_for
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

WORKBENCH_PAGE = 50


def _desk_framework(request, framework_id) -> IndexFramework:
    """The round for the validation desk: its organizers and its validators (verifikator) only."""
    framework = get_object_or_404(IndexFramework.objects.select_related("organizer_body"), pk=framework_id)
    if not request.user.has_perm("innovation_index.use_validation_desk", framework):
        raise PermissionDenied
    return framework


def _workbench_filters(request) -> dict:
    """The queue's filters from the query string; anything malformed is ignored, never a 500."""

    def integer(name):
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() and len(raw) < 10 else None

    status = request.GET.get("status", ClaimValidation.PENDING)
    if status not in (*ClaimValidation.values, "semua"):
        status = ClaimValidation.PENDING
    evidence = request.GET.get("bukti", "")
    return {
        "pemda": integer("pemda"),
        "indikator": integer("indikator"),
        "status": status,
        "bukti": evidence if evidence in ("ada", "tidak") else "",
    }


def _queue(framework, user, filters):
    return validation.queue_claims(
        framework,
        user,
        pemda=filters["pemda"],
        indicator=filters["indikator"],
        status=filters["status"],
        evidence=filters["bukti"],
    )


def _filter_query(filters) -> str:
    return urlencode({k: v for k, v in filters.items() if v not in (None, "")})


@login_required
def claim_workbench(request, framework_id):
    """A validator's queue: the claims of the Pemda assigned to them (all Pemda for the organizers),
    filtered, 50 per page, with bulk accept and a link to each claim's side-by-side review."""
    framework = _desk_framework(request, framework_id)
    filters = _workbench_filters(request)
    scope = validation.scope_of(request.user, framework)
    # A validator's own Pemda, on request (the organizers have the validators page for all of them).
    show_progress = scope is not None and request.GET.get("kemajuan") == "1"
    progress = validation.pemda_progress(framework, request.user) if show_progress else []
    counts = None
    if show_progress and filters == {"pemda": None, "indikator": None, "status": "pending", "bukti": ""}:
        # The unfiltered queue is exactly the pending claims the progress table has just counted.
        counts = {row["pk"]: row["pending"] for row in progress if row["status"] in validation.HANDED_IN}
    page = validation.queue_page(
        _queue(framework, request.user, filters).select_related(
            "assessment__government", "indicator", "innovation", "option"
        ),
        request.GET.get("halaman"),
        per_page=WORKBENCH_PAGE,
        counts=counts,
    )
    governments = IndexAssessment.objects.filter(pk__in=validation.queue_assessments(framework, request.user))
    numbers = list(
        IndexIndicator.objects.filter(framework=framework)
        .exclude(scope=IndicatorScope.COUNT)
        .order_by("number")
        .values_list("number", "name")
    )
    claims_on_page = list(page.object_list)
    previous = review.previous_year_values(framework, claims_on_page)
    for claim in claims_on_page:
        claim.previous_value = previous.get(
            (claim.assessment.government_id, claim.indicator.number, claim.innovation_id), ""
        )
    return render(
        request,
        "organizer/index/workbench.html",
        {
            "framework": framework,
            "page": page,
            "claims": claims_on_page,
            "filters": filters,
            "governments": list(
                governments.order_by("government__region__code").values_list("government_id", "government__name")
            ),
            "numbers": numbers,
            "statuses": ClaimValidation.choices,
            "query": _filter_query(filters),
            "is_manager": scope is None,
            "progress": progress,
            "can_show_progress": scope is not None,
        },
    )


def _back_query(raw: str) -> str:
    """Only our own filters, re-encoded (a `kembali` value is never trusted as a URL)."""
    query = QueryDict(raw or "")
    keep = {k: query.get(k) for k in ("pemda", "indikator", "status", "bukti", "halaman") if query.get(k)}
    return urlencode(keep)


@login_required
@require_POST
def claims_accept(request, framework_id):
    framework = _desk_framework(request, framework_id)
    field = "halaman_klaim" if request.POST.get("aksi") == "semua" else "klaim"  # whole page, or the ticked ones
    ids = [raw for raw in request.POST.getlist(field) if raw.isdigit() and len(raw) < 10][:1001]
    try:
        outcome = validation.accept_claims(framework=framework, claim_ids=ids, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(accepted)s klaim diterima; %(skipped)s dilewati (tanpa bukti, sudah diputus, atau belum diajukan).")
            % outcome,
        )
    back = _back_query(request.POST.get("kembali", ""))
    url = reverse("organizer:index_workbench", args=[framework.pk])
    return redirect(f"{url}?{back}" if back else url)


@login_required
def claim_review(request, framework_id, claim_id):
    """One claim side by side with its evidence (opened inline) and last year's value; accept,
    adjust or reject (with a reason from the list or typed), by button or keyboard; then the next."""
    framework = _desk_framework(request, framework_id)
    claim = get_object_or_404(
        IndexClaim.objects.select_related(
            "assessment__government__region",
            "assessment__framework__organizer_body",
            "indicator",
            "innovation",
            "option",
            "validated_option",
        ),
        pk=claim_id,
        assessment__framework=framework,
    )
    if not request.user.has_perm("innovation_index.validate_assessment", claim.assessment):
        raise PermissionDenied
    filters = _workbench_filters(request)
    query = _filter_query(filters)
    queue = _queue(framework, request.user, filters)
    form = ValidationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            response = _record_verdict(request, framework, claim, queue, query, form.cleaned_data)
            if response is not None:
                return response
        else:
            messages.error(request, _("Pilih putusan validasi."))
    return render(
        request,
        "organizer/index/claim_review.html",
        {
            "framework": framework,
            "claim": claim,
            **review.review_context(framework, claim, queue),
            "query": query,
            "form": form,
        },
    )


def _record_verdict(request, framework, claim, queue, query, data):
    """Record the verdict; the redirect to the next claim, or None to show the claim again (refused)."""
    reason = (data["reason"] or request.POST.get("alasan_pilihan", "")).strip()
    try:
        validation.validate_claim(
            claim=claim,
            verdict=data["verdict"],
            option=review.verdict_option(claim, data["option"]),
            reason=reason,
            version=data["version"],
            actor=request.user,
        )
    except StaleClaim as exc:
        saved = "; ".join(f"{c['label']}: {c['saved']}" for c in exc.changes)
        messages.warning(request, _("%(message)s Tersimpan: %(saved)s.") % {"message": exc.messages[0], "saved": saved})
        return redirect(_review_url(framework, claim.pk, query))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(
        request,
        _("Klaim indikator %(number)s %(pemda)s: %(verdict)s.")
        % {
            "number": claim.indicator.number,
            "pemda": claim.assessment.government.short_name,
            "verdict": ClaimValidation(data["verdict"]).label.lower(),
        },
    )
    following = review.following(queue, claim)
    if following:
        return redirect(_review_url(framework, following, query))
    messages.info(request, _("Tidak ada lagi klaim pada antrean ini."))
    url = reverse("organizer:index_workbench", args=[framework.pk])
    return redirect(f"{url}?{query}" if query else url)


def _review_url(framework, claim_id, query) -> str:
    url = reverse("organizer:index_claim_review", args=[framework.pk, claim_id])
    return f"{url}?{query}" if query else url


# --- Validators: assignment and progress ----------------------------------------------------------


@login_required
def validators(request, framework_id):
    """Who validates which Pemda: progress per validator and per Pemda, assignment (one Pemda, a
    province, or a balanced proposal confirmed on this page)."""
    framework = _framework_for(request, framework_id)
    people = validation.eligible_validators(framework)
    suggestion = None
    if request.GET.get("usulan") == "1":
        names = {u.pk: u for u in people}
        pemda = dict(
            IndexAssessment.objects.filter(framework=framework).values_list("government_id", "government__name")
        )
        suggestion = [(pemda.get(g, g), names[v], n) for g, v, n in validation.suggest_assignments(framework, people)]
    provinces = list(Region.objects.filter(level=RegionLevel.PROVINSI).order_by("code").values_list("code", "name"))
    return render(
        request,
        "organizer/index/validators.html",
        {
            "framework": framework,
            "people": people,
            "by_validator": validation.validator_progress(framework),
            "by_pemda": validation.pemda_progress(framework),
            "provinces": provinces,
            "suggestion": suggestion,
        },
    )


@login_required
@require_POST
def validators_assign(request, framework_id):
    framework = _framework_for(request, framework_id)
    people = {str(u.pk): u for u in validation.eligible_validators(framework)}
    if request.POST.get("usulan") == "1":
        plan = validation.suggest_assignments(framework, list(people.values()))
        groups: dict = {}
        for government_id, validator_id, _n in plan:
            groups.setdefault(validator_id, []).append(government_id)
        total = 0
        try:
            with transaction.atomic():
                for person in people.values():
                    if groups.get(person.pk):
                        total += validation.assign_validators(
                            framework=framework, governments=groups[person.pk], validator=person, actor=request.user
                        )["assigned"]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s Pemda dibagikan sesuai usulan.") % {"n": total})
        return redirect("organizer:index_validators", framework_id=framework.pk)
    raw_validator = request.POST.get("validator", "")
    validator = people.get(raw_validator)
    if raw_validator != "lepas" and validator is None:
        messages.error(request, _("Pilih validator dari daftar."))
        return redirect("organizer:index_validators", framework_id=framework.pk)
    province = request.POST.get("provinsi", "")
    if province:
        governments = validation.province_governments(framework, province)
        if not governments:
            messages.error(request, _("Belum ada Pemda dari provinsi itu yang mengisi penilaian tahun ini."))
            return redirect("organizer:index_validators", framework_id=framework.pk)
    else:
        governments = [int(raw) for raw in request.POST.getlist("pemda") if raw.isdigit() and len(raw) < 10]
        governments = list(
            IndexAssessment.objects.filter(framework=framework, government_id__in=governments).values_list(
                "government_id", flat=True
            )
        )
    try:
        outcome = validation.assign_validators(
            framework=framework, governments=governments, validator=validator, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(assigned)s Pemda ditugaskan; %(unchanged)s tidak berubah.") % outcome)
    return redirect("organizer:index_validators", framework_id=framework.pk)

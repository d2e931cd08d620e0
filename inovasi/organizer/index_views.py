"""The index desk of the organizer (BSKDN): methodology, validation queue, computation, nominees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.accounts.rules import bodies_organized, is_system_admin
from inovasi.innovation_index import assessments as assessment_services
from inovasi.innovation_index import rounds, validation
from inovasi.innovation_index.assessments import StaleClaim
from inovasi.innovation_index.enums import ClaimValidation, IndicatorScope
from inovasi.innovation_index.forms import CopyFrameworkForm, FrameworkForm, IndicatorForm, ValidationForm
from inovasi.innovation_index.methodology import achievable_maximum, indicators_of
from inovasi.innovation_index.models import (
    IndexAspect,
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
    IndexParameterOption,
    RegionIndex,
)
from inovasi.innovation_index.tasks import compute_framework_task
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region


def _framework_for(request, framework_id) -> IndexFramework:
    framework = get_object_or_404(IndexFramework.objects.select_related("organizer_body"), pk=framework_id)
    if not request.user.has_perm("innovation_index.manage_framework", framework):
        raise PermissionDenied
    return framework


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@login_required
def framework_list(request):
    if not request.user.has_perm("accounts.use_organizer_desk"):
        raise PermissionDenied
    frameworks = IndexFramework.objects.select_related("organizer_body", "copied_from").annotate(
        n_assessments=Count("assessments", distinct=True)
    )
    if not is_system_admin(request.user):
        frameworks = frameworks.filter(organizer_body_id__in=bodies_organized(request.user))
    return render(request, "organizer/index/framework_list.html", {"frameworks": list(frameworks.order_by("-year"))})


@login_required
def framework_detail(request, framework_id):
    framework = _framework_for(request, framework_id)
    aspects = list(IndexAspect.objects.filter(framework=framework).order_by("order"))
    fields = list(FrameworkForm.base_fields)
    initial = {name: getattr(framework, name) for name in fields}
    form = FrameworkForm(request.POST or None, initial=initial, aspects=aspects)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if not k.startswith("aspect_")}
        try:
            rounds.update_framework(
                framework=framework, actor=request.user, aspect_weights=form.aspect_weights(), **changes
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Metodologi disimpan."))
            return redirect("organizer:index_framework", framework_id=framework.pk)
    indicators = indicators_of(framework)
    return render(
        request,
        "organizer/index/framework_detail.html",
        {
            "framework": framework,
            "form": form,
            "indicators": indicators,
            "achievable": achievable_maximum(framework, indicators),
            "copy_form": CopyFrameworkForm(initial={"year": framework.year + 1}),
        },
    )


@login_required
@require_POST
def framework_copy(request, framework_id):
    framework = _framework_for(request, framework_id)
    form = CopyFrameworkForm(request.POST)
    if form.is_valid():
        try:
            copy = rounds.copy_framework(
                source=framework, year=form.cleaned_data["year"], name=form.cleaned_data["name"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Metodologi disalin ke tahun %(year)s.") % {"year": copy.year})
            return redirect("organizer:index_framework", framework_id=copy.pk)
    else:
        messages.error(request, _("Tahun baru tidak valid."))
    return redirect("organizer:index_framework", framework_id=framework.pk)


@login_required
def indicator_edit(request, framework_id, indicator_id):
    framework = _framework_for(request, framework_id)
    indicator = get_object_or_404(
        IndexIndicator.objects.prefetch_related("options"), pk=indicator_id, framework=framework
    )
    if indicator.scope == IndicatorScope.COUNT:
        messages.info(request, _("Skor jumlah inovasi diatur pada metodologi (batas, faktor, urusan pelayanan dasar)."))
        return redirect("organizer:index_framework", framework_id=framework.pk)
    aspects = list(IndexAspect.objects.filter(framework=framework).order_by("order"))
    initial = {
        "name": indicator.name,
        "weight": indicator.weight,
        "is_mandatory": indicator.is_mandatory,
        "registry_source": indicator.registry_source,
        "max_score": framework.max_score,
    }
    form = IndicatorForm(request.POST or None, initial=initial, indicator=indicator, aspects=aspects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rounds.update_indicator(
                indicator=indicator,
                actor=request.user,
                name=data["name"],
                weight=data["weight"],
                is_mandatory=data["is_mandatory"],
                registry_source=data["registry_source"] or "",
                options=form.option_changes(),
                max_score=data["max_score"],
                aspect_weights=form.aspect_weights(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Indikator %(number)s disimpan.") % {"number": indicator.number})
            return redirect("organizer:index_framework", framework_id=framework.pk)
    return render(
        request, "organizer/index/indicator_form.html", {"framework": framework, "indicator": indicator, "form": form}
    )


@login_required
def validation_queue(request, framework_id):
    framework = _framework_for(request, framework_id)
    assessments = (
        IndexAssessment.objects.filter(framework=framework)
        .select_related("government", "government__region")
        .annotate(
            n_claims=Count("claims"),
            n_pending=Count("claims", filter=Q(claims__validation=ClaimValidation.PENDING)),
        )
        .order_by("-n_pending", "government__region__code")
    )
    return render(
        request, "organizer/index/validation_queue.html", {"framework": framework, "assessments": list(assessments)}
    )


WORKBENCH_PAGE = 50
QUEUE_ORDER = validation.QUEUE_ORDER


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
    previous = _previous_year_values(framework, claims_on_page)
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


def _previous_year_values(framework, claims) -> dict:
    """The previous year's validated value of the same Pemda, indicator number and innovation (one query)."""
    if not claims:
        return {}
    rows = IndexClaim.objects.filter(
        assessment__framework__year=framework.year - 1,
        assessment__government_id__in={c.assessment.government_id for c in claims},
        indicator__number__in={c.indicator.number for c in claims},
    ).values_list("assessment__government_id", "indicator__number", "innovation_id", "validated_value", "validation")
    return {
        (gov, number, innovation): (value if value is not None else 0) if validation != "pending" else "?"
        for gov, number, innovation, value, validation in rows
    }


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


def _neighbour(queue, claim, *, after: bool):
    """The claim just after (or before) `claim` in the queue's order (`QUEUE_ORDER`), or None."""
    gt = "gt" if after else "lt"
    a, i, n, pk = claim.assessment_id, claim.indicator_id, claim.innovation_id, claim.pk
    same_innovation = Q(innovation_id=n) if n is not None else Q(innovation__isnull=True)
    later = (
        Q(**{f"assessment_id__{gt}": a})
        | Q(assessment_id=a, **{f"indicator_id__{gt}": i})
        | (Q(assessment_id=a, indicator_id=i) & same_innovation & Q(**{f"pk__{gt}": pk}))
    )
    if n is not None:
        later |= Q(assessment_id=a, indicator_id=i, **{f"innovation_id__{gt}": n})
    order = QUEUE_ORDER if after else tuple(f"-{f}" for f in QUEUE_ORDER)
    return queue.filter(later).order_by(*order).values_list("pk", flat=True).first()


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
            data = form.cleaned_data
            reason = (data["reason"] or request.POST.get("alasan_pilihan", "")).strip()
            option = None
            if data["option"]:
                option = IndexParameterOption.objects.filter(pk=data["option"], indicator=claim.indicator).first()
            try:
                validation.validate_claim(
                    claim=claim,
                    verdict=data["verdict"],
                    option=option,
                    reason=reason,
                    version=data["version"],
                    actor=request.user,
                )
            except StaleClaim as exc:
                saved = "; ".join(f"{c['label']}: {c['saved']}" for c in exc.changes)
                messages.warning(
                    request, _("%(message)s Tersimpan: %(saved)s.") % {"message": exc.messages[0], "saved": saved}
                )
                return redirect(_review_url(framework, claim.pk, query))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Klaim indikator %(number)s %(pemda)s: %(verdict)s.")
                    % {
                        "number": claim.indicator.number,
                        "pemda": claim.assessment.government.short_name,
                        "verdict": ClaimValidation(data["verdict"]).label.lower(),
                    },
                )
                following = (
                    _neighbour(queue, claim, after=True)
                    or queue.exclude(pk=claim.pk).order_by(*QUEUE_ORDER).values_list("pk", flat=True).first()
                )
                if following:
                    return redirect(_review_url(framework, following, query))
                messages.info(request, _("Tidak ada lagi klaim pada antrean ini."))
                url = reverse("organizer:index_workbench", args=[framework.pk])
                return redirect(f"{url}?{query}" if query else url)
        else:
            messages.error(request, _("Pilih putusan validasi."))
    previous = _previous_year_values(framework, [claim]).get(
        (claim.assessment.government_id, claim.indicator.number, claim.innovation_id), ""
    )
    evidence_kind = ""
    if claim.evidence_file:
        ctype = claim.evidence_content_type or ""
        evidence_kind = "pdf" if ctype == "application/pdf" else ("image" if ctype.startswith("image/") else "file")
    return render(
        request,
        "organizer/index/claim_review.html",
        {
            "framework": framework,
            "claim": claim,
            "options": list(IndexParameterOption.objects.filter(indicator=claim.indicator).order_by("value")),
            "previous": previous,
            "evidence_kind": evidence_kind,
            "reasons": validation.REJECTION_REASONS,
            "next_id": _neighbour(queue, claim, after=True),
            "previous_id": _neighbour(queue, claim, after=False),
            "query": query,
            "form": form,
        },
    )


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


def _assessment_for(request, assessment_id) -> IndexAssessment:
    assessment = get_object_or_404(
        IndexAssessment.objects.select_related("framework", "framework__organizer_body", "government"),
        pk=assessment_id,
    )
    if not request.user.has_perm("innovation_index.validate_assessment", assessment):
        raise PermissionDenied
    return assessment


@login_required
def assessment_validate(request, assessment_id):
    assessment = _assessment_for(request, assessment_id)
    show = request.GET.get("tampil", "pending")
    claims = IndexClaim.objects.filter(assessment=assessment).select_related(
        "indicator", "innovation", "option", "validated_option"
    )
    if show == "pending":
        claims = claims.filter(validation=ClaimValidation.PENDING)
    page = Paginator(claims.order_by("innovation__name", "indicator__number", "pk"), 100).get_page(
        request.GET.get("halaman")
    )
    claims = list(page.object_list)
    options = {}
    for option in IndexParameterOption.objects.filter(indicator__framework=assessment.framework).order_by("value"):
        options.setdefault(option.indicator_id, []).append(option)
    rows = [(c, options.get(c.indicator_id, [])) for c in claims]
    return render(
        request,
        "organizer/index/assessment_validate.html",
        {"assessment": assessment, "framework": assessment.framework, "rows": rows, "show": show, "page": page},
    )


@login_required
@require_POST
def claim_validate(request, claim_id):
    claim = get_object_or_404(IndexClaim.objects.select_related("assessment"), pk=claim_id)
    assessment = _assessment_for(request, claim.assessment_id)
    form = ValidationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih putusan validasi."))
    else:
        option = None
        if form.cleaned_data["option"]:
            option = IndexParameterOption.objects.filter(
                pk=form.cleaned_data["option"], indicator__framework=assessment.framework
            ).first()
        try:
            validation.validate_claim(
                claim=claim,
                verdict=form.cleaned_data["verdict"],
                option=option,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                actor=request.user,
            )
        except StaleClaim as exc:
            # The claim changed while the validator looked at it: show what is saved now and repeat
            # the refused verdict so nothing typed is lost.
            saved = "; ".join(f"{c['label']}: {c['saved']}" for c in exc.changes)
            refused = dict(form.fields["verdict"].choices).get(form.cleaned_data["verdict"], "")
            if form.cleaned_data["reason"]:
                refused = f"{refused} — {form.cleaned_data['reason']}"
            messages.warning(
                request,
                _("%(message)s Tersimpan: %(saved)s. Putusan Anda yang belum disimpan: %(refused)s.")
                % {"message": exc.messages[0], "saved": saved, "refused": refused},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Validasi klaim indikator %(number)s disimpan.") % {"number": claim.indicator.number}
            )
    return redirect("organizer:index_assessment_validate", assessment_id=assessment.pk)


@login_required
@require_POST
def assessment_reopen(request, assessment_id):
    assessment = _assessment_for(request, assessment_id)
    try:
        assessment_services.reopen_assessment(assessment=assessment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Penilaian dibuka kembali untuk diperbaiki Pemda."))
    return redirect("organizer:index_assessment_validate", assessment_id=assessment.pk)


@login_required
@require_POST
def framework_compute(request, framework_id):
    framework = _framework_for(request, framework_id)
    if framework.is_published:
        messages.error(
            request,
            _("Hasil tahun ini sudah diumumkan dan dibekukan; tarik pengumuman dahulu untuk menghitung ulang."),
        )
        return redirect("organizer:index_nominees", framework_id=framework.pk)
    compute_framework_task.enqueue(framework.pk, request.user.pk)
    messages.success(request, _("Perhitungan indeks dijalankan. Hasil tampil di daftar nomine setelah selesai."))
    return redirect("organizer:index_nominees", framework_id=framework.pk)


@login_required
def publish_check(request, framework_id):
    """Check your answers before publishing: what will be frozen, what still stands in the way."""
    framework = _framework_for(request, framework_id)
    return render(
        request,
        "organizer/index/publish_check.html",
        {"framework": framework, "checks": rounds.publish_checks(framework)},
    )


@login_required
@require_POST
def framework_publish(request, framework_id):
    framework = _framework_for(request, framework_id)
    publish = request.POST.get("publish") == "1"
    if publish and request.POST.get("konfirmasi") != "1":
        # Publishing freezes the year: only from the check page, with the box ticked.
        messages.error(request, _("Periksa ringkasan lalu centang konfirmasi sebelum mengumumkan hasil."))
        return redirect("organizer:index_publish_check", framework_id=framework.pk)
    try:
        rounds.publish_results(framework=framework, actor=request.user, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if publish:
            return redirect("organizer:index_publish_check", framework_id=framework.pk)
    else:
        messages.success(request, _("Hasil diumumkan dan dibekukan.") if publish else _("Pengumuman hasil ditarik."))
    return redirect("organizer:index_nominees", framework_id=framework.pk)


@login_required
def nominees(request, framework_id):
    framework = _framework_for(request, framework_id)
    rows = list(
        RegionIndex.objects.filter(framework=framework, is_nominee=True)
        .select_related("government", "government__region")
        .order_by("cluster", "rank")
    )
    clusters = [(level, label, [r for r in rows if r.cluster == level]) for level, label in RegionLevel.choices]
    return render(request, "organizer/index/nominees.html", {"framework": framework, "clusters": clusters})

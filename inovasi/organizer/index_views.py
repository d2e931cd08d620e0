"""The index desk of the organizer (BSKDN): methodology, validation queue, computation, nominees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
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

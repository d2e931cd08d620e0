"""Admin Pemda fills the index self-assessment: region indicators, then each reported innovation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.exports import Export, export_view
from inovasi.innovation_index import assessments, national_format
from inovasi.innovation_index.breakdown import CLAIMED, build_breakdown
from inovasi.innovation_index.enums import AssessmentStatus, IndicatorScope
from inovasi.innovation_index.forms import RegionClaimForm
from inovasi.innovation_index.methodology import indicators_of
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework, IndexParameterOption
from inovasi.innovation_index.queries import bring_forward_year, registry_innovations, reported_innovations
from inovasi.workspace.views.access import government_for

PERM = "innovation_index.fill_for_government"


def _framework(year: int) -> IndexFramework:
    return get_object_or_404(IndexFramework.objects.select_related("organizer_body"), year=year)


def _assessment(framework, government) -> IndexAssessment | None:
    return IndexAssessment.objects.filter(framework=framework, government=government).first()


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


@login_required
def index_home(request, government_id):
    government = government_for(request, government_id, PERM)
    frameworks = list(IndexFramework.objects.select_related("organizer_body").order_by("-year"))
    mine = {a.framework_id: a for a in IndexAssessment.objects.filter(government=government)}
    rows = [(f, mine.get(f.pk)) for f in frameworks]
    return render(request, "workspace/index/home.html", {"government": government, "rows": rows})


@login_required
def assessment_detail(request, government_id, year):
    government = government_for(request, government_id, PERM)
    framework = _framework(year)
    assessment = _assessment(framework, government)
    registry = registry_innovations(framework, government, assessment)
    context = {
        "government": government,
        "framework": framework,
        "assessment": assessment,
        "registry": registry,
        "registry_counted": sum(1 for r in registry if r.counts),
        "bring_forward_count": sum(1 for r in registry if r.can_bring_forward),
        "bring_forward_year": bring_forward_year(framework),
    }
    if assessment is not None:
        breakdown = build_breakdown(assessment, mode=CLAIMED)
        claim_counts = dict(
            IndexClaim.objects.filter(assessment=assessment, innovation__isnull=False)
            .values("innovation_id")
            .annotate(n=Count("id"))
            .values_list("innovation_id", "n")
        )
        innovations = list(reported_innovations(framework, government).select_related("agency").order_by("name"))
        context.update(
            breakdown=breakdown,
            innovations=[(i, claim_counts.get(i.pk, 0)) for i in innovations],
            innovation_indicator_count=len(breakdown.innovation_indicators),
            improvements=breakdown.described_improvements(10),
        )
    return render(request, "workspace/index/assessment.html", context)


@login_required
@require_POST
def assessment_start(request, government_id, year):
    government = government_for(request, government_id, PERM)
    framework = _framework(year)
    try:
        assessments.start_assessment(framework=framework, government=government, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Penilaian mandiri dimulai; jawaban yang sudah diketahui registri telah diisi."))
    return redirect("workspace:index_assessment", government_id=government.pk, year=year)


@login_required
@require_POST
def assessment_submit(request, government_id, year):
    government = government_for(request, government_id, PERM)
    assessment = _assessment(_framework(year), government)
    if assessment is None:
        raise Http404
    try:
        assessments.submit_assessment(assessment=assessment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Penilaian diajukan untuk divalidasi."))
    return redirect("workspace:index_assessment", government_id=government.pk, year=year)


@login_required
def bring_forward(request, government_id, year):
    """Confirmation page, then the bulk "bawa ke periode ini" for innovations still running."""
    government = government_for(request, government_id, PERM)
    framework = _framework(year)
    assessment = _assessment(framework, government)
    if assessment is None:
        raise Http404
    candidates = [r.innovation for r in registry_innovations(framework, government, assessment) if r.can_bring_forward]
    by_id = {i.pk: i for i in candidates}
    selected = set(by_id)
    error = None
    if request.method == "POST":
        selected = {pk for pk in (_int_or_none(raw) for raw in request.POST.getlist("inovasi")) if pk in by_id}
        if not selected:
            error = _("Pilih paling sedikit satu inovasi.")
        elif request.POST.get("konfirmasi") != "1":
            error = _("Centang pernyataan bahwa inovasi terpilih masih berjalan.")
        else:
            try:
                moved = assessments.bring_innovations_forward(
                    assessment=assessment, innovations=[by_id[pk] for pk in sorted(selected)], actor=request.user
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("%(n)s inovasi dibawa ke tahun data %(year)s dan kini termasuk periode penilaian ini.")
                    % {"n": len(moved), "year": bring_forward_year(framework)},
                )
                return redirect("workspace:index_assessment", government_id=government.pk, year=year)
    return render(
        request,
        "workspace/index/bring_forward.html",
        {
            "government": government,
            "framework": framework,
            "assessment": assessment,
            "candidates": candidates,
            "selected": selected,
            "target_year": bring_forward_year(framework),
            "error": error,
            "is_open": framework.is_open() and assessment.status == AssessmentStatus.DRAFT,
        },
        status=400 if error else 200,
    )


def _int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _option(framework, raw) -> IndexParameterOption | None:
    try:
        return IndexParameterOption.objects.select_related("indicator").get(pk=int(raw), indicator__framework=framework)
    except (TypeError, ValueError, IndexParameterOption.DoesNotExist):
        return None


@login_required
def region_claim(request, government_id, year, number):
    government = government_for(request, government_id, PERM)
    framework = _framework(year)
    assessment = _assessment(framework, government)
    if assessment is None:
        raise Http404
    indicator = next(
        (i for i in indicators_of(framework) if i.number == number and i.scope == IndicatorScope.REGION), None
    )
    if indicator is None:
        raise Http404
    current = IndexClaim.objects.filter(assessment=assessment, indicator=indicator, innovation=None).first()
    form = RegionClaimForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        initial={
            "option": current.option_id if current else None,
            "evidence_url": current.evidence_url if current else "",
            "version": current.version if current else 0,
        },
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        option = _option(framework, form.cleaned_data["option"])
        if option is None:
            form.add_error("option", _("Parameter ini tidak tersedia untuk indikator %(number)s.") % {"number": number})
        else:
            try:
                assessments.set_claim(
                    assessment=assessment,
                    indicator=indicator,
                    option=option,
                    evidence_file=form.cleaned_data["evidence_file"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    version=form.cleaned_data["version"],
                    actor=request.user,
                )
            except assessments.StaleClaim as exc:
                # Keep the input on screen, show the saved claim; saving again now overwrites deliberately.
                stale, current = exc, exc.claim
                form.data = form.data.copy()
                form.data["version"] = exc.current_version
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Klaim indikator %(number)s disimpan.") % {"number": number})
                return redirect("workspace:index_assessment", government_id=government.pk, year=year)
    return render(
        request,
        "workspace/index/region_claim.html",
        {
            "government": government,
            "framework": framework,
            "indicator": indicator,
            "form": form,
            "claim": current,
            "stale": stale,
        },
        status=409 if stale else 200,
    )


@login_required
def innovation_claims(request, government_id, year, innovation_id):
    government = government_for(request, government_id, PERM)
    framework = _framework(year)
    assessment = _assessment(framework, government)
    innovation = get_object_or_404(
        reported_innovations(framework, government).select_related("agency"), pk=innovation_id
    )
    if assessment is None:
        raise Http404
    indicators = [i for i in indicators_of(framework) if i.scope == IndicatorScope.INNOVATION]
    claims = {c.indicator_id: c for c in IndexClaim.objects.filter(assessment=assessment, innovation=innovation)}
    errors: dict[int, list[str]] = {}
    # What the form shows per indicator: the saved claim, or the refused input kept on screen.
    shown = {
        i.pk: {
            "option": claims[i.pk].option_id if i.pk in claims else None,
            "url": claims[i.pk].evidence_url if i.pk in claims else "",
            "version": claims[i.pk].version if i.pk in claims else 0,
            "saved": [],
        }
        for i in indicators
    }
    if request.method == "POST":
        entries = []
        for indicator in indicators:
            raw = request.POST.get(f"opt_{indicator.pk}")
            url = request.POST.get(f"url_{indicator.pk}", "").strip()
            version = _int_or_none(request.POST.get(f"ver_{indicator.pk}"))
            shown[indicator.pk].update(option=_int_or_none(raw), url=url, version=version)
            entries.append(
                assessments.ClaimEntry(
                    indicator=indicator,
                    option_raw=raw,
                    upload=request.FILES.get(f"file_{indicator.pk}"),
                    url=url,
                    version=version,
                )
            )
        outcome = assessments.save_innovation_claims(
            assessment=assessment, innovation=innovation, entries=entries, actor=request.user
        )
        errors = outcome["errors"]
        for indicator_id, exc in outcome["stale"].items():
            shown[indicator_id].update(version=exc.current_version, saved=exc.changes)
        if not errors:
            messages.success(request, _("Indikator inovasi %(name)s disimpan.") % {"name": innovation.name})
            return redirect("workspace:index_assessment", government_id=government.pk, year=year)
    rows = [(i, claims.get(i.pk), errors.get(i.pk, []), shown[i.pk]) for i in indicators]
    return render(
        request,
        "workspace/index/innovation_claims.html",
        {
            "government": government,
            "framework": framework,
            "innovation": innovation,
            "rows": rows,
            "has_errors": bool(errors),
            "is_draft": assessment.status == AssessmentStatus.DRAFT,
        },
    )


@login_required
@export_view
def assessment_export(request, government_id, year):
    """The Pemda's assessment in the national indicator layout (CSV or XLSX), evidence links included."""
    government = government_for(request, government_id, PERM)
    assessment = _assessment(_framework(year), government)
    if assessment is None:
        raise Http404(_("Penilaian tahun ini belum dimulai."))
    return Export(
        filename=f"iid-{year}-{slugify(government.name)}",
        header=national_format.HEADER,
        rows=national_format.rows(assessment),
        sheet=_("Indikator"),
    )

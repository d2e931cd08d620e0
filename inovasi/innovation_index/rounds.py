"""The organizer's side of a round: methodology (copy, numbers, indicators), computing and publishing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.innovation_index import queries
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.freezing import freeze_framework
from inovasi.innovation_index.methodology import check_framework
from inovasi.innovation_index.models import (
    FrozenIndexYear,
    IndexAspect,
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
    IndexParameterOption,
    IndexVariable,
    RegionIndex,
)
from inovasi.innovation_index.states import transition_assessment

FRAMEWORK_EDITABLE = [
    "name",
    "reporting_year_from",
    "reporting_year_to",
    "submission_opens_at",
    "submission_closes_at",
    "parameter_min",
    "parameter_max",
    "max_score",
    "divisor_min",
    "count_cap",
    "count_factor",
    "count_min_basic_affairs",
    "threshold_sangat_inovatif",
    "threshold_inovatif",
    "threshold_kurang_inovatif",
    "nominees_per_cluster",
]

# --- Methodology ------------------------------------------------------------------------------


@transaction.atomic
def copy_framework(*, source: IndexFramework, year: int, actor, name: str = "") -> IndexFramework:
    """Copy a framework (aspects, variables, indicators, options) to `year`, windows shifted too."""
    if IndexFramework.objects.filter(year=year).exists():
        raise ValidationError({"year": _("Metodologi untuk tahun %(year)s sudah ada.") % {"year": year}})
    shift = year - source.year

    def moved(dt):
        try:
            return dt.replace(year=dt.year + shift)
        except ValueError:  # 29 February
            return dt.replace(year=dt.year + shift, day=28)

    framework = IndexFramework.objects.get(pk=source.pk)
    framework.pk = None
    framework.year = year
    framework.name = name or source.name.replace(str(source.year), str(year))
    framework.copied_from = source
    framework.reporting_year_from += shift
    framework.reporting_year_to += shift
    framework.submission_opens_at = moved(source.submission_opens_at)
    framework.submission_closes_at = moved(source.submission_closes_at)
    framework.computed_at = None
    framework.results_published_at = None
    framework.save()
    for aspect in IndexAspect.objects.filter(framework=source).prefetch_related("variables__indicators__options"):
        new_aspect = IndexAspect.objects.create(
            framework=framework, order=aspect.order, name=aspect.name, weight_percent=aspect.weight_percent
        )
        for variable in aspect.variables.all():
            new_variable = IndexVariable.objects.create(aspect=new_aspect, order=variable.order, name=variable.name)
            for indicator in variable.indicators.all():
                options = list(indicator.options.all())
                indicator.pk = None
                indicator.framework = framework
                indicator.variable = new_variable
                indicator.save()
                IndexParameterOption.objects.bulk_create(
                    IndexParameterOption(
                        indicator=indicator, value=o.value, label=o.label, evidence_required=o.evidence_required
                    )
                    for o in options
                )
    check_framework(framework)
    record_event(
        actor=actor, action="index_framework.copy", obj=framework, after={"from_year": source.year, "year": year}
    )
    return framework


@transaction.atomic
def update_framework(*, framework: IndexFramework, actor, aspect_weights: dict | None = None, **changes):
    """Change the framework's numbers; refused (nothing saved) if the result is inconsistent."""
    framework = IndexFramework.objects.select_for_update().get(pk=framework.pk)
    before = snapshot(framework, FRAMEWORK_EDITABLE)
    for field, value in changes.items():
        if field not in FRAMEWORK_EDITABLE:
            raise ValueError(f"update_framework cannot change {field}")
        setattr(framework, field, value)
    framework.save()
    for aspect_id, weight in (aspect_weights or {}).items():
        IndexAspect.objects.filter(framework=framework, pk=aspect_id).update(weight_percent=weight)
    check_framework(framework)
    record_event(
        actor=actor,
        action="index_framework.update",
        obj=framework,
        before=before,
        after={**snapshot(framework, FRAMEWORK_EDITABLE), "aspect_weights": aspect_weights or {}},
    )
    return framework


@transaction.atomic
def update_indicator(
    *,
    indicator: IndexIndicator,
    actor,
    options: dict | None = None,
    max_score=None,
    aspect_weights: dict | None = None,
    **changes,
) -> IndexIndicator:
    """Change an indicator's name, weight or mandatory flag and its options' labels/values.

    `options` maps option id → (value, label, evidence_required). A weight change moves the
    achievable maximum, so the framework's `max_score` and `aspect_weights` (aspect id → percent)
    can be changed in the same step. Refused (nothing saved) if the result is inconsistent.
    """
    indicator = IndexIndicator.objects.select_for_update().select_related("framework").get(pk=indicator.pk)
    fields = ["name", "weight", "is_mandatory", "registry_source"]
    before = snapshot(indicator, fields)
    for field, value in changes.items():
        if field not in fields:
            raise ValueError(f"update_indicator cannot change {field}")
        setattr(indicator, field, value)
    indicator.save()
    changed_options = {}
    if options:
        # Park the values first so swapping two values does not trip the unique constraint.
        mine = IndexParameterOption.objects.filter(indicator=indicator, pk__in=list(options))
        for option in mine:
            option.value = 1000 + option.value
            option.save(update_fields=["value"])
        for option in mine:
            value, label, evidence = options[option.pk]
            option.value, option.label, option.evidence_required = value, label, evidence
            option.save()
            changed_options[option.pk] = value
    framework = indicator.framework
    if max_score is not None:
        framework.max_score = max_score
        framework.save(update_fields=["max_score", "updated_at"])
    for aspect_id, weight in (aspect_weights or {}).items():
        IndexAspect.objects.filter(framework=framework, pk=aspect_id).update(weight_percent=weight)
    check_framework(framework)
    record_event(
        actor=actor,
        action="index_indicator.update",
        obj=indicator,
        before=before,
        after={**snapshot(indicator, fields), "options": changed_options},
    )
    return indicator


# --- Results ----------------------------------------------------------------------------------


def _refuse_if_published(framework: IndexFramework):
    if IndexFramework.objects.filter(pk=framework.pk, results_published_at__isnull=False).exists():
        raise ValidationError(
            _(
                "Hasil %(name)s sudah diumumkan dan dibekukan; perubahan registri tampil pada periode berikutnya. "
                "Tarik pengumuman terlebih dahulu bila memang harus dihitung ulang."
            )
            % {"name": framework.name},
            code="frozen",
        )


@transaction.atomic
def compute_framework(*, framework: IndexFramework, actor) -> int:
    """Compute and store every assessed Pemda's index, ranks and nominees. Returns the count.

    Refused once the year's results are published (a published year is frozen)."""
    _refuse_if_published(framework)
    count = queries.compute_and_store(framework)
    IndexFramework.objects.filter(pk=framework.pk).update(computed_at=timezone.now())
    record_event(actor=actor, action="index_framework.compute", obj=framework, after={"regions": count})
    return count


@transaction.atomic
def recompute_government(*, framework: IndexFramework, government, actor=None):
    """Recompute one Pemda after a change, then re-rank its cluster (refused once published)."""
    _refuse_if_published(framework)
    return queries.compute_and_store(framework, government=government)


@transaction.atomic
def publish_results(*, framework: IndexFramework, actor, publish: bool = True) -> IndexFramework:
    """Make the year's computed results public and freeze them (or withdraw them).

    Publishing is refused while a submitted assessment still has claims awaiting validation. It
    stores every computed Pemda's breakdown and the year summary with their SHA-256
    (`freezing.freeze_framework`; refused if a breakdown no longer gives the computed IID, i.e. the
    claims changed since the last computation), and moves each fully validated assessment to
    ditetapkan through the state machine. Withdrawing deletes the frozen records and moves the
    ditetapkan assessments back to divalidasi. Audited as `index_framework.publish` / `.unpublish`
    with the hashes.
    """
    framework = IndexFramework.objects.select_for_update().get(pk=framework.pk)
    assessments = IndexAssessment.objects.filter(framework=framework)
    if publish:
        if framework.computed_at is None:
            raise ValidationError(_("Hitung indeks terlebih dahulu sebelum mengumumkan hasilnya."))
        if framework.results_published_at is not None:
            raise ValidationError(_("Hasil tahun ini sudah diumumkan."), code="already_done")
        unfinished = list(
            assessments.filter(status=AssessmentStatus.SUBMITTED, claims__validation=ClaimValidation.PENDING)
            .values_list("government__name", flat=True)
            .distinct()
            .order_by("government__name")[:11]
        )
        if unfinished:
            names = ", ".join(unfinished[:10]) + (", …" if len(unfinished) > 10 else "")
            raise ValidationError(
                _("Validasi belum selesai untuk: %(names)s. Selesaikan validasi sebelum mengumumkan hasil.")
                % {"names": names},
                code="validation_unfinished",
            )
        framework.results_published_at = timezone.now()
        framework.save(update_fields=["results_published_at", "updated_at"])
        count, mismatches = freeze_framework(framework)
        if mismatches:
            raise ValidationError(
                _("Klaim berubah sejak indeks terakhir dihitung (%(codes)s); hitung ulang sebelum mengumumkan hasil.")
                % {"codes": ", ".join(mismatches[:10])},
                code="stale_results",
            )
        for assessment in assessments.filter(status=AssessmentStatus.SUBMITTED).only("pk"):
            transition_assessment(assessment=assessment, target=AssessmentStatus.VALIDATED, actor=actor)
        for assessment in assessments.filter(status=AssessmentStatus.VALIDATED).only("pk"):
            transition_assessment(assessment=assessment, target=AssessmentStatus.FINALIZED, actor=actor)
        year_sha = framework.frozen_year.sha256
        after = {"published": True, "regions_frozen": count, "year_sha256": year_sha}
    else:
        if framework.results_published_at is None:
            raise ValidationError(_("Hasil tahun ini belum diumumkan."), code="already_done")
        framework.results_published_at = None
        framework.save(update_fields=["results_published_at", "updated_at"])
        dropped = framework.frozen_breakdowns.count()
        framework.frozen_breakdowns.all().delete()
        FrozenIndexYear.objects.filter(framework=framework).delete()
        for assessment in assessments.filter(status=AssessmentStatus.FINALIZED).only("pk"):
            transition_assessment(assessment=assessment, target=AssessmentStatus.VALIDATED, actor=actor)
        after = {"published": False, "regions_unfrozen": dropped}
    record_event(
        actor=actor,
        action="index_framework.publish" if publish else "index_framework.unpublish",
        obj=framework,
        after=after,
    )
    return framework


def publish_checks(framework: IndexFramework) -> dict:
    """What publishing would freeze and what stands in its way, for the check-your-answers page.

    `blocking`: messages that make `publish_results` refuse (not computed, claims awaiting a
    verdict, claims changed since the last computation); `warnings`: what publishing leaves as it
    is (draft assessments are not computed into a result and stay draf). The figures: regions whose
    breakdown will be frozen, assessments that become ditetapkan, nominees, claims by verdict.
    """
    assessments = IndexAssessment.objects.filter(framework=framework)
    by_status = dict(assessments.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    claims = IndexClaim.objects.filter(assessment__framework=framework).exclude(
        assessment__status=AssessmentStatus.DRAFT
    )
    by_verdict = dict(claims.values_list("validation").annotate(n=Count("pk")).values_list("validation", "n"))
    pending = by_verdict.get(ClaimValidation.PENDING, 0)
    unfinished = list(
        assessments.filter(status=AssessmentStatus.SUBMITTED, claims__validation=ClaimValidation.PENDING)
        .values_list("government__name", flat=True)
        .distinct()
        .order_by("government__name")[:11]
    )
    blocking, warnings = [], []
    if framework.results_published_at is not None:
        blocking.append(_("Hasil tahun ini sudah diumumkan."))
    if framework.computed_at is None:
        blocking.append(_("Indeks belum dihitung: hitung terlebih dahulu."))
    elif claims.filter(updated_at__gt=framework.computed_at).exists():
        blocking.append(_("Ada klaim yang berubah sejak indeks terakhir dihitung: hitung ulang terlebih dahulu."))
    if pending:
        names = ", ".join(unfinished[:10]) + (", …" if len(unfinished) > 10 else "")
        blocking.append(
            _("%(n)s klaim masih menunggu validasi (%(names)s).") % {"n": pending, "names": names}
            if names
            else _("%(n)s klaim masih menunggu validasi.") % {"n": pending}
        )
    drafts = by_status.get(AssessmentStatus.DRAFT, 0)
    if drafts:
        warnings.append(_("%(n)s penilaian masih draf (belum diajukan); tidak ikut ditetapkan.") % {"n": drafts})
    results = RegionIndex.objects.filter(framework=framework)
    return {
        "blocking": blocking,
        "warnings": warnings,
        "regions": results.count(),
        "nominees": results.filter(is_nominee=True).count(),
        "to_finalize": by_status.get(AssessmentStatus.SUBMITTED, 0) + by_status.get(AssessmentStatus.VALIDATED, 0),
        "by_status": [(AssessmentStatus(s).label, by_status.get(s, 0)) for s in AssessmentStatus.values],
        "by_verdict": [(ClaimValidation(v).label, by_verdict.get(v, 0)) for v in ClaimValidation.values],
        "computed_at": framework.computed_at,
    }

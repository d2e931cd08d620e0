"""Business verbs of the index. Each runs in one transaction and writes an audit event.

Claims: `start_assessment`, `set_claim`, `submit_assessment`, `reopen_assessment` (the Pemda side,
only while the framework's submission window is open). Validation: `validate_claim` (the owning
body's organizers). Methodology: `copy_framework`, `update_framework`, `update_indicator` (each
re-checks consistency and rolls back on failure). Results: `compute_framework`,
`recompute_government`, `publish_results`.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.innovation_index import queries
from inovasi.innovation_index.enums import ALLOWED_TRANSITIONS, AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.evidence import check_evidence_file
from inovasi.innovation_index.methodology import check_framework
from inovasi.innovation_index.models import (
    IndexAspect,
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
    IndexParameterOption,
    IndexVariable,
)
from inovasi.innovation_index.prefill import prefill_value, registry_facts
from inovasi.inputs import is_web_url

CLAIM_AUDIT_FIELDS = ["option", "claimed_value", "evidence_url", "evidence_sha256", "validation"]
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


def _require_open(framework: IndexFramework):
    if not framework.is_open():
        closes = date_format(timezone.localtime(framework.submission_closes_at), "j F Y H.i")
        opens = date_format(timezone.localtime(framework.submission_opens_at), "j F Y H.i")
        if timezone.now() > framework.submission_closes_at:
            raise ValidationError(
                _("Masa pengisian %(name)s sudah ditutup pada %(when)s WIB; klaim tidak dapat diubah lagi.")
                % {"name": framework.name, "when": closes}
            )
        raise ValidationError(
            _("Masa pengisian %(name)s belum dibuka (dibuka %(when)s WIB).") % {"name": framework.name, "when": opens}
        )


class StaleClaim(ValidationError):
    """The claim was saved (by another Admin Pemda, or validated) after this form was opened, so
    nothing was written. `changes` lists what differs from the refused input as {"field", "label",
    "saved"} dicts; `current_version` is what a deliberate re-save must carry."""

    def __init__(self, message, *, claim, submitted_version, changes):
        super().__init__(message, code="stale")
        self.claim = claim
        self.submitted_version = submitted_version
        self.current_version = claim.version
        self.changes = list(changes)


def _stale_audited(verb):
    """Run a claim verb in one transaction; a stale refusal rolls it back and is then audited
    (`index_claim.stale_refused`, in its own transaction) before it reaches the caller."""

    @functools.wraps(verb)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return verb(*args, **kwargs)
        except StaleClaim as stale:
            stale.action = verb.__name__
            audit_stale_refusal(stale, actor=kwargs.get("actor"))
            raise

    return wrapper


def audit_stale_refusal(stale: StaleClaim, *, actor) -> None:
    """Record a refused stale save (`index_claim.stale_refused`) in its own transaction.

    Called after the refused attempt rolled back — by the verbs themselves, and by a caller whose
    outer transaction rolled the verb's record back too (a page saving several claims at once).
    """
    with transaction.atomic():
        record_event(
            actor=actor,
            action="index_claim.stale_refused",
            obj=stale.claim,
            after={
                "action": getattr(stale, "action", ""),
                "submitted_version": stale.submitted_version,
                "current_version": stale.current_version,
                "fields": [c["field"] for c in stale.changes],
            },
        )


def _wib(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")


def _stale_claim(claim, *, version, changes) -> StaleClaim:
    return StaleClaim(
        _(
            "Klaim indikator %(number)s sudah diubah pada %(when)s WIB setelah Anda membukanya, sehingga isian "
            "Anda belum disimpan. Periksa versi tersimpan, lalu simpan lagi bila perlu."
        )
        % {"number": claim.indicator.number, "when": _wib(claim.updated_at)},
        claim=claim,
        submitted_version=version,
        changes=changes,
    )


def _claim_state(claim) -> list[dict]:
    """The saved claim, described field by field for a stale refusal."""
    option = claim.option
    items = [{"field": "option", "label": _("Parameter"), "saved": f"{option.value} — {option.label}"}]
    if claim.evidence_url:
        items.append({"field": "evidence_url", "label": _("Tautan bukti"), "saved": claim.evidence_url})
    if claim.evidence_sha256:
        items.append(
            {"field": "evidence_file", "label": _("Berkas bukti"), "saved": f"SHA-256 {claim.evidence_sha256}"}
        )
    items.append(
        {
            "field": "validation",
            "label": _("Validasi"),
            "saved": ClaimValidation(claim.validation).label
            + (f" — {claim.validation_reason}" if claim.validation_reason else ""),
        }
    )
    return items


def transition_assessment(assessment: IndexAssessment, target: str) -> None:
    """The one place that checks the allowed assessment moves (enums.ALLOWED_TRANSITIONS)."""
    if target not in ALLOWED_TRANSITIONS.get(AssessmentStatus(assessment.status), set()):
        raise ValidationError(
            _("Penilaian berstatus %(status)s tidak dapat diubah menjadi %(target)s.")
            % {"status": assessment.get_status_display(), "target": AssessmentStatus(target).label}
        )
    assessment.status = target


@transaction.atomic
def start_assessment(*, framework: IndexFramework, government, actor) -> IndexAssessment:
    """Open (or return) the Pemda's assessment and prefill innovation indicators from the registry.

    Prefilled claims are created only where none exists yet, so a Pemda's own choice is never
    overwritten. Side effects: audit event `index_assessment.start` when newly created.
    """
    assessment, created = IndexAssessment.objects.get_or_create(framework=framework, government=government)
    if created:
        _require_open(framework)
        record_event(actor=actor, action="index_assessment.start", obj=assessment, after={"framework": framework.year})
    # Two "Mulai" clicks at once must not prefill the same claims twice: the second waits here.
    assessment = (
        IndexAssessment.objects.select_for_update().select_related("framework", "government").get(pk=assessment.pk)
    )
    prefill_claims(assessment)
    return assessment


def prefill_claims(assessment: IndexAssessment) -> int:
    """Create the claims the registry can answer for every reported innovation; returns how many."""
    framework = assessment.framework
    sources = [
        i
        for i in IndexIndicator.objects.filter(framework=framework, scope=IndicatorScope.INNOVATION)
        .exclude(registry_source="")
        .prefetch_related("options")
    ]
    if not sources:
        return 0
    innovation_ids = list(queries.reported_innovations(framework, assessment.government).values_list("pk", flat=True))
    facts = registry_facts(innovation_ids)
    existing = set(
        IndexClaim.objects.filter(assessment=assessment, innovation__isnull=False).values_list(
            "indicator_id", "innovation_id"
        )
    )
    new = []
    for indicator in sources:
        options = {o.value: o for o in indicator.options.all()}
        for innovation_id in innovation_ids:
            if (indicator.pk, innovation_id) in existing:
                continue
            value = prefill_value(indicator.registry_source, facts[innovation_id])
            option = options.get(value)
            if option is None:
                continue
            new.append(
                IndexClaim(
                    assessment=assessment,
                    indicator=indicator,
                    innovation_id=innovation_id,
                    option=option,
                    claimed_value=option.value,
                    prefilled_from=indicator.registry_source,
                )
            )
    IndexClaim.objects.bulk_create(new)
    return len(new)


@_stale_audited
def set_claim(
    *,
    assessment: IndexAssessment,
    indicator: IndexIndicator,
    option: IndexParameterOption,
    innovation=None,
    evidence_file=None,
    evidence_url: str = "",
    actor,
    version=None,
) -> IndexClaim:
    """Claim `option` for `indicator` (of `innovation` for innovation indicators), with evidence.

    Refused after the window closes, for an option of another indicator, for an innovation outside
    the reporting window and for evidence that is not a PDF/JPEG/PNG. Changing the option or the
    evidence resets the claim's validation to pending. Audited as `index_claim.set`.

    `version` is the claim version the form was opened at (0: no claim yet). If the claim was saved
    since, the save is refused with `StaleClaim` (nothing written, the refusal audited) unless the
    input equals what is saved (a no-op). The assessment row is locked, so claim edits and the
    submission of the assessment never interleave.
    """
    if evidence_url and not is_web_url(evidence_url):
        raise ValidationError({"evidence_url": _("Tautan harus diawali http:// atau https://.")})
    assessment = IndexAssessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    framework = assessment.framework
    _require_open(framework)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian sudah diajukan; minta panitia membukanya kembali untuk mengubah klaim."))
    if indicator.framework_id != framework.pk or indicator.scope == IndicatorScope.COUNT:
        raise ValidationError(_("Indikator ini bukan bagian dari metodologi penilaian ini."))
    if option.indicator_id != indicator.pk:
        raise ValidationError(
            {"option": _("Parameter ini tidak tersedia untuk indikator %(number)s.") % {"number": indicator.number}}
        )
    if indicator.scope == IndicatorScope.INNOVATION:
        if (
            innovation is None
            or not queries.reported_innovations(framework, assessment.government).filter(pk=innovation.pk).exists()
        ):
            raise ValidationError(_("Inovasi ini tidak termasuk inovasi yang dilaporkan pada periode penilaian."))
    else:
        innovation = None
    checked = check_evidence_file(evidence_file) if evidence_file else None

    claim = (
        IndexClaim.objects.select_for_update()
        .select_related("option", "indicator")
        .filter(assessment=assessment, indicator=indicator, innovation=innovation)
        .first()
    )
    current = claim.version if claim else 0
    if version is not None and version != current and claim is not None:
        wanted_url = evidence_url or claim.evidence_url
        if claim.option_id == option.pk and checked is None and wanted_url == claim.evidence_url:
            return claim  # the same claim already saved (a double submit): nothing to do
        raise _stale_claim(claim, version=version, changes=_claim_state(claim))
    before = snapshot(claim, CLAIM_AUDIT_FIELDS) if claim else None
    if claim is None:
        claim = IndexClaim(assessment=assessment, indicator=indicator, innovation=innovation, version=0)
    claim.version += 1  # the row is locked (or new, guarded by the assessment lock and unique constraints)
    option_changed = claim.option_id != option.pk
    changed = option_changed or checked is not None or bool(evidence_url and evidence_url != claim.evidence_url)
    if option_changed:
        claim.prefilled_from = ""
    claim.option = option
    claim.claimed_value = option.value
    if checked is not None:
        claim.evidence_file.save(evidence_file.name, evidence_file, save=False)
        claim.evidence_sha256, claim.evidence_size, claim.evidence_content_type = (
            checked.sha256,
            checked.size,
            checked.content_type,
        )
    if evidence_url:
        claim.evidence_url = evidence_url
    if changed:
        claim.validation = ClaimValidation.PENDING
        claim.validated_option = None
        claim.validated_value = None
        claim.validation_reason = ""
        claim.validated_by = None
        claim.validated_at = None
    claim.save()
    record_event(
        actor=actor, action="index_claim.set", obj=claim, before=before, after=snapshot(claim, CLAIM_AUDIT_FIELDS)
    )
    return claim


@transaction.atomic
def submit_assessment(*, assessment: IndexAssessment, actor) -> IndexAssessment:
    """Hand the assessment to the validators. Mandatory region indicators must be claimed.

    A second submission (double click) is refused as already done, with the first one's time."""
    assessment = IndexAssessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    if assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at:
        raise ValidationError(
            _("Penilaian ini sudah diajukan pada %(when)s WIB.") % {"when": _wib(assessment.submitted_at)},
            code="already_done",
        )
    _require_open(assessment.framework)
    missing = list(
        IndexIndicator.objects.filter(framework=assessment.framework, scope=IndicatorScope.REGION, is_mandatory=True)
        .exclude(claims__assessment=assessment)
        .values_list("number", flat=True)
    )
    if missing:
        raise ValidationError(
            _("Indikator wajib belum diisi: %(numbers)s.") % {"numbers": ", ".join(str(n) for n in missing)}
        )
    transition_assessment(assessment, AssessmentStatus.SUBMITTED)
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(actor=actor, action="index_assessment.submit", obj=assessment, after={"status": assessment.status})
    return assessment


@transaction.atomic
def reopen_assessment(*, assessment: IndexAssessment, actor) -> IndexAssessment:
    assessment = IndexAssessment.objects.select_for_update().get(pk=assessment.pk)
    transition_assessment(assessment, AssessmentStatus.DRAFT)
    assessment.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="index_assessment.reopen", obj=assessment, after={"status": assessment.status})
    return assessment


@_stale_audited
def validate_claim(
    *, claim: IndexClaim, verdict: str, actor, option=None, reason: str = "", version=None
) -> IndexClaim:
    """Accept, adjust (to another option of the same indicator) or reject a claim, with a reason.

    The claimed value stays; the validated value is the claimed one (accepted), the adjusted
    option's (adjusted) or none (rejected). Audited as `index_claim.validate`.

    `version` is the claim version the validator looked at: if the claim changed since (the Pemda
    edited it, or another validator decided), the verdict is refused with `StaleClaim` — a verdict
    must be about what the validator saw — unless the same verdict is already saved (a no-op).
    """
    claim = IndexClaim.objects.select_for_update().select_related("indicator", "option").get(pk=claim.pk)
    reason = reason.strip()
    if version is not None and version != claim.version:
        same = claim.validation == verdict and claim.validation_reason == reason
        if same and (verdict != ClaimValidation.ADJUSTED or (option and claim.validated_option_id == option.pk)):
            return claim  # the same verdict sent twice: nothing to do
        raise _stale_claim(claim, version=version, changes=_claim_state(claim))
    before = snapshot(claim, ["validation", "validated_value", "validation_reason"])
    if verdict == ClaimValidation.ACCEPTED:
        claim.validated_option, claim.validated_value = claim.option, claim.claimed_value
    elif verdict == ClaimValidation.ADJUSTED:
        if option is None or option.indicator_id != claim.indicator_id:
            raise ValidationError(
                {
                    "option": _("Parameter ini tidak tersedia untuk indikator %(number)s.")
                    % {"number": claim.indicator.number}
                }
            )
        if option.pk == claim.option_id:
            raise ValidationError({"option": _("Pilih parameter yang berbeda dari klaim, atau terima klaimnya.")})
        claim.validated_option, claim.validated_value = option, option.value
    elif verdict == ClaimValidation.REJECTED:
        claim.validated_option, claim.validated_value = None, None
    else:
        raise ValidationError({"verdict": _("Putusan validasi tidak dikenal.")})
    if verdict != ClaimValidation.ACCEPTED and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penyesuaian atau penolakan.")})
    claim.validation = verdict
    claim.validation_reason = reason
    claim.validated_by = actor
    claim.validated_at = timezone.now()
    claim.version += 1
    claim.save()
    record_event(
        actor=actor,
        action="index_claim.validate",
        obj=claim,
        before=before,
        after=snapshot(claim, ["validation", "validated_value", "validation_reason"]),
    )
    return claim


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


@transaction.atomic
def compute_framework(*, framework: IndexFramework, actor) -> int:
    """Compute and store every assessed Pemda's index, ranks and nominees. Returns the count."""
    count = queries.compute_and_store(framework)
    IndexFramework.objects.filter(pk=framework.pk).update(computed_at=timezone.now())
    record_event(actor=actor, action="index_framework.compute", obj=framework, after={"regions": count})
    return count


@transaction.atomic
def recompute_government(*, framework: IndexFramework, government, actor=None):
    """Recompute one Pemda after a change, then re-rank its cluster."""
    return queries.compute_and_store(framework, government=government)


@transaction.atomic
def publish_results(*, framework: IndexFramework, actor, publish: bool = True) -> IndexFramework:
    """Make the year's computed results public (or withdraw them)."""
    framework = IndexFramework.objects.select_for_update().get(pk=framework.pk)
    if publish and framework.computed_at is None:
        raise ValidationError(_("Hitung indeks terlebih dahulu sebelum mengumumkan hasilnya."))
    framework.results_published_at = timezone.now() if publish else None
    framework.save(update_fields=["results_published_at", "updated_at"])
    record_event(
        actor=actor,
        action="index_framework.publish" if publish else "index_framework.unpublish",
        obj=framework,
        after={"published": publish},
    )
    return framework

"""Business verbs of the index. Each runs in one transaction and writes an audit event.

Claims: `start_assessment`, `set_claim`, `submit_assessment`, `reopen_assessment` (the Pemda side,
only while the framework's submission window is open). Validation: `validate_claim` (the owning
body's organizers). Methodology: `copy_framework`, `update_framework`, `update_indicator` (each
re-checks consistency and rolls back on failure). Results: `compute_framework`,
`recompute_government`, `publish_results`.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.innovation_index import queries
from inovasi.innovation_index.enums import ALLOWED_TRANSITIONS, AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.evidence import check_evidence_file
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
)
from inovasi.innovation_index.prefill import prefill_value, registry_facts
from inovasi.innovations.enums import InnovationStatus
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


def _guard_submit(assessment):
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


def _guard_not_published(assessment):
    if assessment.framework.results_published_at is not None:
        raise ValidationError(
            _("Hasil %(name)s sudah diumumkan; penilaian tidak dapat dikembalikan.")
            % {"name": assessment.framework.name}
        )


def _guard_all_decided(assessment):
    pending = IndexClaim.objects.filter(assessment=assessment, validation=ClaimValidation.PENDING).count()
    if pending:
        raise ValidationError(
            _("Masih ada %(n)s klaim yang menunggu validasi.") % {"n": pending}, code="pending_claims"
        )
    if not IndexClaim.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("Penilaian ini belum berisi klaim."))


def _guard_published(assessment):
    if assessment.framework.results_published_at is None:
        raise ValidationError(_("Penilaian ditetapkan saat hasil tahun ini diumumkan."))


# Guards per (from, to): what must hold besides the move being in enums.ALLOWED_TRANSITIONS.
_GUARDS = {
    (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED): [_guard_submit],
    (AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT): [_guard_not_published],
    (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED): [_guard_all_decided],
    (AssessmentStatus.VALIDATED, AssessmentStatus.SUBMITTED): [_guard_not_published],
    (AssessmentStatus.VALIDATED, AssessmentStatus.DRAFT): [_guard_not_published],
    (AssessmentStatus.VALIDATED, AssessmentStatus.FINALIZED): [_guard_published],
    (AssessmentStatus.FINALIZED, AssessmentStatus.VALIDATED): [_guard_not_published],
}


@transaction.atomic
def transition_assessment(*, assessment: IndexAssessment, target: str, actor, reason: str = "") -> IndexAssessment:
    """The one door of the assessment state machine (draf → diajukan → divalidasi → ditetapkan).

    Locks the row, checks the move against `enums.ALLOWED_TRANSITIONS` and its guard (`_GUARDS`),
    sets the status and its timestamp (`submitted_at`, `validated_at`, `finalized_at`; a return
    clears the later ones), saves, and writes the audit event named in the table with the status
    before and after (and the reason, if given). A refused move changes and records nothing.
    """
    assessment = (
        IndexAssessment.objects.select_for_update().select_related("framework", "government").get(pk=assessment.pk)
    )
    source = AssessmentStatus(assessment.status)
    try:
        target = AssessmentStatus(target)
    except ValueError:
        raise ValidationError(_("Status penilaian tidak dikenal.")) from None
    action = ALLOWED_TRANSITIONS.get(source, {}).get(target)
    if action is None:
        raise ValidationError(
            _("Penilaian berstatus %(status)s tidak dapat diubah menjadi %(target)s.")
            % {"status": source.label, "target": target.label},
            code="illegal_move",
        )
    for guard in _GUARDS.get((source, target), []):
        guard(assessment)
    now = timezone.now()
    assessment.status = target
    if target == AssessmentStatus.SUBMITTED and source == AssessmentStatus.DRAFT:
        assessment.submitted_at = now
    if target == AssessmentStatus.VALIDATED and source == AssessmentStatus.SUBMITTED:
        assessment.validated_at = now
    if target in (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED):
        assessment.validated_at = None
    assessment.finalized_at = now if target == AssessmentStatus.FINALIZED else None
    assessment.save(update_fields=["status", "submitted_at", "validated_at", "finalized_at", "updated_at"])
    after = {"status": str(target)}
    if reason:
        after["reason"] = reason
    record_event(actor=actor, action=action, obj=assessment, before={"status": str(source)}, after=after)
    return assessment


def _settle_validation(assessment_id, *, actor) -> None:
    """A submitted assessment whose claims are all decided moves on to divalidasi."""
    if (
        IndexAssessment.objects.filter(pk=assessment_id, status=AssessmentStatus.SUBMITTED).exists()
        and not IndexClaim.objects.filter(assessment_id=assessment_id, validation=ClaimValidation.PENDING).exists()
    ):
        transition_assessment(
            assessment=IndexAssessment(pk=assessment_id), target=AssessmentStatus.VALIDATED, actor=actor
        )


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


@transaction.atomic
def bring_innovations_forward(*, assessment: IndexAssessment, innovations, actor) -> list:
    """Bring published innovations that are still running into the round's reporting years.

    The Pemda confirms (on a confirmation page) that each innovation is still running; each one
    then gets a new data year (`queries.bring_forward_year`: this year, inside the reporting years)
    through `innovations.services.start_new_year` (its earlier content is kept as that year's
    version, audited `innovation.new_year`), and one `index_assessment.bring_forward` event per
    innovation on the assessment. The registry prefill runs for them afterwards. All or nothing:
    refused while the window is closed or the assessment is not a draft, and for an innovation
    that is not the Pemda's, not published, or already inside the reporting years.
    """
    from inovasi.innovations import services as innovation_services

    assessment = IndexAssessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    framework = assessment.framework
    _require_open(framework)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian sudah diajukan; minta panitia membukanya kembali untuk mengubah klaim."))
    innovations = list(innovations)
    if not innovations:
        raise ValidationError(_("Pilih paling sedikit satu inovasi."))
    target = queries.bring_forward_year(framework)
    moved = []
    for innovation in innovations:
        if innovation.government_id != assessment.government_id:
            raise ValidationError(_("Inovasi %(name)s bukan milik Pemda ini.") % {"name": innovation.name})
        if innovation.status != InnovationStatus.PUBLISHED:
            raise ValidationError(
                _("Inovasi %(name)s belum terbit; terbitkan dahulu di registri.") % {"name": innovation.name}
            )
        if innovation.year >= framework.reporting_year_from or innovation.year >= target:
            raise ValidationError(
                _("Tahun data inovasi %(name)s (%(year)s) sudah termasuk tahun pelaporan.")
                % {"name": innovation.name, "year": innovation.year}
            )
        old_year = innovation.year
        try:
            innovation_services.start_new_year(innovation=innovation, year=target, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                _("Inovasi %(name)s tidak dapat dibawa: %(reason)s")
                % {"name": innovation.name, "reason": " ".join(exc.messages)}
            ) from exc
        record_event(
            actor=actor,
            action="index_assessment.bring_forward",
            obj=assessment,
            before={"innovation": innovation.pk, "year": old_year},
            after={"innovation": innovation.pk, "year": target, "confirmed_running": True},
        )
        moved.append(innovation)
    prefill_claims(assessment)
    return moved


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
    if assessment.status != AssessmentStatus.DRAFT and assessment.submitted_at:
        raise ValidationError(
            _("Penilaian ini sudah diajukan pada %(when)s WIB.") % {"when": _wib(assessment.submitted_at)},
            code="already_done",
        )
    return transition_assessment(assessment=assessment, target=AssessmentStatus.SUBMITTED, actor=actor)


@transaction.atomic
def reopen_assessment(*, assessment: IndexAssessment, actor, reason: str = "") -> IndexAssessment:
    """Return the assessment to the Pemda (draf) for correction; refused once results are published."""
    return transition_assessment(assessment=assessment, target=AssessmentStatus.DRAFT, actor=actor, reason=reason)


@transaction.atomic
def reopen_validation(*, assessment: IndexAssessment, actor, reason: str = "") -> IndexAssessment:
    """Take a validated assessment back to diajukan (validation resumes); refused once published."""
    return transition_assessment(assessment=assessment, target=AssessmentStatus.SUBMITTED, actor=actor, reason=reason)


@dataclass
class ClaimEntry:
    """One indicator's input on the innovation page: the chosen option id (raw), upload, link, version."""

    indicator: IndexIndicator
    option_raw: str | None
    upload: object = None
    url: str = ""
    version: int | None = None


def save_innovation_claims(*, assessment: IndexAssessment, innovation, entries: list, actor) -> dict:
    """Save one innovation's indicator claims together: all or nothing.

    Entries without an option, or equal to the saved claim, are skipped. Each change goes through
    `set_claim` (window, draft, option, evidence and stale checks; audited). Returns
    {indicator id: error messages}; when it is not empty nothing was saved, and every stale refusal
    among the errors is audited after the rollback (`index_claim.stale_refused`). The refusals are
    returned too, as `StaleClaim` objects under the key "stale" → {indicator id: StaleClaim}.
    """
    framework = assessment.framework
    existing = {c.indicator_id: c for c in IndexClaim.objects.filter(assessment=assessment, innovation=innovation)}
    errors: dict = {}
    stale: dict = {}
    try:
        with transaction.atomic():
            for entry in entries:
                indicator, raw = entry.indicator, entry.option_raw
                if not raw:
                    continue
                current = existing.get(indicator.pk)
                if (
                    current
                    and str(current.option_id) == str(raw)
                    and not entry.upload
                    and entry.url == current.evidence_url
                ):
                    continue
                try:
                    option = IndexParameterOption.objects.select_related("indicator").get(
                        pk=int(raw), indicator__framework=framework
                    )
                except (TypeError, ValueError, IndexParameterOption.DoesNotExist):
                    errors[indicator.pk] = [
                        _("Parameter ini tidak tersedia untuk indikator %(number)s.") % {"number": indicator.number}
                    ]
                    continue
                try:
                    set_claim(
                        assessment=assessment,
                        indicator=indicator,
                        option=option,
                        innovation=innovation,
                        evidence_file=entry.upload,
                        evidence_url=entry.url,
                        version=entry.version,
                        actor=actor,
                    )
                except StaleClaim as exc:
                    errors[indicator.pk] = exc.messages
                    stale[indicator.pk] = exc
                except ValidationError as exc:
                    errors[indicator.pk] = exc.messages
            if errors:
                raise _Rollback
    except _Rollback:
        for refusal in stale.values():  # the rollback also dropped their audit events
            audit_stale_refusal(refusal, actor=actor)
    return {"errors": errors, "stale": stale}


class _Rollback(Exception):
    pass


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
    claim = IndexClaim.objects.select_for_update().select_related("indicator", "option", "assessment").get(pk=claim.pk)
    if claim.assessment.status == AssessmentStatus.FINALIZED:
        raise ValidationError(
            _("Penilaian ini sudah ditetapkan bersama hasil yang diumumkan; putusan tidak dapat diubah.")
        )
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
    _settle_validation(claim.assessment_id, actor=actor)
    return claim


def has_evidence_q():
    """Claims with an evidence file or an evidence link."""
    from django.db.models import Q

    return ~Q(evidence_file="") | ~Q(evidence_url="")


@transaction.atomic
def accept_claims(*, framework: IndexFramework, claim_ids, actor) -> dict:
    """Bulk accept: the selected pending claims that carry evidence are accepted as claimed.

    Only claims of `framework` whose assessment is submitted (diajukan) or validated are touched;
    claims without evidence, already decided, or of a draft/ditetapkan assessment are skipped and
    counted. One UPDATE for the accepted claims (validated value = claimed value, version bumped),
    then one `index_claim.validate` audit event per claim with its before and after values, then
    each touched assessment whose claims are all decided moves to divalidasi. Returns
    {"accepted": n, "skipped": n}.
    """
    ids = {int(pk) for pk in claim_ids}
    if not ids:
        raise ValidationError(_("Pilih paling sedikit satu klaim."))
    if len(ids) > 1000:
        raise ValidationError(_("Paling banyak 1.000 klaim sekaligus."))
    eligible = list(
        IndexClaim.objects.select_for_update(of=("self",))
        .filter(
            pk__in=ids,
            assessment__framework=framework,
            assessment__status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED],
            validation=ClaimValidation.PENDING,
        )
        .filter(has_evidence_q())
        .select_related("indicator")
        .only("pk", "assessment_id", "claimed_value", "indicator__number", "indicator__name")
        .order_by("pk")
    )
    now = timezone.now()
    accepted = [c.pk for c in eligible]
    for start in range(0, len(accepted), 500):
        IndexClaim.objects.filter(pk__in=accepted[start : start + 500]).update(
            validation=ClaimValidation.ACCEPTED,
            validated_option_id=F("option_id"),
            validated_value=F("claimed_value"),
            validation_reason="",
            validated_by=actor,
            validated_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
    for claim in eligible:
        record_event(
            actor=actor,
            action="index_claim.validate",
            obj=claim,
            before={"validation": ClaimValidation.PENDING.value, "validated_value": None, "validation_reason": ""},
            after={
                "validation": ClaimValidation.ACCEPTED.value,
                "validated_value": claim.claimed_value,
                "validation_reason": "",
                "bulk": True,
            },
        )
    for assessment_id in sorted({c.assessment_id for c in eligible}):
        _settle_validation(assessment_id, actor=actor)
    return {"accepted": len(accepted), "skipped": len(ids) - len(accepted)}


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
    from inovasi.innovation_index.freezing import freeze_framework

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

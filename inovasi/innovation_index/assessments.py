"""The Pemda's side of an assessment: start, prefill, bring innovations forward, claims, submit.

Each verb runs in one transaction and writes an audit event; status moves go through
`states.transition_assessment`.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.innovation_index import queries
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.evidence import check_evidence_file
from inovasi.innovation_index.models import (
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
    IndexParameterOption,
)
from inovasi.innovation_index.prefill import prefill_value, registry_facts
from inovasi.innovation_index.states import _require_open, _wib, transition_assessment
from inovasi.innovations import services as innovation_services
from inovasi.innovations.enums import InnovationStatus
from inovasi.inputs import is_web_url

CLAIM_AUDIT_FIELDS = ["option", "claimed_value", "evidence_url", "evidence_sha256", "validation"]


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
    innovation = _claimable_innovation(assessment, indicator, option, innovation)
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
    _apply_claim(claim, option, checked, evidence_file, evidence_url)
    claim.save()
    record_event(
        actor=actor, action="index_claim.set", obj=claim, before=before, after=snapshot(claim, CLAIM_AUDIT_FIELDS)
    )
    return claim


def _claimable_innovation(assessment, indicator, option, innovation):
    """Refuse a claim the locked assessment cannot take; the innovation it is about (None for a
    region indicator)."""
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
    if indicator.scope != IndicatorScope.INNOVATION:
        return None
    if (
        innovation is None
        or not queries.reported_innovations(framework, assessment.government).filter(pk=innovation.pk).exists()
    ):
        raise ValidationError(_("Inovasi ini tidak termasuk inovasi yang dilaporkan pada periode penilaian."))
    return innovation


def _apply_claim(claim, option, checked, evidence_file, evidence_url: str) -> None:
    """Set the option and the evidence; a changed option or evidence sends the claim back to pending."""
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

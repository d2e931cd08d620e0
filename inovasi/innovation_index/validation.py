"""The validators' side: verdicts on claims (one by one or in bulk)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.innovation_index.assessments import _claim_state, _stale_audited, _stale_claim
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.models import (
    IndexClaim,
    IndexFramework,
)
from inovasi.innovation_index.states import _settle_validation


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

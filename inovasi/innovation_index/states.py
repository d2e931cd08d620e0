"""The assessment state machine's one door (draf → diajukan → divalidasi → ditetapkan).

The table of allowed moves is `enums.ALLOWED_TRANSITIONS` ({from: {to: audit action}}, registered as
`ASSESSMENT_MACHINE`); the guards per move are `_GUARDS` here; `transition_assessment` locks, checks, saves and audits.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.audit.transitions import transition
from inovasi.innovation_index.enums import ASSESSMENT_MACHINE, AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.models import (
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    IndexIndicator,
)


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


def _wib(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")


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

    Through the shared door (`inovasi.audit.transitions.transition`): locks the row, checks the move
    against `enums.ASSESSMENT_MACHINE` and its guard (`_GUARDS`), sets the status and its timestamp
    (`submitted_at`, `validated_at`, `finalized_at`; a return clears the later ones), saves, and
    writes the audit event named in the table with the status before and after (and the reason).
    A refused move changes and records nothing.
    """
    assessment = (
        IndexAssessment.objects.select_for_update().select_related("framework", "government").get(pk=assessment.pk)
    )
    source = AssessmentStatus(assessment.status)
    try:
        target = AssessmentStatus(target)
    except ValueError:
        raise ValidationError(_("Status penilaian tidak dikenal.")) from None
    now = timezone.now()
    changes = {"finalized_at": now if target == AssessmentStatus.FINALIZED else None}
    if target == AssessmentStatus.SUBMITTED and source == AssessmentStatus.DRAFT:
        changes["submitted_at"] = now
    if target == AssessmentStatus.VALIDATED and source == AssessmentStatus.SUBMITTED:
        changes["validated_at"] = now
    if target in (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED):
        changes["validated_at"] = None

    def guards(current, to):
        for guard in _GUARDS.get((AssessmentStatus(current), AssessmentStatus(to)), []):
            guard(assessment)

    transition(
        assessment,  # the shared door: lock, check, save, audit
        target,
        machine=ASSESSMENT_MACHINE,
        actor=actor,
        changes=changes,
        after={"reason": reason} if reason else None,
        check=guards,
    )
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

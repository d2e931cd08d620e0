"""The validators' side: who validates which Pemda, each validator's queue, verdicts, progress.

Assignment: `assign_validators` (one Pemda or many, e.g. a whole province; audited per Pemda),
`suggest_assignments` (a balanced proposal the organizer confirms). Queue: `queue_claims` (the
claims a user may decide, filtered). Verdicts: `validate_claim` (one claim: accept, adjust,
reject with a reason), `accept_claims` (bulk accept of selected claims with evidence). Progress:
`validator_progress`, `pemda_progress`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.services import record_event, record_events, snapshot
from inovasi.innovation_index.assessments import _claim_state, _stale_audited, _stale_claim
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.models import (
    IndexAssessment,
    IndexClaim,
    IndexFramework,
    ValidatorAssignment,
)
from inovasi.innovation_index.rules import assigned_governments
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
    return ~Q(evidence_file="") | ~Q(evidence_url="")


@transaction.atomic
def accept_claims(*, framework: IndexFramework, claim_ids, actor) -> dict:
    """Bulk accept: the selected pending claims that carry evidence are accepted as claimed.

    Only claims the actor may decide (`scope_of`: every Pemda for the round's organizers, the
    assigned Pemda for a validator) of `framework` whose assessment is submitted (diajukan) or validated are touched;
    claims without evidence, already decided, or of a draft/ditetapkan assessment are skipped and
    counted. One UPDATE for the accepted claims (validated value = claimed value, version bumped),
    then one `index_claim.validate` audit event per claim with its before and after values, then
    each touched assessment whose claims are all decided moves to divalidasi. Returns
    {"accepted": n, "skipped": n}.
    """
    ids = {int(pk) for pk in claim_ids}
    mine = scope_of(actor, framework)
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
        .filter(**({} if mine is None else {"assessment__government_id__in": mine}))
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
    record_events(
        actor=actor,
        action="index_claim.validate",
        entries=(
            (
                claim,
                {"validation": ClaimValidation.PENDING.value, "validated_value": None, "validation_reason": ""},
                {
                    "validation": ClaimValidation.ACCEPTED.value,
                    "validated_value": claim.claimed_value,
                    "validation_reason": "",
                    "bulk": True,
                },
            )
            for claim in eligible
        ),
    )
    for assessment_id in sorted({c.assessment_id for c in eligible}):
        _settle_validation(assessment_id, actor=actor)
    return {"accepted": len(accepted), "skipped": len(ids) - len(accepted)}


# --- Who validates which Pemda -----------------------------------------------------------------

# The reasons a validator picks most often (a typed reason is always allowed too).
REJECTION_REASONS = [
    _l("Bukti tidak dapat dibuka."),
    _l("Bukti tidak sesuai dengan parameter yang diklaim."),
    _l("Bukti tidak mencantumkan tahun pelaporan."),
    _l("Bukti belum ditandatangani atau disahkan."),
    _l("Bukti milik inovasi atau Pemda lain."),
    _l("Bukti hanya mendukung parameter yang lebih rendah."),
]


def scope_of(user, framework) -> set[int] | None:
    """The Pemda whose claims `user` may decide in `framework`: None = all (the round's organizers,
    system admins), else the assigned Pemda (empty for anyone else)."""
    if user is None or user.has_perm("innovation_index.manage_framework", framework):
        return None
    if not user.has_perm("innovation_index.use_validation_desk", framework):
        return set()
    return set(assigned_governments(user, framework))


def eligible_validators(framework: IndexFramework) -> list:
    """Active panitia and verifikator members of the round's organizer body, by name."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().filter(
                organizer_body_id=framework.organizer_body_id, role__in=[Role.ORGANIZER, Role.VERIFIER]
            ),
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def assign_validators(*, framework: IndexFramework, governments, validator, actor) -> dict:
    """Assign each of `governments` to `validator` (None: take the assignment away).

    Refused for a user who is not an active panitia or verifikator of the round's body, and once the
    results are published. Pemda already assigned to that validator are left as they are. One
    `index_validator.assign` audit event per changed Pemda with the validator before and after.
    Returns {"assigned": n, "unchanged": n}.
    """
    framework = IndexFramework.objects.select_for_update().get(pk=framework.pk)
    if framework.results_published_at is not None:
        raise ValidationError(_("Hasil tahun ini sudah diumumkan; penugasan validator tidak dapat diubah."))
    if validator is not None and validator.pk not in {u.pk for u in eligible_validators(framework)}:
        raise ValidationError(
            _("%(name)s bukan panitia atau verifikator aktif %(body)s.")
            % {"name": validator, "body": framework.organizer_body}
        )
    government_ids = sorted({g if isinstance(g, int) else g.pk for g in governments})
    if not government_ids:
        raise ValidationError(_("Pilih paling sedikit satu Pemda."))
    current = dict(
        ValidatorAssignment.objects.select_for_update()
        .filter(framework=framework, government_id__in=government_ids)
        .values_list("government_id", "validator_id")
    )
    target = validator.pk if validator is not None else None
    changed = [g for g in government_ids if current.get(g) != target]
    now = timezone.now()
    if validator is None:
        ValidatorAssignment.objects.filter(framework=framework, government_id__in=changed).delete()
    else:
        ValidatorAssignment.objects.filter(framework=framework, government_id__in=changed).update(
            validator=validator, assigned_by=actor, assigned_at=now
        )
        ValidatorAssignment.objects.bulk_create(
            [
                ValidatorAssignment(
                    framework=framework, government_id=g, validator=validator, assigned_by=actor, assigned_at=now
                )
                for g in changed
                if g not in current
            ]
        )
    for government_id in changed:
        record_event(
            actor=actor,
            action="index_validator.assign",
            obj=framework,
            before={"government": government_id, "validator": current.get(government_id)},
            after={"government": government_id, "validator": target},
        )
    return {"assigned": len(changed), "unchanged": len(government_ids) - len(changed)}


def province_governments(framework: IndexFramework, province_code: str) -> list[int]:
    """The Pemda of one province (the province itself and its kabupaten/kota) that have an assessment."""
    code = (province_code or "").strip()
    if not code.isdigit() or len(code) != 2:
        return []
    return list(
        IndexAssessment.objects.filter(framework=framework)
        .filter(Q(government__region__code=code) | Q(government__region__code__startswith=f"{code}."))
        .values_list("government_id", flat=True)
    )


def suggest_assignments(framework: IndexFramework, validators: list) -> list[tuple[int, int, int]]:
    """A balanced proposal for the Pemda with an assessment but no validator yet.

    Largest first, each Pemda goes to the validator with the fewest claims so far (counting what
    they already hold), so every validator ends with about the same number of claims to check.
    Returns [(government id, validator id, claims)]; nothing is saved (the organizer confirms).
    """
    if not validators:
        return []
    load = {v.pk: 0 for v in validators}
    claims_of = dict(
        IndexAssessment.objects.filter(framework=framework)
        .annotate(n=Count("claims"))
        .values_list("government_id", "n")
    )
    assigned = dict(
        ValidatorAssignment.objects.filter(framework=framework).values_list("government_id", "validator_id")
    )
    for government_id, validator_id in assigned.items():
        if validator_id in load:
            load[validator_id] += claims_of.get(government_id, 0)
    open_pemda = sorted(
        ((g, n) for g, n in claims_of.items() if g not in assigned), key=lambda item: (-item[1], item[0])
    )
    plan = []
    for government_id, n in open_pemda:
        validator_id = min(load, key=lambda pk: (load[pk], pk))
        load[validator_id] += n
        plan.append((government_id, validator_id, n))
    return plan


# --- Queue and progress ------------------------------------------------------------------------


HANDED_IN = [AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED, AssessmentStatus.FINALIZED]
QUEUE_ORDER = ("assessment_id", "indicator_id", "innovation_id", "pk")


def queue_assessments(framework: IndexFramework, user) -> list[int]:
    """The handed-in assessments of `framework` whose claims `user` may decide (ids)."""
    assessments = IndexAssessment.objects.filter(framework=framework, status__in=HANDED_IN)
    mine = scope_of(user, framework)
    if mine is not None:
        assessments = assessments.filter(government_id__in=mine)
    return list(assessments.values_list("pk", flat=True))


def queue_claims(framework: IndexFramework, user, *, pemda=None, indicator=None, status="pending", evidence=""):
    """The claims `user` may decide in `framework`, filtered (handed-in assessments only); order
    them by `QUEUE_ORDER` (Pemda, indicator, innovation), which an index serves."""
    claims = IndexClaim.objects.filter(assessment_id__in=queue_assessments(framework, user))
    if pemda:
        claims = claims.filter(assessment__government_id=pemda)
    if indicator:
        claims = claims.filter(indicator__number=indicator)
    if status and status != "semua":
        claims = claims.filter(validation=status)
    if evidence == "ada":
        claims = claims.filter(has_evidence_q())
    elif evidence == "tidak":
        claims = claims.exclude(has_evidence_q())
    return claims


def queue_page(claims, number, *, per_page: int = 50, counts: dict | None = None):
    """One page of a queue (`queue_claims`) in `QUEUE_ORDER`, cheap at national size.

    The claims per assessment are counted first (`counts`, {assessment id: claims}, may be given
    by the caller who already has them); the page then reads only the one or two assessments it
    covers, walking the ordering index instead of sorting every pending claim of the validator.
    Returns a Django `Page` (bad page numbers fall back as `Paginator.get_page` does).
    """
    if counts is None:
        counts = dict(
            claims.order_by().values_list("assessment_id").annotate(n=Count("pk")).values_list("assessment_id", "n")
        )
    total = sum(counts.values())
    page = Paginator(range(total), per_page).get_page(number)
    skip, chosen, covered = (page.start_index() - 1 if total else 0), [], 0
    offset = None
    for assessment_id in sorted(counts):
        n = counts[assessment_id]
        if not n:
            continue
        if offset is None:
            if skip >= n:
                skip -= n
                continue
            offset = skip
            covered = n - skip
            chosen.append(assessment_id)
        elif covered < per_page:
            chosen.append(assessment_id)
            covered += n
        else:
            break
    rows = []
    if chosen:
        # The page's ids from the claim table alone (in index order), then those rows with their
        # relations: the planner never joins every claim of an assessment before cutting the page.
        ids = list(
            claims.filter(assessment_id__in=chosen)
            .order_by(*QUEUE_ORDER)
            .values_list("pk", flat=True)[offset : offset + per_page]
        )
        rows = sorted(claims.filter(pk__in=ids), key=lambda c: ids.index(c.pk))
    page.object_list = rows
    return page


def _progress(rows) -> dict:
    total = rows.get("total") or 0
    decided = total - (rows.get("pending") or 0)
    return {**rows, "decided": decided, "percent": round(100 * decided / total) if total else 0}


def pemda_progress(framework: IndexFramework, user=None) -> list[dict]:
    """Per assessment (those `user` may decide, if given): its validator, claims, decided, pending."""
    assessments = IndexAssessment.objects.filter(framework=framework)
    mine = scope_of(user, framework) if user is not None else None
    if mine is not None:
        assessments = assessments.filter(government_id__in=mine)
    validators = dict(
        ValidatorAssignment.objects.filter(framework=framework).values_list("government_id", "validator__full_name")
    )
    rows = list(
        assessments.order_by("government__region__code").values(
            "pk", "government_id", "government__name", "government__region__code", "status"
        )
    )
    counts: dict = {}
    verdicts = (
        IndexClaim.objects.filter(assessment_id__in=[r["pk"] for r in rows])
        .values_list("assessment_id", "validation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for assessment_id, verdict, n in verdicts:
        total, pending = counts.get(assessment_id, (0, 0))
        counts[assessment_id] = (total + n, pending + (n if verdict == ClaimValidation.PENDING else 0))
    out = []
    for row in rows:
        total, pending = counts.get(row["pk"], (0, 0))
        out.append(
            {
                **_progress({**row, "total": total, "pending": pending}),
                "validator": validators.get(row["government_id"], ""),
                "status_label": AssessmentStatus(row["status"]).label,
            }
        )
    return out


def validator_progress(framework: IndexFramework) -> list[dict]:
    """Per eligible validator: Pemda assigned, claims handed in, decided, pending (and the unassigned)."""
    per_pemda = {row["government_id"]: row for row in pemda_progress(framework)}
    assignments = dict(
        ValidatorAssignment.objects.filter(framework=framework).values_list("government_id", "validator_id")
    )
    out = []
    for validator in [*eligible_validators(framework), None]:
        pk = validator.pk if validator else None
        mine = [row for g, row in per_pemda.items() if assignments.get(g) == pk]
        if validator is None and not mine:
            continue
        handed_in = [r for r in mine if r["status"] != AssessmentStatus.DRAFT]
        totals = {
            "total": sum(r["total"] for r in handed_in),
            "pending": sum(r["pending"] for r in handed_in),
        }
        out.append({"validator": validator, "pemda": len(mine), **_progress(totals)})
    return out

"""Which submitted scores count: the juror rule and the conflict rule, evaluated again at aggregation.

A submitted scorecard counts only if, at the moment the stage's scores are aggregated, its juror
still passes the juror rule for the stage's body (`rules.may_judge`: an active Juri membership of
that body) and holds no unwaived conflict with the proposal (`conflicts.blocked_pairs`: home
Government/Agency, Admin Pemda or operator memberships, named people, declared). A conflict that
appears after scoring (the organizer sets the juror's home region, the juror becomes Admin Pemda of
the proposer, the juror is named on the innovation) therefore leaves the score out of the ranking;
the desk lists it ("Nilai dikecualikan: …") until the organizer waives the conflict with a reason
(`services.waive_conflict`). Both moments are audited with before/after values: the exclusion when
it is first seen (`scorecard.exclude`, actor empty: the system found it), the return into the
ranking when waived (`scorecard.include`, the organizer).

`screen` returns the counted cards for `aggregation.score_stage` and, as plain JSON-ready dicts for
the desk and the minutes, the excluded scores and the waivers that let a score count.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.audit.services import record_event
from inovasi.judging import conflicts
from inovasi.judging.models import Conflict, Juror, Scorecard, ScorecardState

WIB = ZoneInfo("Asia/Jakarta")
EXCLUDE, INCLUDE = "scorecard.exclude", "scorecard.include"
KIND_CONFLICT, KIND_NOT_JUROR = "conflict", "not_juror"


@dataclass
class Screening:
    counted: list = field(default_factory=list)  # (proposal id, juror id, values) for aggregation
    excluded: list = field(default_factory=list)  # dicts, see `screen`
    waivers: list = field(default_factory=list)  # dicts, see `screen`


def _person(user) -> str:
    return (user.full_name or user.email) if user else ""


def _wib(moment) -> str | None:
    return moment.astimezone(WIB).isoformat() if moment else None


def screen(stage, proposals: dict) -> Screening:
    """Split the stage's submitted scorecards of `proposals` (id → Proposal) into counted and excluded.

    `excluded`: {"scorecard_id", "juror", "juror_id", "proposal_id", "title", "kind" ("conflict" or
    "not_juror"), "reason"}; `waivers`: {"juror", "juror_id", "proposal_id", "title", "reason",
    "waiver_reason", "waived_by", "waived_at" (ISO, WIB)} for every waived conflict behind a counted
    score. A fixed number of queries whatever the number of cards.
    """
    cards = [
        c
        for c in Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED)
        .order_by("proposal_id", "juror_id")
        .values_list("pk", "proposal_id", "juror_id", "values")
        if c[1] in proposals
    ]
    result = Screening()
    if not cards:
        return result
    body_id = stage.edition.competition.body_id
    jurors = {j.pk: j for j in Juror.objects.filter(pk__in={c[2] for c in cards})}
    role_holders = set(
        Membership.objects.active()
        .filter(
            role=Role.JUROR,
            organizer_body_id=body_id,
            user__is_active=True,
            user_id__in={j.user_id for j in jurors.values()},
        )
        .values_list("user_id", flat=True)
    )
    scored = {proposals[c[1]] for c in cards}
    blocked = conflicts.blocked_pairs(jurors.values(), scored)
    for pk, proposal_id, juror_id, values in cards:
        juror = jurors[juror_id]
        if juror.body_id != body_id or juror.user_id not in role_holders:
            kind, reason = KIND_NOT_JUROR, _("Juri tidak memegang peran juri aktif pada penyelenggara ini.")
        elif (juror_id, proposal_id) in blocked:
            kind, reason = KIND_CONFLICT, blocked[(juror_id, proposal_id)]
        else:
            result.counted.append((proposal_id, juror_id, values))
            continue
        result.excluded.append(
            {
                "scorecard_id": pk,
                "juror": juror.name,
                "juror_id": juror_id,
                "proposal_id": proposal_id,
                "title": proposals[proposal_id].title,
                "kind": kind,
                "reason": reason,
            }
        )
    counted_pairs = {(j, p) for p, j, _v in result.counted}
    waived = (
        Conflict.objects.filter(
            juror_id__in={j for j, _p in counted_pairs},
            proposal_id__in={p for _j, p in counted_pairs},
            waived_at__isnull=False,
        )
        .select_related("waived_by")
        .order_by("proposal_id", "juror_id", "pk")
    )
    for conflict in waived:
        if (conflict.juror_id, conflict.proposal_id) in counted_pairs:
            result.waivers.append(
                {
                    "juror": jurors[conflict.juror_id].name,
                    "juror_id": conflict.juror_id,
                    "proposal_id": conflict.proposal_id,
                    "title": proposals[conflict.proposal_id].title,
                    "reason": conflict.reason,
                    "waiver_reason": conflict.waived_reason,
                    "waived_by": _person(conflict.waived_by),
                    "waived_at": _wib(conflict.waived_at),
                }
            )
    return result


def _last_verdicts(card_ids) -> dict[str, AuditEvent]:
    """Scorecard id (as text) → its latest exclude/include audit event."""
    latest = {}
    events = AuditEvent.objects.filter(
        object_type=Scorecard._meta.label_lower,
        object_id__in=[str(pk) for pk in card_ids],
        action__in=(EXCLUDE, INCLUDE),
    ).order_by("pk")
    for event in events.only("object_id", "action", "after"):
        latest[event.object_id] = event
    return latest


def audit_exclusions(excluded: list) -> int:
    """Write `scorecard.exclude` (before: counted; after: excluded with the reason) for every
    excluded score not already recorded as excluded for the same reason. Costs no query when
    nothing is excluded. Returns how many events were written."""
    if not excluded:
        return 0
    latest = _last_verdicts([item["scorecard_id"] for item in excluded])
    fresh = [
        item
        for item in excluded
        if not (
            (event := latest.get(str(item["scorecard_id"])))
            and event.action == EXCLUDE
            and (event.after or {}).get("reason") == item["reason"]
        )
    ]
    cards = Scorecard.objects.in_bulk([item["scorecard_id"] for item in fresh])
    for item in fresh:
        record_event(
            actor=None,
            action=EXCLUDE,
            obj=cards[item["scorecard_id"]],
            before={"counted": True},
            after={"counted": False, "kind": item["kind"], "reason": item["reason"]},
        )
    return len(fresh)


def audit_inclusions(*, juror, proposal, waiver_reason: str, actor) -> int:
    """After a waiver: `scorecard.include` for every submitted score of the pair that was excluded."""
    cards = list(
        Scorecard.objects.filter(juror=juror, proposal=proposal, state=ScorecardState.SUBMITTED).select_related("juror")
    )
    latest = _last_verdicts([c.pk for c in cards])
    written = 0
    for card in cards:
        event = latest.get(str(card.pk))
        if event is None or event.action != EXCLUDE:
            continue
        record_event(
            actor=actor,
            action=INCLUDE,
            obj=card,
            before={"counted": False, "reason": (event.after or {}).get("reason")},
            after={"counted": True, "waiver_reason": waiver_reason},
        )
        written += 1
    return written

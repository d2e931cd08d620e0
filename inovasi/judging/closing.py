"""Closing a scored stage: ranking with the advancement rule, frozen hash, minutes PDF, shortlist.

`preview` computes everything without writing; readers never call it directly but go through
`ranking.stage_ranking`, which returns the frozen record once the stage is closed. `close_stage`
(organizer confirms, after the pre-check of `precheck.before_close`) freezes the
ranking as canonical JSON with its SHA-256 and writes the minutes ("berita acara") as PDF; while
frozen, assignments and scores are locked. `reopen_stage` needs a reason and is audited; it is
possible until the shortlist is published. `publish` hands the advancing proposals, in rank
order, to `competitions.shortlists.publish_shortlist` and fills each result's score and rank.
"""

import hashlib
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions import shortlists
from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Stage, StageResult
from inovasi.judging import aggregation, integrity, minutes, replacements
from inovasi.judging.models import StageClosure
from inovasi.judging.stages import candidates, is_frozen, settings_for

WIB = ZoneInfo("Asia/Jakarta")
# What else shapes a final decision's scores before ranking, registered by the apps above judging
# (verification adds its gate or weight in `VerificationConfig.ready`): each takes (stage, rows) and
# returns the rows. Judging imports none of them.
FINAL_DECISION_ADJUSTERS: list = []


@dataclass
class Outcome:
    rows: list
    proposals: dict
    advancing: list = field(default_factory=list)  # proposal ids in rank order
    tie_at_cut: list = field(default_factory=list)  # proposal ids tied across the cut
    skipped_by_quota: list = field(default_factory=list)
    # Scores left out / let in at aggregation, and replacement jurors (dicts, `integrity.screen`
    # and `replacements.recorded`), for the desk and the minutes.
    excluded: list = field(default_factory=list)
    waivers: list = field(default_factory=list)
    replacements: list = field(default_factory=list)


def preview(stage) -> Outcome:
    judging = settings_for(stage)
    criteria = list(stage.criteria.all())
    # Not the submission snapshots: 5,000 JSON documents nobody reads while ranking.
    running = candidates(stage).select_related("group", "category", "government__region")
    proposals = {p.pk: p for p in running.defer("snapshot", "check_failures")}
    # Only scores whose juror is, right now, a juror of the body without an unwaived conflict count.
    screening = integrity.screen(stage, proposals)
    integrity.audit_exclusions(screening.excluded)
    rows = aggregation.score_stage(stage, judging, criteria, proposals.values(), cards=screening.counted)
    if stage.kind == StageKind.FINAL_DECISION:
        for adjust in FINAL_DECISION_ADJUSTERS:  # e.g. field verification's gate or weight
            rows = adjust(stage, rows)
    submitted_at = {pk: p.submitted_at for pk, p in proposals.items()}
    rows = aggregation.rank_rows(rows, list(judging.tie_breaks or []), submitted_at)
    outcome = Outcome(rows=rows, proposals=proposals, excluded=screening.excluded, waivers=screening.waivers)
    outcome.replacements = replacements.recorded(stage)
    eligible = [r for r in rows if r.score is not None]
    if stage.passing_score is not None:
        eligible = [r for r in eligible if r.score >= float(stage.passing_score)]
    taken: dict[tuple, int] = {}
    chosen = []
    for row in eligible:
        if stage.top_n and len(chosen) >= stage.top_n:
            break
        proposal = proposals[row.proposal_id]
        buckets = _quota_buckets(stage, proposal)
        if any(taken.get(b, 0) >= count for b, count in buckets):
            outcome.skipped_by_quota.append(row.proposal_id)
            continue
        for b, _count in buckets:
            taken[b] = taken.get(b, 0) + 1
        chosen.append(row)
    outcome.advancing = [r.proposal_id for r in chosen]
    if stage.top_n and len(chosen) == stage.top_n:
        last = chosen[-1]
        rest = [r for r in eligible if r not in chosen and r.proposal_id not in outcome.skipped_by_quota]
        tied = [r.proposal_id for r in rest if r.key == last.key]
        if tied:
            outcome.tie_at_cut = [r.proposal_id for r in chosen if r.key == last.key] + tied
    return outcome


def _quota_buckets(stage, proposal):
    buckets = []
    for quota in stage.quotas or []:
        for field_name in ("group", "category", "province", "region_level"):
            if field_name in quota and shortlists._quota_key(proposal, field_name) == quota[field_name]:
                buckets.append(((field_name, quota[field_name]), quota["count"]))
    return buckets


def canonical_ranking(stage, outcome: Outcome, closed_at) -> dict:
    """Everything a reader of the closed stage shows, frozen: the ranking with its per-criterion and
    per-juror breakdown, the method, the jury and who scored, exclusions and waivers, and why each
    proposal just below the cut did not advance. The minutes are drawn from this alone."""
    judging = settings_for(stage)
    advancing = set(outcome.advancing)
    return {
        "edition": stage.edition.name,
        "stage": stage.name,
        "stage_id": stage.pk,
        "closed_at": closed_at.astimezone(WIB).isoformat(),
        "aggregation": judging.aggregation,
        "tie_breaks": list(judging.tie_breaks or []),
        **minutes.frozen_context(stage, judging, outcome),
        "ranking": [
            {
                "rank": r.rank,
                "proposal": r.proposal_id,
                "title": outcome.proposals[r.proposal_id].title,
                "government": outcome.proposals[r.proposal_id].government.name,
                "score": None if r.score is None else round(r.score, 2),
                "advances": r.proposal_id in advancing,
                "criteria": {code: round(value, 2) for code, value in sorted(r.criteria.items())},
                "totals": {str(juror): round(total, 2) for juror, total in sorted(r.totals.items())},
            }
            for r in outcome.rows
        ],
    }


def content_hash(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def minutes_pdf(data: dict, digest: str) -> bytes:
    """The minutes (berita acara) as a sealed PDF; see `inovasi.judging.minutes`."""
    return minutes.render(data, digest)


@transaction.atomic
def close_stage(*, stage, actor, confirm: bool) -> StageClosure:
    stage = Stage.objects.select_for_update().select_related("edition").get(pk=stage.pk)
    if not confirm:
        raise ValidationError(_("Centang konfirmasi untuk menetapkan hasil tahap ini."))
    if is_frozen(stage):
        raise ValidationError(_("Tahap ini sudah ditutup."))
    outcome = preview(stage)
    if outcome.tie_at_cut:
        titles = ", ".join(outcome.proposals[pk].title for pk in outcome.tie_at_cut)
        raise ValidationError(
            _("Masih ada nilai seri di batas lolos: %(titles)s. Tambahkan pemecah nilai seri sebelum menetapkan.")
            % {"titles": titles}
        )
    if not outcome.advancing:
        raise ValidationError(_("Belum ada proposal bernilai yang dapat ditetapkan."))
    now = timezone.now()
    data = canonical_ranking(stage, outcome, now)
    digest = content_hash(data)
    closure = StageClosure(stage=stage, ranking=data, sha256=digest, closed_by=actor, closed_at=now)
    closure.minutes.save(
        f"berita-acara-{stage.pk}-{digest[:12]}.pdf", ContentFile(minutes_pdf(data, digest)), save=False
    )
    closure.save()
    record_event(actor=actor, action="stage.close", obj=stage, after={"sha256": digest})
    return closure


def current_closure(stage) -> StageClosure | None:
    return stage.closures.filter(reopened_at__isnull=True).first()


@transaction.atomic
def reopen_stage(*, stage, reason: str, actor) -> StageClosure:
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    closure = current_closure(stage)
    if closure is None:
        raise ValidationError(_("Tahap ini belum ditutup."))
    if stage.results_published_at:
        raise ValidationError(_("Daftar tahap ini sudah diumumkan; tahap tidak dapat dibuka kembali."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali (minimal 10 karakter).")})
    closure.reopened_at, closure.reopen_reason = timezone.now(), reason
    closure.save(update_fields=["reopened_at", "reopen_reason"])
    record_event(actor=actor, action="stage.reopen", obj=stage, after={"reason": reason, "sha256": closure.sha256})
    return closure


@transaction.atomic
def publish(*, stage, actor) -> list[StageResult]:
    """Publish the frozen ranking's advancing proposals as the stage's shortlist."""
    closure = current_closure(stage)
    if closure is None:
        raise ValidationError(_("Tetapkan (tutup) tahap ini sebelum mengumumkan daftarnya."))
    from inovasi.judging.ranking import RankingIntegrityError, verify  # inline: ranking imports this module (cycle)

    try:
        verify(closure)  # never publish a stored ranking that no longer matches its hash
    except RankingIntegrityError as exc:
        raise ValidationError(exc.message) from exc
    advancing = [item for item in closure.ranking["ranking"] if item["advances"]]
    proposals = {p.pk: p for p in candidates(stage).filter(pk__in=[i["proposal"] for i in advancing])}
    results = shortlists.publish_shortlist(
        stage=stage, proposals=[proposals[i["proposal"]] for i in advancing], actor=actor, eliminate_others=True
    )
    by_proposal = {i["proposal"]: i for i in advancing}
    for result in results:
        item = by_proposal[result.proposal_id]
        result.rank, result.score = item["rank"], item["score"]
        result.save(update_fields=["rank", "score"])
    return results

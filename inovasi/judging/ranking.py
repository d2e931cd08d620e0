"""The one reader of a stage's ranking: frozen once closed, live only while open.

`stage_ranking(stage)` is what every screen, export, API response and public page reads. For a
closed stage it returns the frozen `StageClosure.ranking` after checking its SHA-256 against the
stored digest; a mismatch raises `RankingIntegrityError` ("Integritas data rusak"), shown as such by
every reader and never silently replaced by a recomputation. While the stage is open it returns
`closing.preview(stage)` in the same shape. Publishing, eliminating proposals, changing a score,
a title or a setting after closing therefore changes nothing a reader shows.

The live preview is computed once per change: `judging.versions.cached` keys it on the stage's
ranking version, which every score save, setting, waiver, replacement, conflict and change to what a
conflict is computed from bumps. A cached ranking carries the preview's summary (`Summary`: the
advancing, the ties, the exclusions, waivers and replacements) but not its Proposal objects. The
frozen record of a closed stage is never cached: it is read and hash-checked every time.
"""

import dataclasses
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from inovasi.competitions.models import Proposal
from inovasi.judging import closing, versions
from inovasi.judging.models import Juror


class RankingIntegrityError(Exception):
    """The stored ranking no longer matches its SHA-256: shown as an integrity error, never hidden."""

    def __init__(self, stage, closure):
        self.stage, self.closure = stage, closure
        super().__init__(
            _(
                "Integritas data rusak: peringkat tersimpan tahap “%(stage)s” tidak cocok dengan sidik "
                "SHA-256-nya (%(digest)s). Peringkat tidak ditampilkan; hubungi admin sistem."
            )
            % {"stage": stage.name, "digest": closure.sha256[:12]}
        )

    @property
    def message(self) -> str:
        return str(self)


@dataclass
class RankedRow:
    rank: int | None
    proposal_id: int
    title: str
    government: str
    score: float | None
    advances: bool
    tied: bool = False
    criteria: dict = field(default_factory=dict)  # criterion code → mean value
    totals: dict = field(default_factory=dict)  # juror id → weighted total


@dataclass
class StageRanking:
    stage: object
    frozen: bool
    rows: list[RankedRow]
    jurors: dict  # juror id → name, for the per-juror columns
    closure: object = None
    outcome: object = None  # the live preview while open (for warnings such as ties)

    @property
    def advancing(self) -> list[int]:
        return [r.proposal_id for r in self.rows if r.advances]

    @property
    def tie_at_cut(self) -> list[int]:
        return [r.proposal_id for r in self.rows if r.tied]


@dataclass
class Summary:
    """What the desk reads from a live preview besides its rows (the `closing.Outcome` fields
    without its Proposal objects), small enough to cache."""

    advancing: list = field(default_factory=list)
    tie_at_cut: list = field(default_factory=list)
    skipped_by_quota: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    waivers: list = field(default_factory=list)
    replacements: list = field(default_factory=list)


def verify(closure) -> None:
    """Raise `RankingIntegrityError` unless the stored ranking still hashes to its digest."""
    if closing.content_hash(closure.ranking) != closure.sha256:
        raise RankingIntegrityError(closure.stage, closure)


def frozen_ranking(stage, closure) -> StageRanking:
    verify(closure)
    data = closure.ranking
    missing_breakdown = [i["proposal"] for i in data["ranking"] if "government" not in i]
    governments = {}
    if missing_breakdown:  # closed before the breakdown was frozen: the Pemda name is all we add
        governments = dict(Proposal.objects.filter(pk__in=missing_breakdown).values_list("pk", "government__name"))
    rows = [
        RankedRow(
            rank=item["rank"],
            proposal_id=item["proposal"],
            title=item["title"],
            government=item.get("government", governments.get(item["proposal"], "")),
            score=item["score"],
            advances=item["advances"],
            criteria=item.get("criteria", {}),
            totals={int(k): v for k, v in item.get("totals", {}).items()},
        )
        for item in data["ranking"]
    ]
    jurors = {j["id"]: j["name"] for j in data.get("jury", [])}
    return StageRanking(stage=stage, frozen=True, rows=rows, jurors=jurors, closure=closure)


def live_ranking(stage) -> StageRanking:
    outcome = closing.preview(stage)
    advancing, tied = set(outcome.advancing), set(outcome.tie_at_cut)
    rows = [
        RankedRow(
            rank=r.rank,
            proposal_id=r.proposal_id,
            title=outcome.proposals[r.proposal_id].title,
            government=outcome.proposals[r.proposal_id].government.name,
            score=None if r.score is None else round(r.score, 2),
            advances=r.proposal_id in advancing,
            tied=r.proposal_id in tied,
            criteria={code: round(value, 2) for code, value in r.criteria.items()},
            totals={juror: round(total, 2) for juror, total in r.totals.items()},
        )
        for r in outcome.rows
    ]
    juror_ids = {j for r in outcome.rows for j in r.totals}
    jurors = dict(Juror.objects.filter(pk__in=juror_ids).values_list("pk", "name"))
    return StageRanking(stage=stage, frozen=False, rows=rows, jurors=jurors, outcome=outcome)


def _cacheable(ranking: StageRanking) -> StageRanking:
    outcome = ranking.outcome
    summary = Summary(
        advancing=list(outcome.advancing),
        tie_at_cut=list(outcome.tie_at_cut),
        skipped_by_quota=list(outcome.skipped_by_quota),
        excluded=[dict(item) for item in outcome.excluded],
        waivers=[dict(item) for item in outcome.waivers],
        replacements=[dict(item) for item in outcome.replacements],
    )
    return dataclasses.replace(ranking, stage=None, outcome=summary)


def stage_ranking(stage) -> StageRanking:
    """The frozen record of a closed stage (hash checked) or the live preview of an open one,
    computed once per change of its inputs (`judging.versions`)."""
    closure = closing.current_closure(stage)
    if closure is not None:
        return frozen_ranking(stage, closure)
    ranking = versions.cached("ranking", stage.pk, lambda: _cacheable(live_ranking(stage)))
    return dataclasses.replace(ranking, stage=stage)

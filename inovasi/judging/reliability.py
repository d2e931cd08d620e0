"""Reliability of a stage's judging: agreement, leniency, outliers, disagreement, missing scores.

- Krippendorff's alpha (interval metric) over the scorecard totals, units = proposals, coders =
  jurors, missing values allowed: alpha = 1 − D_o / D_e with the squared difference as the
  metric, computed from sums so it is linear in the number of scores. Tested against the worked
  example in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (interval 0.849),
  and against the `krippendorff` package on random panels. That package is not used at run time:
  it builds a values × values coincidence matrix, gigabytes for a stage's 15,000 distinct totals.
- Leniency: a juror's mean offset from the mean total of the proposals they scored (negative =
  harsh).
- Outliers: a total whose residual from the proposal's mean exceeds twice the residuals' standard
  deviation over the stage.
- Disagreement per proposal: the (population) standard deviation of its totals.
- Missing: assignments without a submitted scorecard.
"""

from dataclasses import dataclass, field
from statistics import mean, pstdev

from django.db.models import Exists, OuterRef

from inovasi.competitions.models import Proposal
from inovasi.judging import integrity, versions
from inovasi.judging.aggregation import weighted_total
from inovasi.judging.models import Assignment, Juror, Scorecard, ScorecardState


def krippendorff_alpha_interval(units: list[list[float]]) -> float | None:
    """`units`: for each unit, the values it received (missing ones left out)."""
    pairable = [values for values in units if len(values) >= 2]
    n = sum(len(values) for values in pairable)
    if n < 2:
        return None
    observed = 0.0
    for values in pairable:
        m, s, s2 = len(values), sum(values), sum(v * v for v in values)
        observed += (2 * m * s2 - 2 * s * s) / (m - 1)
    observed /= n
    total, total2 = sum(sum(v) for v in pairable), sum(v * v for values in pairable for v in values)
    expected = (2 * n * total2 - 2 * total * total) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected


@dataclass
class Report:
    alpha: float | None
    leniency: list = field(default_factory=list)  # (juror, mean offset, count)
    outliers: list = field(default_factory=list)  # (juror, proposal, total, proposal mean)
    disagreement: list = field(default_factory=list)  # (proposal, sd, totals)
    missing: list = field(default_factory=list)  # assignments


def report(stage) -> Report:
    criteria = list(stage.criteria.all())
    # Plain values, and each juror and proposal once: 15,000 scorecards loaded with their juror
    # and proposal as model instances were most of a cold reliability page (2 s at national size).
    submitted = Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED)
    cards = list(submitted.order_by("proposal_id", "juror_id").values_list("proposal_id", "juror_id", "values"))
    by_id = {
        p.pk: p
        for p in Proposal.objects.filter(pk__in=submitted.values("proposal_id"))  # a subquery, not 5,000 parameters
        .select_related("government")
        .only("pk", "title", "government_id", "agency_id", "innovation_id", "government__name")
    }
    # Only the scores the ranking counts (the juror rule and conflicts, evaluated now).
    counted = {(p, j) for p, j, _values in integrity.screen(stage, by_id).counted}
    juror_of = Juror.objects.in_bulk({juror_id for _p, juror_id, _v in cards})
    totals: dict[int, dict[int, float]] = {}
    jurors, proposals = {}, {}
    for proposal_id, juror_id, values in cards:
        if (proposal_id, juror_id) not in counted:
            continue
        total = weighted_total(values, criteria)
        if total is None:
            continue
        totals.setdefault(proposal_id, {})[juror_id] = total
        jurors[juror_id], proposals[proposal_id] = juror_of[juror_id], by_id[proposal_id]
    alpha = krippendorff_alpha_interval([list(t.values()) for t in totals.values()])
    means = {pid: mean(t.values()) for pid, t in totals.items()}
    offsets: dict[int, list[float]] = {}
    residuals = []
    for pid, by_juror in totals.items():
        if len(by_juror) < 2:
            continue
        for jid, total in by_juror.items():
            offsets.setdefault(jid, []).append(total - means[pid])
            residuals.append((jid, pid, total))
    spread = pstdev([t - means[p] for _j, p, t in residuals]) if len(residuals) > 1 else 0.0
    result = Report(alpha=None if alpha is None else round(alpha, 3))
    result.leniency = sorted(
        ((jurors[j], round(mean(o), 2), len(o)) for j, o in offsets.items()), key=lambda x: (x[1], x[0].pk)
    )
    result.outliers = [
        (jurors[j], proposals[p], round(t, 2), round(means[p], 2))
        for j, p, t in residuals
        if spread and abs(t - means[p]) > 2 * spread
    ]
    result.disagreement = sorted(
        ((proposals[p], round(pstdev(t.values()), 2), [round(v, 2) for v in t.values()]) for p, t in totals.items()),
        key=lambda x: (-x[1], x[0].pk),
    )
    scored = Scorecard.objects.filter(
        stage=stage, state=ScorecardState.SUBMITTED, juror_id=OuterRef("juror_id"), proposal_id=OuterRef("proposal_id")
    )
    result.missing = list(
        Assignment.objects.filter(stage=stage)
        .exclude(Exists(scored))
        .select_related("juror", "proposal")
        .defer("proposal__snapshot", "proposal__check_failures")
        .order_by("proposal__title", "juror__name")
    )
    return result


@dataclass(frozen=True)
class Ref:
    """A juror, proposal or assignment as the reliability page shows it: small enough to cache."""

    pk: int
    name: str = ""  # a juror's name
    title: str = ""  # a proposal's title
    government: str = ""  # a proposal's Pemda
    juror: "Ref | None" = None  # an assignment's juror and proposal
    proposal: "Ref | None" = None


def _juror(juror) -> Ref:
    return Ref(pk=juror.pk, name=juror.name)


def _proposal(proposal) -> Ref:
    government = proposal.government.name if "government" in proposal._state.fields_cache else ""
    return Ref(pk=proposal.pk, title=proposal.title, government=government)


def compact(result: Report) -> Report:
    """The same report with model instances replaced by `Ref`s (what the page and the cache need)."""
    return Report(
        alpha=result.alpha,
        leniency=[(_juror(j), offset, count) for j, offset, count in result.leniency],
        outliers=[(_juror(j), _proposal(p), total, avg) for j, p, total, avg in result.outliers],
        disagreement=[(_proposal(p), sd, totals) for p, sd, totals in result.disagreement],
        missing=[Ref(pk=a.pk, juror=_juror(a.juror), proposal=_proposal(a.proposal)) for a in result.missing],
    )


def stage_report(stage) -> Report:
    """The stage's reliability report (compact), computed once per change of its inputs, like the
    ranking (`judging.versions`): every figure complete, whatever page of rows a screen shows."""
    return versions.cached("reliability", stage.pk, lambda: compact(report(stage)))

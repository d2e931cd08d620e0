"""From submitted scorecards to one score per proposal, and the stage's ranking.

A scorecard's total is the weighted mean of its criteria, each rescaled to 0–100 (the rubric's
total scale), so criteria on different scales weigh exactly their declared weight. Per stage the
organizer picks how totals of several jurors combine:

- mean, median, trimmed mean (cut `trim_fraction` of the totals on each side);
- z-score: each juror's totals are standardised with that juror's own mean and standard deviation
  over the stage, then rescaled to the stage's overall mean and standard deviation (clamped to
  0–100), and averaged. A harsh juror then no longer decides who wins.

Ranking sorts by score, then by the declared tie-breaks (`criterion:<code>` = higher mean on that
criterion first; `submitted_at` = earlier submission first). Proposals still equal on every key
share a rank, and a tie across the advancement cut is reported, never silently broken.
"""

from dataclasses import dataclass, field
from statistics import fmean, median, pstdev

from inovasi.judging.models import Aggregation, Scorecard, ScorecardState


def weighted_total(values: dict, criteria) -> float | None:
    total_weight, total = 0.0, 0.0
    for c in criteria:
        if c.code not in values:
            return None
        span = (c.scale_max - c.scale_min) or 1
        total += float(c.weight) * (values[c.code] - c.scale_min) / span * 100
        total_weight += float(c.weight)
    return total / total_weight if total_weight else None


def trimmed_mean(values: list[float], fraction: float) -> float:
    values = sorted(values)
    cut = int(len(values) * fraction)
    kept = values[cut : len(values) - cut] or values
    return fmean(kept)


@dataclass
class Row:
    proposal_id: int
    score: float | None = None
    totals: dict = field(default_factory=dict)  # juror id → weighted total
    criteria: dict = field(default_factory=dict)  # criterion code → mean value
    rank: int | None = None
    key: tuple = ()


def score_stage(stage, judging, criteria, proposals, cards=None) -> list[Row]:
    """One `Row` per proposal (in the given order), its per-juror totals, criterion means and score."""
    if cards is None:
        cards = Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).values_list(
            "proposal_id", "juror_id", "values"
        )
    rows = {p.pk: Row(proposal_id=p.pk) for p in proposals}
    per_criterion: dict[int, dict[str, list[float]]] = {}
    for proposal_id, juror_id, values in cards:
        row = rows.get(proposal_id)
        if row is None:
            continue
        total = weighted_total(values, criteria)
        if total is not None:
            row.totals[juror_id] = total
        bucket = per_criterion.setdefault(proposal_id, {})
        for code, value in values.items():
            bucket.setdefault(code, []).append(value)
    for proposal_id, bucket in per_criterion.items():
        rows[proposal_id].criteria = {code: fmean(vals) for code, vals in bucket.items()}
    method = judging.aggregation
    if method == Aggregation.ZSCORE:
        _apply_zscores(rows.values())
    for row in rows.values():
        if not row.totals:
            continue
        totals = [row.totals[j] for j in sorted(row.totals)]
        if method == Aggregation.MEDIAN:
            row.score = median(totals)
        elif method == Aggregation.TRIMMED_MEAN:
            row.score = trimmed_mean(totals, float(judging.trim_fraction))
        elif method == Aggregation.ZSCORE:
            row.score = fmean(row.normalised[j] for j in sorted(row.normalised))
        else:
            row.score = fmean(totals)
        row.score = round(row.score, 4)
    return list(rows.values())


def _apply_zscores(rows):
    by_juror: dict[int, list[float]] = {}
    for row in rows:
        for juror_id, total in row.totals.items():
            by_juror.setdefault(juror_id, []).append(total)
    everything = [t for totals in by_juror.values() for t in totals]
    overall_mean = fmean(everything) if everything else 0.0
    overall_sd = pstdev(everything) if len(everything) > 1 else 0.0
    stats = {j: (fmean(t), pstdev(t) if len(t) > 1 else 0.0) for j, t in by_juror.items()}
    for row in rows:
        row.normalised = {}
        for juror_id, total in row.totals.items():
            juror_mean, juror_sd = stats[juror_id]
            z = (total - juror_mean) / juror_sd if juror_sd else 0.0
            row.normalised[juror_id] = min(100.0, max(0.0, overall_mean + z * overall_sd))


def rank_rows(rows: list[Row], tie_breaks: list[str], submitted_at: dict) -> list[Row]:
    """Sort by score then tie-breaks; equal keys share a rank. Unscored rows come last, unranked."""

    def key(row):
        parts = [-(row.score or 0.0)]
        for rule in tie_breaks:
            if rule.startswith("criterion:"):
                parts.append(-row.criteria.get(rule.split(":", 1)[1], 0.0))
            elif rule == "submitted_at":
                moment = submitted_at.get(row.proposal_id)
                parts.append(moment.timestamp() if moment else float("inf"))
        return tuple(round(p, 6) for p in parts)

    scored = [r for r in rows if r.score is not None]
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: r.proposal_id)
    scored.sort(key=lambda r: (key(r), r.proposal_id))
    previous = None
    for position, row in enumerate(scored, start=1):
        row.key = key(row)
        row.rank = previous.rank if previous is not None and previous.key == row.key else position
        previous = row
    return scored + unscored

"""Pure index arithmetic on plain numbers: no database, easy to check by hand.

    SPD   = Σ region indicator points (weight × parameter value)
    SIDi  = Σ over counted innovations of their indicator points / MAX(d, n)
    count = min(n, cap) × factor if at least `min_basic_affairs` basic-service affairs are covered,
            else 0
    IID   = (SPD + SIDi + count) / max × 100, rounded half up to 2 decimals

n is the number of counted innovations: those with a value for every mandatory innovation
indicator. The predicate follows from the framework's lower thresholds.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from inovasi.innovation_index.enums import Predicate

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Rule:
    """The numbers of a framework that the arithmetic needs."""

    max_score: Decimal
    divisor_min: int
    count_cap: int
    count_factor: Decimal
    count_min_basic_affairs: int
    threshold_sangat_inovatif: Decimal
    threshold_inovatif: Decimal
    threshold_kurang_inovatif: Decimal

    @classmethod
    def of(cls, framework) -> "Rule":
        return cls(
            max_score=Decimal(framework.max_score),
            divisor_min=framework.divisor_min,
            count_cap=framework.count_cap,
            count_factor=Decimal(framework.count_factor),
            count_min_basic_affairs=framework.count_min_basic_affairs,
            threshold_sangat_inovatif=Decimal(framework.threshold_sangat_inovatif),
            threshold_inovatif=Decimal(framework.threshold_inovatif),
            threshold_kurang_inovatif=Decimal(framework.threshold_kurang_inovatif),
        )


@dataclass(frozen=True)
class InnovationScore:
    """One reported innovation: its summed indicator points and whether it counts."""

    points: Decimal
    counted: bool = True
    basic_affairs: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class IndexResult:
    spd: Decimal
    sid: Decimal  # innovation indicators (after the divisor) + count score
    sid_indicators: Decimal
    count_score: Decimal
    total: Decimal
    iid: Decimal
    predicate: str
    innovations_reported: int
    innovations_counted: int
    divisor: int
    basic_affairs_covered: int


def predicate_for(rule: Rule, iid: Decimal) -> str:
    if iid >= rule.threshold_sangat_inovatif:
        return Predicate.SANGAT_INOVATIF
    if iid >= rule.threshold_inovatif:
        return Predicate.INOVATIF
    if iid >= rule.threshold_kurang_inovatif:
        return Predicate.KURANG_INOVATIF
    return Predicate.TIDAK_DAPAT_DINILAI


def count_score(rule: Rule, counted: int, basic_affairs_covered: int) -> Decimal:
    if basic_affairs_covered < rule.count_min_basic_affairs:
        return Decimal(0)
    return Decimal(min(counted, rule.count_cap)) * rule.count_factor


def compute_index(rule: Rule, region_points: Decimal, innovations: list[InnovationScore]) -> IndexResult:
    """The index of one Pemda from its region points and its innovations' points."""
    counted = [i for i in innovations if i.counted]
    n = len(counted)
    divisor = max(rule.divisor_min, n)
    covered = frozenset().union(*(i.basic_affairs for i in counted)) if counted else frozenset()
    sid_indicators = (sum((i.points for i in counted), Decimal(0)) / divisor) if divisor else Decimal(0)
    sid_indicators = sid_indicators.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    count = count_score(rule, n, len(covered)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    spd = Decimal(region_points).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    total = spd + sid_indicators + count
    iid = (total / rule.max_score * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if rule.max_score else Decimal(0)
    return IndexResult(
        spd=spd,
        sid=sid_indicators + count,
        sid_indicators=sid_indicators,
        count_score=count,
        total=total,
        iid=iid,
        predicate=predicate_for(rule, iid),
        innovations_reported=len(innovations),
        innovations_counted=n,
        divisor=divisor,
        basic_affairs_covered=len(covered),
    )


def competition_ranks(scores: list[tuple[int, Decimal]]) -> dict[int, int]:
    """Rank keys by score, highest first; equal scores share a rank ("1, 2, 2, 4")."""
    ordered = sorted(scores, key=lambda pair: (-pair[1], pair[0]))
    ranks: dict[int, int] = {}
    previous, previous_rank = None, 0
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            previous, previous_rank = score, position
        ranks[key] = previous_rank
    return ranks

"""What-if: every achievable improvement of one Pemda's index, measured by recomputing it.

Works on plain numbers (a `Scenario`), so it is independent of the database and easy to test.
Each candidate change is applied to a copy of the scenario and the index recomputed with
`computation.compute_index`; the gain is the exact difference in IID points.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from inovasi.innovation_index.computation import InnovationScore, Rule, compute_index


@dataclass
class Scenario:
    rule: Rule
    weights: dict  # indicator id → weight
    region_values: dict  # region indicator id → value (0 when not claimed/validated)
    region_max: dict  # region indicator id → highest option value
    innovation_indicator_max: dict  # innovation indicator id → highest option value
    innovation_indicator_min: dict  # innovation indicator id → lowest option value
    mandatory: set  # mandatory innovation indicator ids
    innovations: dict  # innovation id → {indicator id: value}
    innovation_affairs: dict = field(default_factory=dict)  # innovation id → frozenset of basic affair ids
    basic_affairs: frozenset = frozenset()  # all basic-service affair ids

    def region_points(self, values=None) -> Decimal:
        values = self.region_values if values is None else values
        return sum((Decimal(self.weights[i]) * v for i, v in values.items()), Decimal(0))

    def innovation_score(self, innovation_id, values=None) -> InnovationScore:
        values = self.innovations[innovation_id] if values is None else values
        points = sum((Decimal(self.weights[i]) * v for i, v in values.items()), Decimal(0))
        counted = all(values.get(i, 0) > 0 for i in self.mandatory)
        return InnovationScore(points, counted, self.innovation_affairs.get(innovation_id, frozenset()))

    def result(self):
        scores = [self.innovation_score(i) for i in self.innovations]
        return compute_index(self.rule, self.region_points(), scores)


@dataclass(frozen=True)
class Improvement:
    kind: str  # "region", "innovation", "affairs", "add"
    indicator_id: int | None
    innovation_id: int | None
    from_value: int
    to_value: int
    gain: Decimal
    new_iid: Decimal
    missing_affairs: frozenset = frozenset()
    extra_innovations: int = 0


def improvements(scenario: Scenario) -> list[Improvement]:
    """All improvements with a positive gain, largest first (ties: region before innovation)."""
    base = scenario.result()
    base_region = scenario.region_points()
    scores = {i: scenario.innovation_score(i) for i in scenario.innovations}
    found: list[Improvement] = []

    for indicator_id, top in scenario.region_max.items():
        current = scenario.region_values.get(indicator_id, 0)
        if current >= top:
            continue
        region = base_region + Decimal(scenario.weights[indicator_id]) * (top - current)
        new = compute_index(scenario.rule, region, list(scores.values()))
        found.append(Improvement("region", indicator_id, None, current, top, new.iid - base.iid, new.iid))

    for innovation_id, values in scenario.innovations.items():
        others = [s for i, s in scores.items() if i != innovation_id]
        for indicator_id, top in scenario.innovation_indicator_max.items():
            current = values.get(indicator_id, 0)
            if current >= top:
                continue
            changed = dict(values)
            changed[indicator_id] = top
            new = compute_index(
                scenario.rule, base_region, [*others, scenario.innovation_score(innovation_id, changed)]
            )
            found.append(
                Improvement("innovation", indicator_id, innovation_id, current, top, new.iid - base.iid, new.iid)
            )

    minimal = {i: scenario.innovation_indicator_min[i] for i in scenario.innovation_indicator_min}
    minimal_points = sum((Decimal(scenario.weights[i]) * v for i, v in minimal.items()), Decimal(0))
    covered = frozenset().union(*(s.basic_affairs for s in scores.values() if s.counted)) if scores else frozenset()
    missing = scenario.basic_affairs - covered
    if missing and scenario.rule.count_factor > 0:
        extra = [InnovationScore(minimal_points, True, frozenset({a})) for a in sorted(missing)]
        new = compute_index(scenario.rule, base_region, [*scores.values(), *extra])
        found.append(
            Improvement("affairs", None, None, 0, 0, new.iid - base.iid, new.iid, frozenset(missing), len(extra))
        )
    if base.innovations_counted < scenario.rule.divisor_min or scenario.rule.count_factor > 0:
        new = compute_index(
            scenario.rule, base_region, [*scores.values(), InnovationScore(minimal_points, True, frozenset())]
        )
        found.append(Improvement("add", None, None, 0, 0, new.iid - base.iid, new.iid, extra_innovations=1))

    found = [f for f in found if f.gain > 0]
    order = {"affairs": 0, "region": 1, "innovation": 2, "add": 3}
    found.sort(key=lambda f: (-f.gain, order[f.kind], f.indicator_id or 0, f.innovation_id or 0))
    return found

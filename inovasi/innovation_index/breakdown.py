"""One Pemda's index broken down indicator by indicator, with its what-if list.

Loaded in a constant number of queries (indicators, options, claims, innovations, affairs).
`mode` picks the claimed or the validated values; the public page shows validated values only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from inovasi.innovation_index.computation import IndexResult, Rule
from inovasi.innovation_index.enums import IndicatorScope
from inovasi.innovation_index.methodology import indicators_of
from inovasi.innovation_index.models import IndexClaim
from inovasi.innovation_index.whatif import Improvement, Scenario, improvements
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import GovernmentAffair, Innovation

CLAIMED, VALIDATED = "claimed", "validated"


@dataclass
class RegionRow:
    indicator: object
    value: int
    points: Decimal
    max_points: Decimal
    validation: str


@dataclass
class InnovationRow:
    innovation: object
    values: list  # [(indicator, value, points)] in indicator order
    points: Decimal
    counted: bool
    basic_affairs: list


@dataclass
class Breakdown:
    framework: object
    government: object
    mode: str
    result: IndexResult
    region_rows: list
    innovation_rows: list
    innovation_indicators: list
    count_indicator: object
    basic_affairs: list
    covered_affairs: set
    improvements: list
    indicators_by_id: dict
    innovations_by_id: dict

    def describe(self, item: Improvement) -> dict:
        """The improvement with its indicator and innovation objects, for templates and the API."""
        return {
            "kind": item.kind,
            "indicator": self.indicators_by_id.get(item.indicator_id),
            "innovation": self.innovations_by_id.get(item.innovation_id),
            "from_value": item.from_value,
            "to_value": item.to_value,
            "gain": item.gain,
            "new_iid": item.new_iid,
            "missing_affairs": [a for a in self.basic_affairs if a.pk in item.missing_affairs],
            "extra_innovations": item.extra_innovations,
        }

    def described_improvements(self, limit: int | None = None) -> list[dict]:
        items = self.improvements if limit is None else self.improvements[:limit]
        return [self.describe(i) for i in items]


def build_breakdown(assessment, mode: str = VALIDATED, with_whatif: bool = True) -> Breakdown:
    framework = assessment.framework
    indicators = indicators_of(framework)
    region_indicators = [i for i in indicators if i.scope == IndicatorScope.REGION]
    innovation_indicators = [i for i in indicators if i.scope == IndicatorScope.INNOVATION]
    count_indicator = next((i for i in indicators if i.scope == IndicatorScope.COUNT), None)

    region_values, validation_of, innovation_values = _claim_values(assessment, mode)
    innovations = {
        i.pk: i
        for i in Innovation.objects.filter(pk__in=list(innovation_values)).select_related("agency").order_by("name")
    }
    basic = list(GovernmentAffair.objects.filter(is_basic_service=True).order_by("code"))
    basic_ids = {a.pk for a in basic}
    affairs_of = _basic_affairs_of(innovations, basic_ids)

    scenario = Scenario(
        rule=Rule.of(framework),
        weights={i.pk: i.weight for i in indicators if i.scope != IndicatorScope.COUNT},
        region_values={i.pk: region_values.get(i.pk, 0) for i in region_indicators},
        region_max={i.pk: _top(i) for i in region_indicators},
        innovation_indicator_max={i.pk: _top(i) for i in innovation_indicators},
        innovation_indicator_min={i.pk: _bottom(i) for i in innovation_indicators},
        mandatory={i.pk for i in innovation_indicators if i.is_mandatory},
        innovations={pk: innovation_values.get(pk, {}) for pk in innovations},
        innovation_affairs={pk: frozenset(affairs_of.get(pk, ())) for pk in innovations},
        basic_affairs=frozenset(basic_ids),
    )
    innovation_rows, covered = _innovation_rows(scenario, innovations, innovation_indicators, basic)
    return Breakdown(
        framework=framework,
        government=assessment.government,
        mode=mode,
        result=scenario.result(),
        region_rows=_region_rows(region_indicators, region_values, validation_of),
        innovation_rows=innovation_rows,
        innovation_indicators=innovation_indicators,
        count_indicator=count_indicator,
        basic_affairs=basic,
        covered_affairs=covered,
        improvements=improvements(scenario) if with_whatif else [],
        indicators_by_id={i.pk: i for i in indicators},
        innovations_by_id=innovations,
    )


def _claim_values(assessment, mode: str) -> tuple[dict, dict, dict]:
    """The counted claims' values: per region indicator (with its validation) and per innovation."""
    framework = assessment.framework
    region_values, validation_of, innovation_values = {}, {}, {}
    counted_claims = IndexClaim.objects.filter(assessment=assessment).filter(
        Q(innovation__isnull=True)
        | Q(
            innovation__status=InnovationStatus.PUBLISHED,
            innovation__year__gte=framework.reporting_year_from,
            innovation__year__lte=framework.reporting_year_to,
        )
    )
    for indicator_id, innovation_id, claimed, validated, validation in counted_claims.values_list(
        "indicator_id", "innovation_id", "claimed_value", "validated_value", "validation"
    ):
        value = claimed if mode == CLAIMED else (validated or 0)
        if innovation_id is None:
            region_values[indicator_id] = value
            validation_of[indicator_id] = validation
        else:
            innovation_values.setdefault(innovation_id, {})[indicator_id] = value
    return region_values, validation_of, innovation_values


def _basic_affairs_of(innovations: dict, basic_ids: set) -> dict[int, set]:
    affairs_of: dict[int, set] = {}
    for innovation_id, affair_id in Innovation.affairs.through.objects.filter(
        innovation_id__in=list(innovations), governmentaffair_id__in=basic_ids
    ).values_list("innovation_id", "governmentaffair_id"):
        affairs_of.setdefault(innovation_id, set()).add(affair_id)
    return affairs_of


def _top(indicator):
    values = [o.value for o in indicator.options.all()]
    return max(values) if values else 0


def _bottom(indicator):
    values = [o.value for o in indicator.options.all()]
    return min(values) if values else 0


def _region_rows(region_indicators, region_values: dict, validation_of: dict) -> list[RegionRow]:
    return [
        RegionRow(
            indicator=i,
            value=region_values.get(i.pk, 0),
            points=Decimal(i.weight) * region_values.get(i.pk, 0),
            max_points=Decimal(i.weight) * _top(i),
            validation=validation_of.get(i.pk, ""),
        )
        for i in region_indicators
    ]


def _innovation_rows(scenario, innovations: dict, innovation_indicators, basic) -> tuple[list[InnovationRow], set]:
    """One row per innovation, and the basic-service affairs its counted innovations cover."""
    innovation_rows = []
    covered = set()
    for pk, innovation in innovations.items():
        score = scenario.innovation_score(pk)
        values = scenario.innovations[pk]
        if score.counted:
            covered |= set(score.basic_affairs)
        innovation_rows.append(
            InnovationRow(
                innovation=innovation,
                values=[
                    (i, values.get(i.pk, 0), Decimal(i.weight) * values.get(i.pk, 0)) for i in innovation_indicators
                ],
                points=score.points,
                counted=score.counted,
                basic_affairs=[a for a in basic if a.pk in score.basic_affairs],
            )
        )
    return innovation_rows, covered

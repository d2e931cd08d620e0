"""The index arithmetic, checked against values computed by hand."""

from decimal import Decimal as D

import pytest

from inovasi.innovation_index.computation import InnovationScore, Rule, competition_ranks, compute_index, predicate_for
from inovasi.innovation_index.enums import Predicate

RULE_2026 = Rule(
    max_score=D(250),
    divisor_min=14,
    count_cap=200,
    count_factor=D("0.38"),
    count_min_basic_affairs=6,
    threshold_sangat_inovatif=D("65.01"),
    threshold_inovatif=D("40.01"),
    threshold_kurang_inovatif=D("0.01"),
)
RULE_2023 = Rule(
    max_score=D(250),
    divisor_min=10,
    count_cap=200,
    count_factor=D("0.38"),
    count_min_basic_affairs=6,
    threshold_sangat_inovatif=D("60.01"),
    threshold_inovatif=D("35.00"),
    threshold_kurang_inovatif=D("0.01"),
)
ALL_SIX = frozenset(range(1, 7))


def test_with_fewer_innovations_than_d_the_sum_is_divided_by_d():
    # 3 innovations, 240 points: 240 / MAX(14, 3) = 17.1429; count 3 × 0.38 = 1.14;
    # (40 + 17.1429 + 1.14) / 250 × 100 = 23.31
    innovations = [InnovationScore(D(100), True, ALL_SIX), InnovationScore(D(80)), InnovationScore(D(60))]
    result = compute_index(RULE_2026, D(40), innovations)
    assert (result.divisor, result.sid_indicators, result.count_score) == (14, D("17.1429"), D("1.1400"))
    assert (result.total, result.iid, result.predicate) == (D("58.2829"), D("23.31"), Predicate.KURANG_INOVATIF)


def test_with_more_innovations_than_d_the_sum_is_divided_by_n():
    rule = Rule(**{**RULE_2026.__dict__, "divisor_min": 2})
    # 260 / MAX(2, 4) = 65; count 4 × 0.38 = 1.52; (63 + 65 + 1.52) / 250 × 100 = 51.808 → 51.81
    innovations = [
        InnovationScore(D(100), True, ALL_SIX),
        InnovationScore(D(80)),
        InnovationScore(D(60)),
        InnovationScore(D(20)),
    ]
    result = compute_index(rule, D(63), innovations)
    assert (result.divisor, result.sid_indicators, result.count_score) == (4, D("65.0000"), D("1.5200"))
    assert (result.iid, result.predicate) == (D("51.81"), Predicate.INOVATIF)


def test_five_of_six_basic_affairs_give_a_zero_count_score():
    innovations = [
        InnovationScore(D(100), True, frozenset({1, 2, 3, 4, 5})),
        InnovationScore(D(80)),
        InnovationScore(D(60)),
    ]
    result = compute_index(RULE_2026, D(40), innovations)
    # (40 + 17.1429 + 0) / 250 × 100 = 22.857 → 22.86
    assert (result.count_score, result.basic_affairs_covered, result.iid) == (D("0.0000"), 5, D("22.86"))


def test_an_innovation_missing_a_mandatory_indicator_is_neither_summed_nor_counted():
    innovations = [InnovationScore(D(100), True, ALL_SIX), InnovationScore(D(111), False, ALL_SIX)]
    result = compute_index(RULE_2026, D(0), innovations)
    # 100 / 14 = 7.1429; count 1 × 0.38; (7.1429 + 0.38) / 250 × 100 = 3.0092 → 3.01
    assert (result.innovations_reported, result.innovations_counted, result.iid) == (2, 1, D("3.01"))


def test_the_count_score_is_capped():
    innovations = [InnovationScore(D(0), True, ALL_SIX) for _ in range(250)]
    assert compute_index(RULE_2026, D(0), innovations).count_score == D("76.0000")


def test_the_full_maximum_gives_100():
    innovations = [InnovationScore(D(111), True, ALL_SIX) for _ in range(200)]
    result = compute_index(RULE_2026, D(63), innovations)
    assert (result.total, result.iid, result.predicate) == (D("250.0000"), D("100.00"), Predicate.SANGAT_INOVATIF)


def test_nothing_claimed_cannot_be_assessed():
    result = compute_index(RULE_2026, D(0), [])
    assert (result.iid, result.predicate, result.divisor) == (D("0.00"), Predicate.TIDAK_DAPAT_DINILAI, 14)


@pytest.mark.parametrize(
    ("iid", "predicate"),
    [
        ("0", Predicate.TIDAK_DAPAT_DINILAI),
        ("0.01", Predicate.KURANG_INOVATIF),
        ("34.99", Predicate.KURANG_INOVATIF),
        ("35.00", Predicate.INOVATIF),
        ("60.00", Predicate.INOVATIF),
        ("60.01", Predicate.SANGAT_INOVATIF),
        ("100", Predicate.SANGAT_INOVATIF),
    ],
)
def test_the_2023_predicate_bands(iid, predicate):
    assert predicate_for(RULE_2023, D(iid)) == predicate


def test_equal_scores_share_a_rank():
    assert competition_ranks([(1, D("50")), (2, D("70")), (3, D("50")), (4, D("10"))]) == {2: 1, 1: 2, 3: 2, 4: 4}

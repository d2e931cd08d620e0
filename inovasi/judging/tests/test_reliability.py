import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.judging import scoring
from inovasi.judging.assignment import assign
from inovasi.judging.reliability import krippendorff_alpha_interval, report

pytestmark = pytest.mark.django_db

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders × 12 units
# example with missing values; published interval alpha = 0.849.
KRIPPENDORFF_2011 = [
    [1, 1, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [5, 5, 5],
    [1, 1],
    [3],
]


def test_alpha_matches_krippendorffs_worked_example():
    assert round(krippendorff_alpha_interval(KRIPPENDORFF_2011), 3) == 0.849


def test_perfect_agreement_gives_alpha_one_and_too_little_data_none():
    assert krippendorff_alpha_interval([[1, 1], [3, 3], [5, 5]]) == 1.0
    assert krippendorff_alpha_interval([[4]]) is None


def _score(world, juror, proposal, value, submit=True):
    assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=submit, actor=juror.user
    )


def test_the_report_names_the_harsh_juror_the_outlier_the_disagreement_and_the_missing_score(world):
    proposals = [world.proposal(f"P{i}") for i in range(6)]
    harsh, fair, kind = world.juror("keras@uji.test"), world.juror("adil@uji.test"), world.juror("murah@uji.test")
    for i, p in enumerate(proposals):
        _score(world, fair, p, 60 + i)
        _score(world, kind, p, 62 + i)
        if i < 5:
            _score(world, harsh, p, 50 + i)
    _score(world, harsh, proposals[5], 0, submit=False)  # a draft is missing, not scored
    result = report(world.stage)
    # P0–P4: mean 57.33 + i, offsets −7.33 / +2.67 / +4.67; P5 (two scores): mean 66, offsets −1 / +1.
    # adil: (5 × 2.667 − 1) / 6 = 2.06; murah: (5 × 4.667 + 1) / 6 = 4.06.
    assert [(j.name, offset) for j, offset, _n in result.leniency] == [
        ("keras", -7.33),
        ("adil", 2.06),
        ("murah", 4.06),
    ]
    assert result.disagreement[0][0].title != "P5"
    assert result.disagreement[-1][0].title == "P5"
    assert [(a.juror.name, a.proposal.title) for a in result.missing] == [("keras", "P5")]
    assert result.outliers == []
    # The jurors' offsets dwarf the spread between proposals: agreement below chance.
    assert result.alpha == -0.121


def test_a_wild_score_is_flagged_as_an_outlier(world):
    proposals = [world.proposal(f"P{i}") for i in range(6)]
    a, b = world.juror("a@uji.test"), world.juror("b@uji.test")
    for i, p in enumerate(proposals):
        _score(world, a, p, 70 + i)
        _score(world, b, p, 5 if i == 0 else 70 + i)
    flagged = [(j.name, p.title) for j, p, _t, _m in report(world.stage).outliers]
    assert flagged == [("a", "P0"), ("b", "P0")]


def test_the_reliability_page_is_for_organizers_and_costs_the_same_queries(client, world):
    url = reverse("organizer:judging_reliability", args=[world.stage.pk])
    juror = world.juror("a@uji.test")
    other = world.juror("b@uji.test")
    client.force_login(world.juror("c@uji.test").user)
    assert client.get(url).status_code == 403
    client.force_login(world.cast.organizer)
    counts = []
    for n in (1, 3):
        while len(world.proposals) < n:
            p = world.proposal(f"P{len(world.proposals)}")
            _score(world, juror, p, 60)
            _score(world, other, p, 70)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts.append(len(ctx.captured_queries))
    assert "Kemurahan juri" in response.content.decode()
    assert counts[0] == counts[1]


def test_alpha_agrees_with_the_reference_implementation_on_random_panels():
    """The `krippendorff` package builds a values × values coincidence matrix, which at national size
    (15,000 distinct totals) needs gigabytes; ours is linear. They must agree wherever both run."""
    import random

    import krippendorff
    import numpy as np

    rng = random.Random(20261204)
    for _round in range(20):
        coders, units = rng.randint(2, 6), rng.randint(3, 25)
        matrix = [
            [round(rng.uniform(40, 95), 2) if rng.random() > 0.3 else np.nan for _u in range(units)]
            for _c in range(coders)
        ]
        by_unit = [[row[u] for row in matrix if not np.isnan(row[u])] for u in range(units)]
        ours = krippendorff_alpha_interval(by_unit)
        if ours is None:
            continue
        reference = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
        assert ours == pytest.approx(reference, abs=1e-9)

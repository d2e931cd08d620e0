"""The min-cost-flow planner on random small instances, checked against brute force.

Every instance is small enough to enumerate every plan, so the properties are checked against the
true optimum rather than against numbers written by hand: each proposal exactly k jurors counting
the kept ones, no conflicted pair, the kept pairs never planned again, the loads as balanced as any
plan allows (smallest maximum and largest minimum at once; within one when nothing binds), among
those the fewest pairs without matching expertise, the same plan for the same input, and an
infeasible instance naming exactly the proposals that lack eligible jurors.
"""

import itertools
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inovasi.judging.planner import Infeasible, Problem, plan_assignment


@st.composite
def problems(draw, feasible_only=False):
    jurors = draw(st.integers(min_value=1, max_value=5))
    count = draw(st.integers(min_value=1, max_value=4))
    k = draw(st.integers(min_value=1, max_value=min(3, jurors)))
    juror_ids = [10 + 7 * n for n in range(jurors)]  # not 0..n-1: ids are not positions
    proposals = [SimpleNamespace(pk=100 + 3 * n, title=f"Inovasi {n}") for n in range(count)]
    pairs = [(j, p.pk) for j in juror_ids for p in proposals]
    blocked = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 2, unique=True)))
    free = [pair for pair in pairs if pair not in blocked]
    kept = draw(st.lists(st.sampled_from(free), max_size=min(3, len(free)), unique=True)) if free else []
    fixed = {}
    for j, p in kept:
        fixed.setdefault(p, set()).add(j)
    affairs = {p.pk: set(draw(st.lists(st.integers(1, 4), max_size=2))) for p in proposals}
    expertise = {j: set(draw(st.lists(st.integers(1, 4), max_size=2))) for j in juror_ids}
    problem = Problem(juror_ids, proposals, k, blocked, expertise, affairs, fixed)
    if feasible_only and _short(problem):
        problem.blocked = set()
        problem.fixed = {}
    return problem


def _short(problem) -> list[str]:
    """Titles of the proposals with fewer than k jurors free of conflict (kept ones are free)."""
    return [
        p.title
        for p in problem.proposals
        if sum((j, p.pk) not in problem.blocked for j in problem.juror_ids) < problem.k
    ]


def _every_plan(problem):
    """Every plan: per proposal, a choice of the jurors it still needs among the eligible ones."""
    choices = []
    for p in problem.proposals:
        kept = problem.fixed.get(p.pk, set())
        eligible = [j for j in problem.juror_ids if (j, p.pk) not in problem.blocked and j not in kept]
        choices.append(list(itertools.combinations(eligible, max(0, problem.k - len(kept)))))
    for combination in itertools.product(*choices):
        yield {p.pk: list(c) for p, c in zip(problem.proposals, combination, strict=True)}


def _loads(problem, plan) -> dict[int, int]:
    loads = dict.fromkeys(problem.juror_ids, 0)
    for _pid, juror_ids in [*plan.items(), *problem.fixed.items()]:
        for j in juror_ids:
            loads[j] += 1
    return loads


def _mismatches(problem, plan) -> int:
    return sum(
        1 for pid, juror_ids in plan.items() for j in juror_ids if not problem.expertise[j] & problem.affairs[pid]
    )


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems(feasible_only=True))
def test_each_proposal_gets_exactly_k_jurors_never_a_conflicted_or_kept_one(problem):
    plan = plan_assignment(problem)
    assert set(plan) == {p.pk for p in problem.proposals}
    for pid, juror_ids in plan.items():
        kept = problem.fixed.get(pid, set())
        assert len(juror_ids) == len(set(juror_ids)) == max(0, problem.k - len(kept))
        assert not set(juror_ids) & kept
        assert all((j, pid) not in problem.blocked for j in juror_ids)


@SETTINGS
@given(problems(feasible_only=True))
def test_loads_are_as_balanced_as_any_plan_allows_then_expertise_is_preferred(problem):
    plan = plan_assignment(problem)
    loads = sorted(_loads(problem, plan).values())
    every = list(_every_plan(problem))
    best_max = min(max(_loads(problem, other).values()) for other in every)
    best_min = max(min(_loads(problem, other).values()) for other in every)
    assert (loads[-1], loads[0]) == (best_max, best_min)
    same_loads = [other for other in every if sorted(_loads(problem, other).values()) == loads]
    assert _mismatches(problem, plan) == min(_mismatches(problem, other) for other in same_loads)


@SETTINGS
@given(problems(feasible_only=True))
def test_without_conflicts_or_kept_assignments_loads_differ_by_at_most_one(problem):
    problem.blocked, problem.fixed = set(), {}
    loads = _loads(problem, plan_assignment(problem)).values()
    assert max(loads) - min(loads) <= 1


@SETTINGS
@given(problems(feasible_only=True))
def test_the_same_input_gives_the_same_plan_whatever_the_order_given(problem):
    first = plan_assignment(problem)
    problem.juror_ids = list(reversed(problem.juror_ids))
    problem.proposals = list(reversed(problem.proposals))
    assert plan_assignment(problem) == first


@SETTINGS
@given(problems())
def test_an_infeasible_instance_names_exactly_the_proposals_short_of_jurors(problem):
    short = _short(problem)
    if not short:
        plan_assignment(problem)  # feasible: no error
        return
    with pytest.raises(Infeasible) as error:
        plan_assignment(problem)
    named = [m.split("“")[1].split("”")[0] for m in error.value.messages]
    assert named == short
    assert all(f"k = {problem.k}" in m for m in error.value.messages)


def test_a_kept_juror_outside_the_pool_still_counts_towards_k():
    proposals = [SimpleNamespace(pk=n, title=f"P{n}") for n in (1, 2)]
    plan = plan_assignment(Problem([7, 8], proposals, 2, set(), {}, {}, {1: {99}}))
    assert len(plan[1]) == 1 and len(plan[2]) == 2


def test_kept_assignments_count_towards_k_and_towards_the_loads():
    proposals = [SimpleNamespace(pk=n, title=f"P{n}") for n in (1, 2, 3, 4)]
    # Juror 7 already holds two proposals by hand: the plan gives the others to 8 and 9 first.
    problem = Problem([7, 8, 9], proposals, 1, set(), {}, {}, {1: {7}, 2: {7}})
    plan = plan_assignment(problem)
    assert plan[1] == plan[2] == []
    assert sorted(plan[3] + plan[4]) == [8, 9]

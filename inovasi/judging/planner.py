"""The assignment plan as a min-cost flow (OR-tools `SimpleMinCostFlow`): pure, no database.

The network: every proposal node supplies the jurors it still needs (k minus its kept, manual
assignments); an arc of capacity 1 runs from a proposal to every eligible juror (not conflicted,
not already on it), costing 0 where the juror's expertise meets one of the innovation's urusan,
else 1; every juror drains into the sink through arcs whose unit cost grows with the juror's total
load (kept + planned), the increments of x² scaled by B. Because B exceeds any difference in
expertise cost, the solver first balances and only then prefers expertise.

Why that gives the most balanced loads the conflicts allow: the load vectors reachable by
assigning each proposal its jurors form the base polytope of a polymatroid, and minimising a
separable, strictly convex cost over it gives its lexicographically optimal base (Fujishige),
which has both the smallest maximum and the largest minimum load. Without binding conflicts that
means max − min ≤ 1. Every arc is integral, so the flow is a 0/1 plan.

To keep the network small the convex part is written out unit by unit only in a window around
the mean load, with one linear arc below and one above it; a plan that lands outside the window
(only possible with heavy conflicts or many manual assignments) is solved again with every unit
written out. Deterministic: nodes and arcs are laid out in primary-key order and the solver is
deterministic for a given network.
"""

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ortools.graph.python import min_cost_flow

WINDOW = 2  # unit arcs this far either side of the mean load


class Infeasible(ValidationError):
    """No plan exists; `messages` name each proposal short of eligible jurors."""


@dataclass
class Problem:
    """A plan request. `fixed` maps a proposal id to the juror ids it keeps (manual assignments)."""

    juror_ids: list[int]
    proposals: list  # objects with `pk` and `title`
    k: int
    blocked: set | dict = field(default_factory=set)  # (juror id, proposal id) pairs
    expertise: dict = field(default_factory=dict)  # juror id → urusan ids
    affairs: dict = field(default_factory=dict)  # proposal id → urusan ids
    fixed: dict = field(default_factory=dict)  # proposal id → juror ids already assigned


def _eligibility(problem: Problem, juror_index: dict, proposal_index: dict):
    """(eligible P × J matrix, kept P × J matrix)."""
    count_p, count_j = len(proposal_index), len(juror_index)
    eligible = np.ones((count_p, count_j), dtype=bool)
    kept = np.zeros((count_p, count_j), dtype=bool)
    for juror_id, proposal_id in problem.blocked:
        if juror_id in juror_index and proposal_id in proposal_index:
            eligible[proposal_index[proposal_id], juror_index[juror_id]] = False
    for proposal_id, juror_ids in problem.fixed.items():
        for juror_id in juror_ids:
            if juror_id in juror_index and proposal_id in proposal_index:
                kept[proposal_index[proposal_id], juror_index[juror_id]] = True
    return eligible & ~kept, kept


def _expertise_cost(problem: Problem, proposals: list, juror_ids: list[int]):
    """P × J matrix: 0 where the juror knows one of the innovation's urusan, else 1."""
    every = sorted({a for ids in [*problem.affairs.values(), *problem.expertise.values()] for a in ids})
    affair_index = {a: n for n, a in enumerate(every)}
    wants = np.zeros((len(proposals), max(1, len(affair_index))), dtype=np.float32)
    knows = np.zeros((len(juror_ids), max(1, len(affair_index))), dtype=np.float32)
    pairs = [(n, affair_index[a]) for n, p in enumerate(proposals) for a in problem.affairs.get(p.pk, ())]
    if pairs:
        wants[tuple(np.array(pairs).T)] = 1
    pairs = [(n, affair_index[a]) for n, juror_id in enumerate(juror_ids) for a in problem.expertise.get(juror_id, ())]
    if pairs:
        knows[tuple(np.array(pairs).T)] = 1
    return np.where((wants @ knows.T) > 0, 0, 1).astype(np.int64)


def _require_enough(proposals, eligible, held, need, k):
    short = np.flatnonzero(eligible.sum(axis=1) < need)
    if len(short):
        raise Infeasible(
            [
                _("Proposal “%(title)s” hanya punya %(n)s juri yang memenuhi syarat untuk k = %(k)s.")
                % {"title": proposals[n].title, "n": int(eligible[n].sum() + held[n]), "k": k}
                for n in short
            ]
        )


def _load_arcs(base: np.ndarray, capacity: np.ndarray, low: int, high: int, scale: int):
    """Arcs juror → sink as (juror, capacity, unit cost) triples: the cost of a juror's load x is
    scale·x², written unit by unit for loads in (low, high], linearly outside."""
    arcs = []
    for j, (start, room) in enumerate(zip(base.tolist(), capacity.tolist(), strict=True)):
        level = start
        below = min(room, max(0, low - level))
        if below:
            arcs.append((j, below, scale * (2 * (level + below) - 1)))
            level, room = level + below, room - below
        while room and level < high:
            level, room = level + 1, room - 1
            arcs.append((j, 1, scale * (2 * level - 1)))
        if room:
            arcs.append((j, room, scale * (2 * level + 1)))
    return arcs


def _groups(eligible, cost, need):
    """Proposals that look the same to the solver (same need, same eligible jurors, same costs)
    share one node: (group of each proposal, first proposal of each group, group sizes), groups
    numbered in the order of their first proposal (primary-key order)."""
    keys = np.concatenate([np.packbits(eligible, axis=1), np.packbits(cost.astype(bool), axis=1)], axis=1)
    numbers: dict[bytes, int] = {}
    group = np.empty(len(need), dtype=np.int64)
    for n, (row, wanted) in enumerate(zip(keys, need.tolist(), strict=True)):
        group[n] = numbers.setdefault(row.tobytes() + wanted.to_bytes(4, "little"), len(numbers))
    first = np.zeros(len(numbers), dtype=np.int64)
    first[group[::-1]] = np.arange(len(need))[::-1]  # the last write per group is its first member
    return group, first, np.bincount(group, minlength=len(numbers))


def _solve(eligible, cost, need, base, low: int, high: int):
    """One min-cost flow over proposal groups; returns (group × juror flows, group of each proposal, loads)."""
    group, first, size = _groups(eligible, cost, need)
    count_g, count_j = len(first), eligible.shape[1]
    sink = count_g + count_j
    rows, cols = np.nonzero(eligible[first])  # row-major: groups in pk order, jurors by pk
    scale = int(need.sum()) + 1  # more than any total expertise cost: balance first
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32), (count_g + cols).astype(np.int32), size[rows].astype(np.int64), cost[first][rows, cols]
    )
    loads = _load_arcs(base, eligible.sum(axis=0), low, high, scale)
    if loads:
        juror, capacity, unit = (np.array(column, dtype=np.int64) for column in zip(*loads, strict=True))
        heads = np.full(len(juror), sink, dtype=np.int32)
        flow.add_arcs_with_capacity_and_unit_cost((count_g + juror).astype(np.int32), heads, capacity, unit)
    supplies = (need[first] * size).astype(np.int64)
    flow.set_nodes_supplies(np.arange(count_g, dtype=np.int32), supplies)
    flow.set_node_supply(sink, -int(supplies.sum()))
    if flow.solve() != flow.OPTIMAL:
        raise Infeasible(_("Penugasan tidak dapat disusun oleh pemecah aliran biaya minimum."))
    flows = np.zeros((count_g, count_j), dtype=np.int64)
    flows[rows, cols] = flow.flows(pair_arcs)
    return flows, group, base + flows.sum(axis=0)


def _spread(flows, group) -> np.ndarray:
    """Hand each group's juror units to its proposals in turn: a juror carries at most as many
    units as the group has proposals, so no proposal gets a juror twice; each gets its need."""
    plan = np.zeros((len(group), flows.shape[1]), dtype=bool)
    members = [[] for _ in range(len(flows))]
    for n, g in enumerate(group.tolist()):
        members[g].append(n)
    for g, proposals in enumerate(members):
        units = np.repeat(np.arange(flows.shape[1]), flows[g])
        for position, juror in enumerate(units.tolist()):
            plan[proposals[position % len(proposals)], juror] = True
    return plan


def plan_assignment(problem: Problem) -> dict[int, list[int]]:
    """{proposal id: [juror ids planned for it]} (the kept ones not repeated), or `Infeasible`."""
    juror_ids = sorted(problem.juror_ids)
    proposals = sorted(problem.proposals, key=lambda p: p.pk)
    if not proposals:
        return {}
    juror_index = {pk: n for n, pk in enumerate(juror_ids)}
    proposal_index = {p.pk: n for n, p in enumerate(proposals)}
    eligible, kept = _eligibility(problem, juror_index, proposal_index)
    # Every kept juror counts towards k, also one outside the pool (a replacement, a juror since
    # left the panel); only those in the pool count towards the loads being balanced.
    held = np.array([len(problem.fixed.get(p.pk, ())) for p in proposals], dtype=np.int64)
    need = np.maximum(0, problem.k - held)
    _require_enough(proposals, eligible, held, need, problem.k)
    if not need.any():
        return {p.pk: [] for p in proposals}
    cost = _expertise_cost(problem, proposals, juror_ids)
    base = kept.sum(axis=0)
    mean = (int(need.sum()) + int(base.sum())) / len(juror_ids)
    low, high = max(0, int(mean) - WINDOW), int(mean) + 1 + WINDOW
    flows, group, loads = _solve(eligible, cost, need, base, low, high)
    # The window's costs equal x² (up to a constant per juror) from the end of the lower linear arc
    # to one unit past `high`, and exceed it elsewhere: a plan whose loads all lie there is optimal.
    exact_from = np.minimum(low, base + eligible.sum(axis=0))
    if (loads < exact_from).any() or (loads > np.maximum(high, base) + 1).any():
        # Conflicts or kept assignments pushed a load outside the window: every unit written out.
        flows, group, loads = _solve(eligible, cost, need, base, 0, int(base.max()) + len(proposals))
    planned: dict[int, list[int]] = {p.pk: [] for p in proposals}
    for n, j in zip(*np.nonzero(_spread(flows, group)), strict=True):
        planned[proposals[n].pk].append(juror_ids[j])
    return planned

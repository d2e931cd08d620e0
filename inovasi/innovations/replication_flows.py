"""Replication flows between provinces, stored: the national matrix reads 1,444 cells, not every edge.

A `ReplicationFlow` row is one cell: replications of published innovations whose Pemda lies in
`origin_province`, adopted in `adopter_province` (None: the adopter named no region), with their
number and latest year. The province of a region is its parent, or itself for a province.

The cells are kept exact by the writers of what they count, inside the writer's transaction:
`add_replication`, `update_replication` and `delete_replication` (`innovations.parts`) and the
innovation's status `transition` (`innovations.services`: publishing adds the innovation's edges,
leaving the catalog removes them). Loaders that insert replications in bulk (the demo, the
synthetic dataset, a benchmark) call `rebuild()` afterwards, as does migration 0008 and
`manage.py rebuild_replication_flows` (say after a region's parent changed).
"""

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce

from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation, Replication, ReplicationFlow
from inovasi.organisations.models import Government
from inovasi.regions.models import Region

Cell = tuple[int, int | None]  # (origin province id, adopter province id or None)


def _province_of(region_id: int | None) -> int | None:
    if region_id is None:
        return None
    parent = Region.objects.filter(pk=region_id).values_list("parent_id", flat=True).first()
    return parent or region_id


def computed() -> dict[Cell, tuple[int, int | None]]:
    """{cell: (count, latest year)} counted from scratch over every published edge. One query."""
    rows = (
        Replication.objects.filter(innovation__status=InnovationStatus.PUBLISHED)
        .values(
            origin=Coalesce("innovation__government__region__parent_id", "innovation__government__region_id"),
            adopter=Coalesce("adopter_region__parent_id", "adopter_region_id"),
        )
        .annotate(n=Count("id"), latest=Max("year"))
        .order_by()
    )
    return {(row["origin"], row["adopter"]): (row["n"], row["latest"]) for row in rows}


def stored() -> dict[Cell, tuple[int, int | None]]:
    """{cell: (count, latest year)} as stored. One query over at most 38 × 39 rows."""
    return {
        (origin, adopter): (count, latest)
        for origin, adopter, count, latest in ReplicationFlow.objects.values_list(
            "origin_province_id", "adopter_province_id", "count", "latest_year"
        )
    }


@transaction.atomic
def rebuild() -> int:
    """Replace every stored cell with a count from scratch; returns the number of cells."""
    cells = computed()
    ReplicationFlow.objects.all().delete()
    ReplicationFlow.objects.bulk_create(
        [
            ReplicationFlow(origin_province_id=origin, adopter_province_id=adopter, count=n, latest_year=latest)
            for (origin, adopter), (n, latest) in cells.items()
        ]
    )
    return len(cells)


def _latest_year(cell: Cell) -> int | None:
    """The latest year among a cell's edges, read afresh (after an edge of the latest year left it)."""
    origin, adopter = cell
    return (
        Replication.objects.filter(innovation__status=InnovationStatus.PUBLISHED)
        .alias(
            origin=Coalesce("innovation__government__region__parent_id", "innovation__government__region_id"),
            adopter=Coalesce("adopter_region__parent_id", "adopter_region_id"),
        )
        .filter(origin=origin, adopter=adopter)
        .aggregate(latest=Max("year"))["latest"]
    )


def _apply(edges: list[tuple[Cell, int | None]], sign: int) -> None:
    """Add (sign 1) or remove (sign -1) edges given as (cell, year), locking each touched cell.

    Call it after the edges were written (added, moved or deleted): a removal that takes the
    cell's latest year reads the year again from what remains."""
    by_cell: dict[Cell, list[int | None]] = {}
    for cell, year in edges:
        by_cell.setdefault(cell, []).append(year)
    for cell, years in sorted(by_cell.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        origin, adopter = cell
        ReplicationFlow.objects.get_or_create(origin_province_id=origin, adopter_province_id=adopter)
        flow = ReplicationFlow.objects.select_for_update().get(origin_province_id=origin, adopter_province_id=adopter)
        known = [year for year in years if year is not None]
        flow.count += sign * len(years)
        if flow.count <= 0:
            flow.delete()
            continue
        if sign > 0:
            flow.latest_year = max([*known, flow.latest_year or 0]) or None
        elif flow.latest_year is not None and flow.latest_year in known:
            flow.latest_year = _latest_year(cell)
        flow.save(update_fields=["count", "latest_year"])


def _origin(innovation: Innovation) -> int:
    parent, region = (
        Government.objects.filter(pk=innovation.government_id).values_list("region__parent_id", "region_id").get()
    )
    return parent or region


def edge_added(replication: Replication) -> None:
    """A replication was saved for the first time (call inside the writer's transaction)."""
    if replication.innovation.status == InnovationStatus.PUBLISHED:
        _apply([((_origin(replication.innovation), _province_of(replication.adopter_region_id)), replication.year)], 1)


def edge_removed(replication: Replication) -> None:
    """A replication was deleted (call after the delete, inside the writer's transaction)."""
    if replication.innovation.status == InnovationStatus.PUBLISHED:
        _apply([((_origin(replication.innovation), _province_of(replication.adopter_region_id)), replication.year)], -1)


def edge_changed(replication: Replication, *, old_region_id: int | None, old_year: int | None) -> None:
    """A replication's adopter region or year changed (call after saving it)."""
    if replication.innovation.status != InnovationStatus.PUBLISHED:
        return
    if (old_region_id, old_year) == (replication.adopter_region_id, replication.year):
        return
    origin = _origin(replication.innovation)
    _apply([((origin, _province_of(old_region_id)), old_year)], -1)
    _apply([((origin, _province_of(replication.adopter_region_id)), replication.year)], 1)


def innovation_moved(innovation: Innovation, *, was_published: bool) -> None:
    """The innovation's status changed: its edges enter or leave the matrix with it."""
    now_published = innovation.status == InnovationStatus.PUBLISHED
    if was_published == now_published:
        return
    origin = _origin(innovation)
    edges = [
        ((origin, adopter), year)
        for adopter, year in Replication.objects.filter(innovation=innovation).values_list(
            Coalesce("adopter_region__parent_id", "adopter_region_id"), "year"
        )
    ]
    if edges:
        _apply(edges, 1 if now_published else -1)

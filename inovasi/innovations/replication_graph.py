"""Who replicated whose innovation: the data behind the public replication graphs.

An edge is a `Replication`: a published source innovation → an adopter (a Pemda, an agency of
another Pemda or a named non-government partner), with its year and evidence. Three views read it:

- `two_hops(innovation)`: the adopters of an innovation and, where an adopter recorded its own
  innovation as the replication (`adopter_innovation`), the adopters of that one in turn;
- `region_spread(government_ids)`: where a region's innovations went, and what it took from others;
- `province_matrix()`: replication flows counted between the 38 provinces (source province of the
  innovation's Pemda → the adopter's province).

Each is a fixed number of queries whatever the number of edges; `layout_columns` places the nodes
of a small graph for the server-side SVG (the page shows the same data as a table).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F

from inovasi.innovations import replication_flows
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation, Replication
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

# Edges shown per list on one page; the counts stay exact beyond it.
EDGE_LIMIT = 150


# What the pages show of an edge. Innovations carry eight long narrative texts: reading whole rows
# for up to 300 edges (the source and the adopting innovation of each) was most of the graph's time.
EDGE_FIELDS = (
    "innovation_id",
    "adopter_kind",
    "adopter_name",
    "partner_kind",
    "year",
    "adopted_on",
    "evidence_kind",
    "note",
    "adopter_region__code",
    "adopter_region__name",
    "adopter_innovation__name",
    "adopter_innovation__status",
)


def _published_edges():
    return Replication.objects.filter(innovation__status=InnovationStatus.PUBLISHED)


def _edges(*also: str):
    """Edges of published innovations with what a page shows of them, and `also` (related fields)."""
    related = {name.rsplit("__", 1)[0] for name in also}
    return _published_edges().select_related("adopter_region", "adopter_innovation", *related).only(*EDGE_FIELDS, *also)


@dataclass
class Hop:
    edge: Replication
    # The adopter's own (published) innovation, and who adopted that one: the second hop.
    onward: list[Replication] = field(default_factory=list)

    @property
    def adopter_innovation(self) -> Innovation | None:
        other = self.edge.adopter_innovation
        return other if other is not None and other.status == InnovationStatus.PUBLISHED else None


def two_hops(innovation: Innovation, limit: int = EDGE_LIMIT) -> list[Hop]:
    """The innovation's adopters (the first `limit`, oldest year first), each with the adopters of
    its replicating innovation (at most `limit` in all). Two queries.

    An adopting innovation that is not published is not followed (and not named). An edge back to
    the innovation itself is not repeated.
    """
    first_hop = list(
        _edges().filter(innovation=innovation).order_by(F("year").asc(nulls_last=True), "adopter_name", "pk")[:limit]
    )
    hops = [Hop(edge) for edge in first_hop]
    onward_ids = {hop.adopter_innovation.pk for hop in hops if hop.adopter_innovation is not None}
    if onward_ids:
        by_source: dict[int, list[Replication]] = {}
        for edge in (
            _edges()
            .filter(innovation_id__in=onward_ids)
            .exclude(adopter_innovation_id=innovation.pk)
            .order_by("innovation_id", F("year").asc(nulls_last=True), "adopter_name", "pk")[:limit]
        ):
            by_source.setdefault(edge.innovation_id, []).append(edge)
        for hop in hops:
            if hop.adopter_innovation is not None:
                hop.onward = by_source.get(hop.adopter_innovation.pk, [])
    return hops


def hop_totals(innovation: Innovation) -> tuple[int, int]:
    """How many adopters in all, and how many second-hop adopters in all (two count queries)."""
    first = Replication.objects.filter(innovation=innovation).count()
    # The adopters' own innovations as a subquery: no join that repeats an edge, so no DISTINCT.
    adopting = Replication.objects.filter(innovation=innovation, adopter_innovation__isnull=False).values(
        "adopter_innovation_id"
    )
    onward = _published_edges().filter(innovation_id__in=adopting).exclude(adopter_innovation_id=innovation.pk)
    return first, onward.order_by().count()


@dataclass
class Spread:
    outgoing: list[Replication]  # this scope's innovations → their adopters
    incoming: list[Replication]  # other Pemda's innovations → adopted by this scope
    outgoing_total: int
    incoming_total: int
    adopter_regions: list[tuple[Region | None, int]]  # where this scope's innovations went, busiest first
    source_regions: list[tuple[Region, int]]  # whose innovations this scope took, busiest first


def region_spread(government_ids) -> Spread:
    """Replications of the scope's published innovations, and replications by the scope's Pemda of
    other Pemda's published innovations. Five queries."""
    government_ids = list(government_ids)
    outgoing_qs = _published_edges().filter(innovation__government_id__in=government_ids)
    incoming_qs = (
        _published_edges()
        .filter(adopter_government_id__in=government_ids)
        .exclude(innovation__government_id__in=government_ids)
    )
    outgoing = list(
        _edges("innovation__name")
        .filter(innovation__government_id__in=government_ids)
        .order_by(F("year").desc(nulls_last=True), "adopter_name", "pk")[:EDGE_LIMIT]
    )
    incoming = list(
        _edges("innovation__name", "innovation__government__name", "innovation__government__region__code")
        .filter(adopter_government_id__in=government_ids)
        .exclude(innovation__government_id__in=government_ids)
        .order_by(F("year").desc(nulls_last=True), "innovation__name", "pk")[:EDGE_LIMIT]
    )
    adopter_counts = list(
        outgoing_qs.values("adopter_region_id").annotate(n=Count("id")).order_by("-n", "adopter_region_id")
    )
    source_counts = list(
        incoming_qs.values(region_id=F("innovation__government__region_id"))
        .annotate(n=Count("id"))
        .order_by("-n", "region_id")
    )
    region_ids = {row["adopter_region_id"] for row in adopter_counts} | {row["region_id"] for row in source_counts}
    regions = Region.objects.in_bulk([pk for pk in region_ids if pk is not None])
    return Spread(
        outgoing=outgoing,
        incoming=incoming,
        outgoing_total=sum(row["n"] for row in adopter_counts),
        incoming_total=sum(row["n"] for row in source_counts),
        adopter_regions=[(regions.get(row["adopter_region_id"]), row["n"]) for row in adopter_counts],
        source_regions=[(regions[row["region_id"]], row["n"]) for row in source_counts],
    )


@dataclass
class Matrix:
    provinces: list[Region]
    rows: list[tuple[Region, list[int], int]]  # source province, counts per adopter province, row total
    column_totals: list[int]
    total: int
    largest: int
    strongest: list[tuple[Region, Region, int]]  # (from, to, count), busiest first
    without_region: int  # edges whose adopter has no region (partners recorded before regions were asked)


def province_flows() -> dict[tuple[int, int | None], int]:
    """{(source province id, adopter province id or None): count} over published innovations, from
    the stored cells the replication services keep (`replication_flows`). One query."""
    return {cell: count for cell, (count, _latest) in replication_flows.stored().items()}


def province_matrix(strongest: int = 15) -> Matrix:
    """The 38 × 38 matrix of replication flows between provinces, and the strongest flows. Two queries."""
    provinces = list(Region.objects.filter(level=RegionLevel.PROVINSI).order_by("code"))
    flows = province_flows()
    index = {p.pk: i for i, p in enumerate(provinces)}
    size = len(provinces)
    grid = [[0] * size for _ in range(size)]
    without_region = 0
    for (source, target), n in flows.items():
        if target is None or source not in index or target not in index:
            without_region += n
            continue
        grid[index[source]][index[target]] += n
    rows = [(provinces[i], grid[i], sum(grid[i])) for i in range(size)]
    column_totals = [sum(grid[i][j] for i in range(size)) for j in range(size)]
    cells = [(grid[i][j], i, j) for i in range(size) for j in range(size) if grid[i][j]]
    cells.sort(key=lambda c: (-c[0], provinces[c[1]].code, provinces[c[2]].code))
    return Matrix(
        provinces=provinces,
        rows=rows,
        column_totals=column_totals,
        total=sum(column_totals),
        largest=max((c[0] for c in cells), default=0),
        strongest=[(provinces[i], provinces[j], n) for n, i, j in cells[:strongest]],
        without_region=without_region,
    )


# --- Layout for the server-side SVG ------------------------------------------------------------

ROW_HEIGHT = 30
COLUMN_X = (10, 300, 590)
NODE_WIDTH = 260
LABEL_CHARS = 38
NODE_LIMIT = 40


@dataclass
class Node:
    label: str
    title: str
    x: int
    y: int
    kind: str = ""
    href: str = ""


@dataclass
class Link:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass
class Layout:
    nodes: list[Node]
    links: list[Link]
    width: int
    height: int
    hidden: int  # nodes left out of the drawing (all are in the table)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def layout_columns(centre: tuple[str, str], left: list, right: list) -> Layout:
    """Three columns: `left` items point to the centre, the centre points to `right` items. An item
    is (label, kind, href, children) where children are (label, kind, href) drawn in a further
    column to the right of a right-hand item (the second hop)."""
    nodes, links = [], []
    hidden = 0
    shown_left = left[:NODE_LIMIT]
    hidden += len(left) - len(shown_left)
    shown_right = right[:NODE_LIMIT]
    hidden += len(right) - len(shown_right)
    # Rows: each right item takes max(1, children) rows; the left column has its own rows.
    right_rows = []
    row = 0
    budget = NODE_LIMIT
    for label, kind, href, children in shown_right:
        kids = children[: max(0, budget)]
        hidden += len(children) - len(kids)
        budget -= len(kids)
        right_rows.append((row, label, kind, href, kids))
        row += max(1, len(kids))
    total_rows = max(row, len(shown_left), 1)
    height = total_rows * ROW_HEIGHT + 10
    centre_y = (total_rows * ROW_HEIGHT) // 2 - ROW_HEIGHT // 2 + 5
    has_left = bool(shown_left)
    columns = (COLUMN_X[0], COLUMN_X[1], COLUMN_X[2]) if has_left else (None, COLUMN_X[0], COLUMN_X[1])
    centre_x = columns[1]
    nodes.append(Node(_short(centre[0]), centre[0], centre_x, centre_y, kind="centre", href=centre[1]))
    if has_left:
        offset = (total_rows - len(shown_left)) * ROW_HEIGHT // 2
        for i, (label, kind, href, _children) in enumerate(shown_left):
            y = offset + i * ROW_HEIGHT + 5
            nodes.append(Node(_short(label), label, columns[0], y, kind=kind, href=href))
            links.append(Link(columns[0] + NODE_WIDTH, y + 11, centre_x, centre_y + 11))
    second_x = columns[2] + NODE_WIDTH + 30
    for start, label, kind, href, kids in right_rows:
        y = start * ROW_HEIGHT + 5
        nodes.append(Node(_short(label), label, columns[2], y, kind=kind, href=href))
        links.append(Link(centre_x + NODE_WIDTH, centre_y + 11, columns[2], y + 11))
        for k, (kid_label, kid_kind, kid_href) in enumerate(kids):
            ky = (start + k) * ROW_HEIGHT + 5
            nodes.append(Node(_short(kid_label), kid_label, second_x, ky, kind=kid_kind, href=kid_href))
            links.append(Link(columns[2] + NODE_WIDTH, y + 11, second_x, ky + 11))
    width = max(n.x for n in nodes) + NODE_WIDTH + 10
    return Layout(nodes=nodes, links=links, width=width, height=height, hidden=hidden)

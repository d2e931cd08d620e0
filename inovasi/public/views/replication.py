"""Public replication views: the national province matrix (/replikasi/) and the region spread graph."""

from django.shortcuts import render
from django.urls import reverse

from inovasi.innovations import replication_graph
from inovasi.public.views.page_cache import cached_public_page

# Cells are shaded in five steps of the largest flow (a table: every number is also written).
SHADES = ["#ffffff", "#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"]


def _shade(count: int, largest: int) -> tuple[str, str]:
    if not count or not largest:
        return SHADES[0], "#212529"
    step = min(5, 1 + (4 * count) // largest)
    return SHADES[step], "#ffffff" if step >= 3 else "#212529"


def spread_layout(region, spread):
    """Sources (by region) → this region → adopters (by region): a small SVG, the tables carry all.

    A province's lists name hundreds of regions; the drawing shows the first NODE_LIMIT of each and
    counts the rest, so only those get a link (a URL reversed per region was most of the graph's cost).
    """
    shown = replication_graph.NODE_LIMIT

    def href(code, i):
        return reverse("public:region_detail", args=[code]) if i < shown else ""

    left = [
        (f"{source.name} ({count})", "source", href(source.code, i), [])
        for i, (source, count) in enumerate(spread.source_regions)
    ]
    right = []
    for i, (target, count) in enumerate(spread.adopter_regions):
        if target is None:
            right.append((f"— ({count})", "non_government", "", []))
        else:
            right.append((f"{target.name} ({count})", "government", href(target.code, i), []))
    if not left and not right:
        return None
    return replication_graph.layout_columns((region.name, ""), left, right)


@cached_public_page
def national(request):
    matrix = replication_graph.province_matrix()
    rows = [
        (province, [(count, *_shade(count, matrix.largest)) for count in counts], total)
        for province, counts, total in matrix.rows
    ]
    return render(
        request,
        "public/replication/national.html",
        {"matrix": matrix, "rows": rows, "legend": SHADES[1:]},
    )

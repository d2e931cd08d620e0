"""Public index dashboards: predicates, ranked regions, innovations by stage and urusan; CSV/XLSX.

The page has one tab per cluster (provinsi, kabupaten, kota) and "Semua klaster": ranks are
ranks within a cluster, so a cluster tab lists 1, 2, 3…, and "Semua" shows the top of each cluster
in its own table, never one mixed list. A tile-grid map colours each province by the share of each
predicate among its Pemda (`inovasi.public.province_grid`), with a table alternative.

Everything read here is stored at computation/publication (`RegionIndex`, the frozen year
summary); nothing is recomputed from the live registry.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from inovasi.exports import Export, export_view
from inovasi.innovation_index import reports
from inovasi.innovation_index.enums import Predicate
from inovasi.innovation_index.freezing import FrozenIntegrityError
from inovasi.innovation_index.models import IndexFramework
from inovasi.public.province_grid import COLUMNS, ROWS, TILES
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

PREDICATE_COLOURS = {
    Predicate.SANGAT_INOVATIF: "#198754",
    Predicate.INOVATIF: "#0d6efd",
    Predicate.KURANG_INOVATIF: "#ffc107",
    Predicate.TIDAK_DAPAT_DINILAI: "#6c757d",
}


# Rows per cluster on the "Semua klaster" tab; a cluster's own tab lists up to RANKED_ROWS.
TOP_PER_CLUSTER = 10
RANKED_ROWS = 50


def _filters(request):
    cluster = request.GET.get("klaster") or None
    if cluster not in (None, *RegionLevel.values):
        cluster = None
    province = (request.GET.get("provinsi") or "")[:10] or None
    if province and not Region.objects.filter(code=province, level=RegionLevel.PROVINSI).exists():
        province = None
    return cluster, province


def _framework(request, year=None) -> IndexFramework | None:
    frameworks = reports.published_frameworks()
    year = year or request.GET.get("tahun")
    if year:
        year = str(year).strip()
        # Four ASCII digits: "²", "1e3" or 25 nines never reach the database (SQLite overflows).
        if not (len(year) == 4 and year.isascii() and year.isdigit()):
            raise Http404
        return get_object_or_404(frameworks, year=int(year))
    return frameworks.first()


def _in_rank_order(framework, cluster, province):
    return reports.ranked(framework, cluster, province).order_by("rank", "government__region__code")


def ranking_groups(framework, cluster, province) -> list[dict]:
    """One ranked table per cluster shown: the chosen cluster's, or the top of each cluster."""
    levels = [cluster] if cluster else RegionLevel.values
    limit = RANKED_ROWS if cluster else TOP_PER_CLUSTER
    groups = []
    for level in levels:
        rows = list(_in_rank_order(framework, level, province)[: limit + 1])
        groups.append(
            {
                "cluster": level,
                "label": RegionLevel(level).label,
                "rows": rows[:limit],
                "more": len(rows) > limit,
            }
        )
    return groups


def province_map(framework, cluster, names: dict[str, str]) -> dict:
    """The 38 tiles with each predicate's share of the province's Pemda (stored results only)."""
    by_code = {row["code"]: row for row in reports.predicates_by_province(framework, cluster)}
    tiles = []
    for tile in TILES:
        counts = by_code.get(tile.code)
        total = sum(counts[p] for p in Predicate.values) if counts else 0
        shares, stops, start = [], [], 0.0
        for p in Predicate.values:
            n = counts[p] if counts else 0
            percent = n * 100 / total if total else 0
            shares.append({"predicate": p, "label": Predicate(p).label, "count": n, "percent": percent})
            if n:
                end = start + percent
                stops.append(f"{PREDICATE_COLOURS[p]} {start:.1f}% {end:.1f}%")
                start = end
        tiles.append(
            {
                "code": tile.code,
                "iso": tile.iso,
                "name": names.get(tile.code, tile.code),
                "row": tile.row + 1,
                "column": tile.column + 1,
                "total": total,
                "shares": shares,
                "background": f"linear-gradient(to top, {', '.join(stops)})" if stops else "",
            }
        )
    return {"tiles": tiles, "rows": ROWS, "columns": COLUMNS}


def chart_data(framework, cluster, province) -> dict:
    counts = reports.predicate_counts(framework, province, cluster)
    by_province = reports.predicates_by_province(framework, cluster)
    ranked = list(reports.ranked(framework, cluster, province)[:20])
    stages = reports.innovations_by_stage(framework, province)
    affairs = reports.innovations_by_affair(framework, province)[:15]
    return {
        "predicates": {
            "type": "doughnut",
            "labels": [Predicate(p).label for p in counts],
            "datasets": [
                {
                    "label": _("Jumlah Pemda"),
                    "data": list(counts.values()),
                    "colors": [PREDICATE_COLOURS[p] for p in counts],
                }
            ],
        },
        "provinces": {
            "type": "bar",
            "stacked": True,
            "labels": [row["name"] for row in by_province],
            "datasets": [
                {"label": Predicate(p).label, "data": [row[p] for row in by_province], "color": PREDICATE_COLOURS[p]}
                for p in Predicate.values
            ],
        },
        "ranked": {
            "type": "bar",
            "horizontal": True,
            "labels": [r.government.region.name for r in ranked],
            "datasets": [{"label": _("Indeks"), "data": [float(r.iid) for r in ranked], "color": "#0d6efd"}],
        },
        "stages": {
            "type": "bar",
            "labels": [str(label) for label, _n in stages],
            "datasets": [{"label": _("Inovasi"), "data": [n for _label, n in stages], "color": "#6f42c1"}],
        },
        "affairs": {
            "type": "bar",
            "horizontal": True,
            "labels": [name for name, _n in affairs],
            "datasets": [{"label": _("Inovasi"), "data": [n for _name, n in affairs], "color": "#20c997"}],
        },
    }


def index_dashboard(request):
    framework = _framework(request)
    cluster, province = _filters(request)
    provinces = list(Region.objects.provinces().order_by("name").values_list("code", "name"))
    context = {
        "framework": framework,
        "frameworks": list(reports.published_frameworks()),
        "cluster": cluster,
        "cluster_label": RegionLevel(cluster).label if cluster else "",
        "province": province,
        "province_name": dict(provinces).get(province, ""),
        "clusters": RegionLevel.choices,
        "provinces": provinces,
        "legend": [(Predicate(p).label, PREDICATE_COLOURS[p]) for p in Predicate.values],
    }
    if framework is not None:
        try:
            charts = chart_data(framework, cluster, province)
        except FrozenIntegrityError as exc:
            return render(
                request, "public/index/integrity_error.html", {"framework": framework, "message": str(exc)}, status=500
            )
        context.update(
            charts=charts,
            groups=ranking_groups(framework, cluster, province),
            map=province_map(framework, cluster, dict(provinces)),
            counts=[
                (Predicate(p).label, p, n) for p, n in reports.predicate_counts(framework, province, cluster).items()
            ],
        )
    return render(request, "public/index/dashboard.html", context)


@export_view
def index_export(request, year):
    framework = _framework(request, year)
    if framework is None:
        raise Http404
    cluster, province = _filters(request)
    rows = reports.export_rows(framework, cluster, province)
    keys = [key for key, _label in reports.EXPORT_COLUMNS]
    return Export(
        filename=f"indeks-inovasi-daerah-{framework.year}",
        header=[label for _key, label in reports.EXPORT_COLUMNS],
        rows=([_cell(row[k]) for k in keys] for row in rows),
        sheet=str(framework.year),
    )


def _cell(value):
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return "" if value is None else value

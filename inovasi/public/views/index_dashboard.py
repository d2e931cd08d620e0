"""Public index dashboards: predicates, ranked regions, innovations by stage and urusan; CSV/XLSX."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from inovasi.exports import Export, export_view
from inovasi.innovation_index import reports
from inovasi.innovation_index.enums import Predicate
from inovasi.innovation_index.freezing import FrozenIntegrityError
from inovasi.innovation_index.models import IndexFramework
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

PREDICATE_COLOURS = {
    Predicate.SANGAT_INOVATIF: "#198754",
    Predicate.INOVATIF: "#0d6efd",
    Predicate.KURANG_INOVATIF: "#ffc107",
    Predicate.TIDAK_DAPAT_DINILAI: "#6c757d",
}


def _filters(request):
    cluster = request.GET.get("klaster") or None
    if cluster not in (None, *RegionLevel.values):
        cluster = None
    province = request.GET.get("provinsi") or None
    if province and not Region.objects.filter(code=province, level=RegionLevel.PROVINSI).exists():
        province = None
    return cluster, province


def _framework(request, year=None) -> IndexFramework | None:
    frameworks = reports.published_frameworks()
    year = year or request.GET.get("tahun")
    if year:
        try:
            return get_object_or_404(frameworks, year=int(year))
        except ValueError as exc:
            raise Http404 from exc
    return frameworks.first()


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
    context = {
        "framework": framework,
        "frameworks": list(reports.published_frameworks()),
        "cluster": cluster,
        "province": province,
        "clusters": RegionLevel.choices,
        "provinces": list(Region.objects.provinces().order_by("name").values_list("code", "name")),
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
            rows=list(reports.ranked(framework, cluster, province)[:50]),
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

"""A region's published index broken down indicator by indicator, with the what-if list."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from inovasi.innovation_index import reports
from inovasi.innovation_index.breakdown import VALIDATED, build_breakdown
from inovasi.innovation_index.models import IndexAssessment, RegionIndex


def index_region(request, year, code):
    framework = get_object_or_404(reports.published_frameworks(), year=year)
    result = get_object_or_404(RegionIndex.objects.with_region(), framework=framework, government__region__code=code)
    assessment = (
        IndexAssessment.objects.filter(framework=framework, government=result.government)
        .select_related("framework", "government")
        .first()
    )
    if assessment is None:
        raise Http404
    breakdown = build_breakdown(assessment, mode=VALIDATED)
    series = reports.region_series(result.government)
    chart = {
        "type": "line",
        "labels": [str(r.framework.year) for r in series],
        "datasets": [{"label": "IID", "data": [float(r.iid) for r in series], "color": "#0d6efd"}],
    }
    cluster_size = RegionIndex.objects.filter(framework=framework, cluster=result.cluster).count()
    return render(
        request,
        "public/index/region.html",
        {
            "framework": framework,
            "result": result,
            "breakdown": breakdown,
            "improvements": breakdown.described_improvements(25),
            "improvement_total": len(breakdown.improvements),
            "series": series,
            "series_chart": chart,
            "cluster_size": cluster_size,
        },
    )

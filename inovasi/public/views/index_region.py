"""A region's published index broken down indicator by indicator, with the what-if list.

Everything shown comes from the breakdown frozen at publication (`freezing.frozen_breakdown`,
hash-checked); a hash mismatch shows an integrity error, never a recomputation."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from inovasi.innovation_index import reports
from inovasi.innovation_index.freezing import FrozenIntegrityError, frozen_breakdown
from inovasi.innovation_index.models import RegionIndex


def index_region(request, year, code):
    framework = get_object_or_404(reports.published_frameworks(), year=year)
    result = get_object_or_404(RegionIndex.objects.with_region(), framework=framework, government__region__code=code)
    try:
        breakdown = frozen_breakdown(framework, result.government)
    except FrozenIntegrityError as exc:
        return render(
            request,
            "public/index/integrity_error.html",
            {"framework": framework, "result": result, "message": str(exc)},
            status=500,
        )
    if breakdown is None:
        raise Http404
    series = reports.region_series(result.government)
    chart = {
        "type": "line",
        "labels": [str(r.framework.year) for r in series],
        "datasets": [{"label": "IID", "data": [float(r.iid) for r in series], "color": "#0d6efd"}],
    }
    return render(
        request,
        "public/index/region.html",
        {
            "framework": framework,
            "result": result,
            "breakdown": breakdown,
            "standing": breakdown.standing,
            "improvements": breakdown.described_improvements(25),
            "improvement_total": len(breakdown.improvements),
            "series": series,
            "series_chart": chart,
        },
    )

"""A region's published index broken down indicator by indicator, with the what-if list.

Everything shown comes from the breakdown frozen at publication (`freezing.frozen_breakdown`,
hash-checked); a hash mismatch shows an integrity error, never a recomputation.

The what-if list shows the TOP_IMPROVEMENTS largest gains; the rest (often hundreds: one per
innovation indicator) are grouped by kind under "dan N lainnya", folded.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from inovasi.innovation_index import reports
from inovasi.innovation_index.freezing import FrozenIntegrityError, frozen_breakdown
from inovasi.innovation_index.models import RegionIndex

TOP_IMPROVEMENTS = 10

IMPROVEMENT_GROUPS = [
    ("region", _("Indikator Pemda (SPD)")),
    ("innovation", _("Indikator per inovasi (SID)")),
    ("affairs", _("Cakupan urusan pelayanan dasar")),
]
OTHER_GROUP = _("Tambah inovasi")


def group_rest(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """The improvements after the top ones, by kind in a fixed order, each keeping its gain order."""
    labels = dict(IMPROVEMENT_GROUPS)
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["kind"] if item["kind"] in labels else "other", []).append(item)
    order = [kind for kind, _label in IMPROVEMENT_GROUPS] + ["other"]
    return [(str(labels.get(kind, OTHER_GROUP)), groups[kind]) for kind in order if kind in groups]


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
    improvements = breakdown.described_improvements()
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
            "improvements": improvements[:TOP_IMPROVEMENTS],
            "improvement_rest": group_rest(improvements[TOP_IMPROVEMENTS:]),
            "improvement_rest_count": max(0, len(improvements) - TOP_IMPROVEMENTS),
            "improvement_total": len(improvements),
            "series": series,
            "series_chart": chart,
        },
    )

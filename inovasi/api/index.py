"""Read API for the regional innovation index: methodologies and published results.

Only results the organizer has published are served (see docs/index-methodology.md, "API").
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from inovasi.api.pagination import Pages
from inovasi.innovation_index import reports
from inovasi.innovation_index.freezing import FrozenIntegrityError, frozen_breakdown
from inovasi.innovation_index.models import IndexFramework, RegionIndex

router = Router(tags=["indeks"])


class FrameworkOut(Schema):
    year: int
    name: str
    organizer: str
    reporting_year_from: int
    reporting_year_to: int
    max_score: float
    divisor_min: int
    count_cap: int
    count_factor: float
    count_min_basic_affairs: int
    threshold_sangat_inovatif: float
    threshold_inovatif: float
    threshold_kurang_inovatif: float
    nominees_per_cluster: int
    published: bool

    @staticmethod
    def resolve_organizer(obj):
        return str(obj.organizer_body)

    @staticmethod
    def resolve_published(obj):
        return obj.is_published


class RegionIndexOut(Schema):
    code: str
    name: str
    government: str
    cluster: str
    province_code: str
    iid: float
    predicate: str
    rank: int | None
    is_nominee: bool
    spd: float
    sid: float
    count_score: float
    innovations_counted: int
    basic_affairs_covered: int
    iid_claimed: float

    @staticmethod
    def resolve_code(obj):
        return obj.government.region.code

    @staticmethod
    def resolve_name(obj):
        return obj.government.region.name

    @staticmethod
    def resolve_government(obj):
        return obj.government.name


class IndicatorPointsOut(Schema):
    number: int
    name: str
    weight: float
    value: int
    points: float
    max_points: float


class InnovationPointsOut(Schema):
    id: int
    name: str
    points: float
    counted: bool
    values: dict[int, int] = Field(..., description="nomor indikator → nilai parameter tervalidasi")


class ImprovementOut(Schema):
    kind: str = Field(..., description="region | innovation | affairs | add")
    indicator: int | None
    innovation_id: int | None
    from_value: int
    to_value: int
    gain: float = Field(..., description="kenaikan indeks, dihitung ulang")
    new_iid: float
    missing_affairs: list[str]


class RegionBreakdownOut(Schema):
    result: RegionIndexOut
    total: float
    divisor: int
    counted_points: float = Field(..., description="jumlah poin inovasi yang dihitung, sebelum dibagi MAX(d, n)")
    sha256: str = Field(..., description="sidik SHA-256 rincian yang dibekukan saat hasil diumumkan")
    region_indicators: list[IndicatorPointsOut]
    innovations: list[InnovationPointsOut]
    improvements: list[ImprovementOut]


class RegionFilters(Schema):
    cluster: str | None = Field(None, description="provinsi | kabupaten | kota")
    province: str | None = Field(None, description="kode provinsi Kemendagri, misalnya 35")


def _published(year: int) -> IndexFramework:
    return get_object_or_404(reports.published_frameworks(), year=year)


@router.get("/index/frameworks", response=list[FrameworkOut])
def list_frameworks(request):
    """Every methodology (all years), with its numbers; `published` tells whether results are public."""
    return list(IndexFramework.objects.select_related("organizer_body").order_by("-year"))


@router.get("/index/{year}/regions", response=list[RegionIndexOut])
@paginate(Pages, page_size=100)
def list_region_indices(request, year: int, filters: Query[RegionFilters]):
    """Published results of a year, highest index first."""
    return reports.ranked(_published(year), filters.cluster, filters.province)


@router.get("/index/{year}/regions/{code}", response=RegionBreakdownOut)
def region_breakdown(request, year: int, code: str):
    """One region's published result with every indicator's points and the what-if list."""
    framework = _published(year)
    result = get_object_or_404(RegionIndex.objects.with_region(), framework=framework, government__region__code=code)
    # The breakdown frozen at publication, hash-checked; never recomputed from the live registry.
    try:
        breakdown = frozen_breakdown(framework, result.government)
    except FrozenIntegrityError as exc:
        raise HttpError(500, str(exc)) from exc
    if breakdown is None:
        raise Http404
    numbers = {i.pk: i.number for i in breakdown.innovation_indicators}
    return {
        "result": result,
        "total": breakdown.result.total,
        "divisor": breakdown.result.divisor,
        "counted_points": breakdown.result.counted_points,
        "sha256": breakdown.sha256,
        "region_indicators": [
            {
                "number": r.indicator.number,
                "name": r.indicator.name,
                "weight": r.indicator.weight,
                "value": r.value,
                "points": r.points,
                "max_points": r.max_points,
            }
            for r in breakdown.region_rows
        ],
        "innovations": [
            {
                "id": row.innovation.pk,
                "name": row.innovation.name,
                "points": row.points,
                "counted": row.counted,
                "values": {numbers[i.pk]: value for i, value, _points in row.values if value},
            }
            for row in breakdown.innovation_rows
        ],
        "improvements": [
            {
                "kind": item["kind"],
                "indicator": item["indicator"].number if item["indicator"] else None,
                "innovation_id": item["innovation"].pk if item["innovation"] else None,
                "from_value": item["from_value"],
                "to_value": item["to_value"],
                "gain": item["gain"],
                "new_iid": item["new_iid"],
                "missing_affairs": [a.name for a in item["missing_affairs"]],
            }
            for item in breakdown.described_improvements(50)
        ],
    }

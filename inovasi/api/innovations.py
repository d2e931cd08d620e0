"""Read API for the published catalog and replications (documented in docs/api.md).

The list uses the same `search_catalog` as the public page and the export, so the three agree.
"""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from inovasi.api.pagination import MAX_PAGE, Pages
from inovasi.api.schemas_innovations import InnovationDetailOut, InnovationPageOut, ReplicationOut
from inovasi.innovations.models import Evidence, Innovation, Replication
from inovasi.search.catalog import CatalogParams, fetch_innovations, search_catalog

router = Router(tags=["inovasi"])

MAX_PAGE_SIZE = 100


class InnovationFilters(Schema):
    q: str | None = Field(None, description="teks pencarian; kata-kata dibentuk dasar dengan Sastrawi")
    province: str | None = Field(None, description="kode provinsi Kemendagri, misalnya 35")
    region: str | None = Field(None, description="kode kabupaten/kota, misalnya 35.79")
    agency_kind: str | None = Field(None, description="jenis perangkat daerah, misalnya dinas, puskesmas")
    affair: str | None = Field(None, description="kode urusan pemerintahan, misalnya 1.02")
    form: str | None = Field(None, description="tata_kelola | pelayanan_publik | lainnya")
    type: str | None = Field(None, description="digital | non_digital")
    stage: str | None = Field(None, description="inisiatif | uji_coba | penerapan")
    start_year: int | None = Field(None, description="tahun mulai diterapkan")
    award: str | None = Field(None, description="outside = memiliki penghargaan luar")
    replicated: str | None = Field(None, description="yes | no")
    sort: str | None = Field(None, description="relevance | name | newest | replications")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


@router.get("/innovations", response=InnovationPageOut)
def list_innovations(request, filters: Query[InnovationFilters]):
    """Published innovations matching the search and filters, page by page."""
    data = {key: str(value) for key, value in filters.dict().items() if value is not None}
    result = search_catalog(CatalogParams.from_data(data), with_facets=False)
    start = (filters.page - 1) * filters.page_size
    ids = list(result.documents.values_list("pk", flat=True)[start : start + filters.page_size])
    return {
        "count": result.total,
        "page": filters.page,
        "page_size": filters.page_size,
        "num_pages": max(1, -(-result.total // filters.page_size)),
        "items": fetch_innovations(ids),
    }


@router.get("/innovations/{innovation_id}", response=InnovationDetailOut)
def get_innovation(request, innovation_id: int):
    """One published innovation with everything public about it; 404 for anything unpublished."""
    qs = (
        Innovation.objects.published()
        .with_owner()
        .prefetch_related(
            "affairs",
            "sdgs",
            "people",
            "partners",
            "results",
            "recognitions",
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related(
                    "adopter_government__region", "adopter_region", "adopter_innovation"
                ).order_by("year", "adopter_name", "pk"),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(is_public=True).exclude(url=""),
                to_attr="public_evidence",
            ),
        )
    )
    return get_object_or_404(qs, pk=innovation_id)


@router.get("/replications", response=list[ReplicationOut])
@paginate(Pages, page_size=50)
def list_replications(
    request,
    source_government: str | None = Query(None, description="kode wilayah pemda asal inovasi, misalnya 35.14"),
    adopter_government: str | None = Query(None, description="kode wilayah pemda pereplikasi, misalnya 35.73"),
    adopter_kind: str | None = Query(None, description="government, agency atau non_government"),
):
    """Replications of published innovations, newest first."""
    qs = Replication.objects.filter(innovation__in=Innovation.objects.published()).select_related(
        "innovation__government__region", "adopter_government__region", "adopter_region", "adopter_innovation"
    )
    if adopter_kind:
        qs = qs.filter(adopter_kind=adopter_kind)
    if source_government:
        qs = qs.filter(innovation__government__region__code=source_government)
    if adopter_government:
        qs = qs.filter(adopter_government__region__code=adopter_government)
    return qs.order_by(F("adopted_on").desc(nulls_last=True), "pk")

"""Read API for the published catalog and replications (documented in docs/api.md).

The list uses the same `search_catalog` as the public page and the export, so the three agree.
"""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from inovasi.api.pagination import MAX_PAGE, Pages
from inovasi.api.schemas_innovations import (
    InnovationDetailOut,
    InnovationPageOut,
    ReplicationOut,
    VersionOut,
    VersionRefOut,
)
from inovasi.innovations.models import Evidence, Innovation, Replication
from inovasi.innovations.versions import version_of, years_of
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
    ids = list(result.ids[start : start + filters.page_size])
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


@router.get("/innovations/{innovation_id}/versions", response=list[VersionRefOut])
def list_innovation_versions(request, innovation_id: int):
    """The yearly versions of a published innovation, newest first; the current year is `is_current`."""
    innovation = get_object_or_404(Innovation.objects.published(), pk=innovation_id)
    return [
        {
            "year": entry.year,
            "is_current": entry.is_current,
            "saved_at": entry.saved_at,
            "url": reverse("api:get_innovation_version", args=[innovation.pk, entry.year]),
        }
        for entry in years_of(innovation)
    ]


@router.get("/innovations/{innovation_id}/versions/{year}", response=VersionOut)
def get_innovation_version(request, innovation_id: int, year: int):
    """One yearly version of a published innovation with, per field, what changed from the year before.

    `changes` lists every field in page order: `before`/`after` are display texts (lists of lines for
    people, partners, results, awards, affairs and SDGs); `before` is null for the earliest year.
    404 for an unpublished innovation or a year without a version.
    """
    innovation = get_object_or_404(Innovation.objects.published().select_related("agency"), pk=innovation_id)
    version = version_of(innovation, year)
    if version is None:
        raise Http404
    return {
        "innovation_id": innovation.pk,
        "year": version.year,
        "is_current": version.is_current,
        "saved_at": version.saved_at,
        "previous_year": version.previous_year,
        "changes": [
            {
                "field": c.key,
                "label": c.label,
                "kind": c.kind,
                "changed": c.changed,
                "before": c.before,
                "after": c.after,
            }
            for c in version.changes
        ],
    }


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

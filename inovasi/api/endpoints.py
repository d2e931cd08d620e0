"""Read API for reference data: regions, Pemda and their agencies. Public, paginated."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from inovasi.api.awards import router as awards_router
from inovasi.api.docs import LocalSwagger, declare_errors
from inovasi.api.errors import FieldErrors, translate
from inovasi.api.index import router as index_router
from inovasi.api.innovations import router as innovations_router
from inovasi.api.judging import router as judging_router
from inovasi.api.pagination import Pages
from inovasi.api.pemda import router as pemda_router
from inovasi.api.results import router as results_router
from inovasi.api.schemas import AgencyOut, GovernmentOut, RegionOut
from inovasi.organisations.models import Agency, Government
from inovasi.regions.models import Region


class InovasiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return declare_errors(super().get_openapi_schema(*args, **kwargs))


api = InovasiAPI(
    title="Inovasi API",
    version="1",
    urls_namespace="api",
    description="Katalog inovasi daerah, wilayah dan perangkat daerah. Lihat docs/api.md.",
    docs=LocalSwagger(),
)


@api.get("/", include_in_schema=False, url_name="index")
def api_index(request):
    """A short index: the version and where the schema and the docs are."""
    return {
        "name": api.title,
        "version": api.version,
        "schema": request.build_absolute_uri(reverse("api:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api:openapi-view")),
        "guide": "docs/api.md",
    }


@api.exception_handler(FieldErrors)
def field_errors(request, exc: FieldErrors):
    return api.create_response(request, {"detail": exc.details}, status=422)


@api.exception_handler(SchemaError)
def schema_errors(request, exc: SchemaError):
    return api.create_response(request, {"detail": translate(exc.errors)}, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    message = _("Belum masuk: masuk dengan akun, atau kirim token API di header Authorization: Bearer inv_….")
    return api.create_response(request, {"detail": message}, status=401)


regions = Router(tags=["wilayah"])
organisations = Router(tags=["organisasi"])


@regions.get("/regions", response=list[RegionOut])
@paginate(Pages, page_size=50)
def list_regions(request, level: str | None = None, parent: str | None = Query(None, description="kode provinsi")):
    qs = Region.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return qs


@regions.get("/regions/{code}", response=RegionOut)
def get_region(request, code: str):
    return get_object_or_404(Region.objects.select_related("parent"), code=code)


@organisations.get("/governments", response=list[GovernmentOut])
@paginate(Pages, page_size=50)
def list_governments(request, province: str | None = Query(None, description="kode provinsi")):
    qs = Government.objects.active().select_related("region")
    if province:
        # The province's own government and those of its kabupaten/kota ("3" must not match "35").
        qs = qs.filter(Q(region__code=province) | Q(region__parent__code=province))
    return qs


@organisations.get("/governments/{government_id}/agencies", response=list[AgencyOut])
@paginate(Pages, page_size=50)
def list_agencies(request, government_id: int):
    government = get_object_or_404(Government, pk=government_id)
    return Agency.objects.active().of_government(government).order_by("name")


api.add_router("", regions)
api.add_router("", organisations)
api.add_router("", innovations_router)
api.add_router("", index_router)
api.add_router("", judging_router)
api.add_router("", awards_router)
api.add_router("", results_router)
api.add_router("", pemda_router)

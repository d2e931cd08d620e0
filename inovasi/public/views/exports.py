"""Export of any filtered catalog view to CSV (streamed) or XLSX (openpyxl, write-only)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.exports import Export, export_view
from inovasi.search.catalog import CatalogParams, search_catalog


def export_header() -> list[str]:
    return [
        _("ID"),
        _("Nama inovasi"),
        _("Kepanjangan akronim"),
        _("Pemerintah daerah"),
        _("Kode wilayah"),
        _("Perangkat daerah"),
        _("Bentuk inovasi"),
        _("Jenis inovasi"),
        _("Tahapan"),
        _("Urusan pemerintahan"),
        _("Mulai diterapkan"),
        _("Tahun data"),
        _("Jumlah replikasi"),
        _("Penghargaan luar"),
        _("Ringkasan"),
        _("Tautan"),
    ]


def export_row(innovation, base_url: str) -> list:
    return [
        innovation.pk,
        innovation.name,
        innovation.acronym_expansion,
        innovation.government.name,
        innovation.government.region.code,
        innovation.agency.name,
        innovation.get_form_display(),
        innovation.get_type_display(),
        innovation.get_stage_display(),
        "; ".join(affair.name for affair in innovation.affairs.all()),
        (str(innovation.started_on.year) if innovation.started_year_only else innovation.started_on.isoformat())
        if innovation.started_on
        else "",
        innovation.year,
        innovation.replication_total,
        "; ".join(f"{r.name} ({r.year})" for r in innovation.recognitions.all()),
        innovation.summary,
        base_url + reverse("public:innovation_detail", args=[innovation.pk]),
    ]


@export_view
def catalog_export(request):
    result = search_catalog(CatalogParams.from_data(request.GET), with_facets=False)
    base_url = request.build_absolute_uri("/").rstrip("/")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return Export(
        filename=f"katalog-inovasi-{stamp}",
        header=export_header(),
        rows=(export_row(innovation, base_url) for innovation in result.iter_innovations()),
        sheet=_("Inovasi"),
    )

"""Export of any filtered catalog view to CSV (streamed) or XLSX (openpyxl, write-only)."""

import csv
import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

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


class _Echo:
    def write(self, value):
        return value


def catalog_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    result = search_catalog(CatalogParams.from_data(request.GET), with_facets=False)
    base_url = request.build_absolute_uri("/").rstrip("/")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"katalog-inovasi-{stamp}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())
        header = export_header()  # translated now, while the request's language is active

        def rows():
            yield "\ufeff"  # byte-order mark: spreadsheet programs then read the file as UTF-8
            yield writer.writerow(header)
            for innovation in result.iter_innovations():
                yield writer.writerow(export_row(innovation, base_url))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Inovasi"))
    sheet.append(export_header())
    for innovation in result.iter_innovations():
        sheet.append(export_row(innovation, base_url))
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by FileResponse
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

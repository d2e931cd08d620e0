"""The one export helper: formula guard, headers, streaming, and that every download URL uses it."""

import csv
import io

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from inovasi.exports import CSV_TYPE, XLSX_TYPE, Export, export_view

TRAPS = ['=HYPERLINK("http://jahat.test","klik")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _view(**extra):
    @export_view
    def view(request):
        return Export(
            filename="uji-ekspor", header=["Nama", "Angka"], rows=([t, 7] for t in TRAPS), sheet="Uji", **extra
        )

    return view


def _get(view, query=""):
    return view(RequestFactory().get("/x/" + query))


def test_csv_is_streamed_with_a_byte_order_mark_and_every_formula_start_gets_an_apostrophe():
    response = _get(_view(), "?format=csv")
    assert response.streaming
    assert response["Content-Type"] == CSV_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="uji-ekspor.csv"'
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows == [["Nama", "Angka"], *[["'" + t, "7"] for t in TRAPS]]


def test_xlsx_holds_every_formula_as_text_and_numbers_as_numbers():
    response = _get(_view(), "?format=xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="uji-ekspor.xlsx"'
    sheet = load_workbook(io.BytesIO(response.getvalue()))["Uji"]
    cells = [(row[0].value, row[0].data_type, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert cells == [(t, "s", 7) for t in TRAPS]


def test_control_characters_that_xlsx_cannot_hold_are_dropped_instead_of_failing():
    @export_view
    def view(request):
        return Export(filename="uji", header=["Nama"], rows=[["Bel\x07 Sekolah\x00"]])

    sheet = load_workbook(io.BytesIO(view(RequestFactory().get("/x/?format=xlsx")).getvalue())).active
    assert sheet["A2"].value == "Bel Sekolah"


def test_an_unknown_or_unoffered_format_is_a_404_before_the_view_runs():
    calls = []

    @export_view
    def view(request, fmt=None):
        calls.append(1)
        return Export(filename="uji", header=["Nama"], rows=[], formats=("csv",))

    with pytest.raises(Http404):
        view(RequestFactory().get("/x/"), fmt="pdf")
    assert calls == []
    with pytest.raises(Http404):
        view(RequestFactory().get("/x/"), fmt="xlsx")
    assert view(RequestFactory().get("/x/")).status_code == 200  # the first offered format by default


# Downloads that are not tabular data exports, each with its reason.
NOT_TABLE_EXPORTS = {
    "workspace:import_template": "an empty import template with drop-down validations, not data",
    "workspace:recognition_template": "the recognitions import template: a header and one example row, not data",
}


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def _is_table_download(route):
    return any(mark in route for mark in ("ekspor", "<str:fmt>", "<slug:fmt>", ".csv", ".xlsx", "format="))


def test_every_csv_or_xlsx_download_in_the_urlconf_is_written_by_the_one_helper():
    downloads = [(route, name, view) for route, name, view in _patterns(get_resolver()) if _is_table_download(route)]
    assert len(downloads) >= 8
    outside = [
        name
        for _route, name, view in downloads
        if name not in NOT_TABLE_EXPORTS and not getattr(view, "is_export_view", False)
    ]
    assert outside == []

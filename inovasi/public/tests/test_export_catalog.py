"""Export of a filtered catalog view: every matching row (not one page), CSV and XLSX, exact content."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog

HEADER = [
    "ID",
    "Nama inovasi",
    "Kepanjangan akronim",
    "Pemerintah daerah",
    "Kode wilayah",
    "Perangkat daerah",
    "Bentuk inovasi",
    "Jenis inovasi",
    "Tahapan",
    "Urusan pemerintahan",
    "Mulai diterapkan",
    "Tahun data",
    "Jumlah replikasi",
    "Penghargaan luar",
    "Ringkasan",
    "Tautan",
]


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def _expected(catalog):
    bank = catalog.bank_sampah
    diapers = catalog.rumah_diapers
    return [
        [
            str(bank.pk),
            "Bank Sampah Sekolah",
            "",
            "Pemerintah Kota Batu",
            "35.79",
            "UPT Benih Kota Batu",
            "Inovasi pelayanan publik",
            "Non-digital",
            "Uji coba",
            "Lingkungan Hidup",
            "2023-07-17",
            "2024",
            "0",
            "GATRA Awards (2022)",
            "Murid mengolah sampah anorganik menjadi tas anyaman.",
            f"http://testserver/inovasi/{bank.pk}/",
        ],
        [
            str(diapers.pk),
            "Rumah Diapers",
            "",
            "Pemerintah Kota Malang",
            "35.73",
            "Dinas Kesehatan Kota Malang",
            "Inovasi pelayanan publik",
            "Non-digital",
            "Penerapan",
            "Kesehatan; Lingkungan Hidup",
            "2020-02-10",
            "2024",
            "1",
            "",
            "Mendaur ulang sampah popok bayi bersama warga.",
            f"http://testserver/inovasi/{diapers.pk}/",
        ],
    ]


def test_csv_export_of_a_filtered_view(client, catalog):
    response = client.get(reverse("public:catalog_export"), {"format": "csv", "affair": "2.11", "sort": "name"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="katalog-inovasi-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [HEADER, *_expected(catalog)]


def test_xlsx_export_of_a_filtered_view(client, catalog):
    response = client.get(reverse("public:catalog_export"), {"format": "xlsx", "affair": "2.11"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Inovasi"]
    rows = [[("" if value is None else str(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [HEADER, *_expected(catalog)]


def test_the_export_holds_every_match_not_one_page_and_never_a_draft(client, cast):
    for n in range(25):
        make_innovation(cast.agency_a, f"Inovasi Desa {n:02d}")
    make_innovation(cast.agency_a, "Inovasi Desa Draf", status="draft")
    response = client.get(reverse("public:catalog_export"), {"format": "csv", "q": "desa"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))
    assert len(rows) == 26
    # Equally relevant rows follow the name.
    assert [row[1] for row in rows[1:]] == [f"Inovasi Desa {n:02d}" for n in range(25)]


def test_an_unknown_format_is_a_404(client, db):
    assert client.get(reverse("public:catalog_export"), {"format": "pdf"}).status_code == 404

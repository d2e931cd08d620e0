"""Builders of real import files (XLSX through openpyxl, CSV as UTF-8 text) for the import tests."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from inovasi.data_exchange.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture(autouse=True)
def media(media):
    """Every test here stores files under a temporary MEDIA_ROOT (tests_support.fixtures)."""
    return media


def valid_row(n: int = 1, **overrides) -> dict:
    """One valid row for the cast's agency_a (Dinas Pertanian Kota Batu), keyed by header."""
    row = {
        "Nama inovasi": f"Inovasi Uji {n}",
        "Kepanjangan akronim": f"Kepanjangan Uji {n}",
        "Perangkat daerah": "Dinas Pertanian Kota Batu",
        "Inisiator": "Perangkat daerah (OPD)",
        "Bentuk inovasi": "Inovasi pelayanan publik",
        "Jenis inovasi": "Digital",
        "Tahapan": "Penerapan",
        "Urusan pemerintahan": "3.27;1.02",
        "SDGs": "2;3",
        "Mulai diterapkan": "2021-03-01",
        "Tahun data": 2024,
        "Ringkasan": f"Ringkasan inovasi {n}.",
        "Latar belakang dan tujuan": "Petani sulit mendapat saran ahli.",
        "Kebaruan / nilai tambah": "Konsultasi daring.",
        "Implementasi": "Aplikasi dan penyuluh.",
        "Signifikansi": "Keluhan terjawab lebih cepat.",
        "Adaptabilitas": "Dapat ditiru daerah lain.",
        "Sumber daya": "Penyuluh pertanian.",
        "Strategi keberlanjutan": "Masuk rencana kerja dinas.",
        "Hasil: ukuran": "",
        "Hasil: nilai": "",
        "Hasil: satuan": "",
        "Hasil: tahun": "",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data Inovasi"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) if row.get(h) != "" else None for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], delimiter: str = ",", headers: list[str] | None = None, bom: bool = False) -> bytes:
    headers = headers or HEADERS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)

"""Files that are not import files are refused at upload, with the expected format named; no job is saved."""

import io
import zipfile

import pytest
from django.urls import reverse

from inovasi.data_exchange.enums import ImportStatus
from inovasi.data_exchange.models import ImportJob
from inovasi.data_exchange.tests.conftest import HEADERS, csv_bytes, upload, valid_row, xlsx_bytes
from inovasi.innovations.models import Innovation

HINT = (
    "Unggah templat impor dalam format Excel (.xlsx) atau berkas CSV (UTF-8, dipisahkan koma atau titik koma) "
    "dengan baris judul dari templat."
)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _post(client, user, government, name, content):
    client.force_login(user)
    return client.post(reverse("workspace:import_start", args=[government.pk]), {"file": upload(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laporan.xlsx", b"%PDF-1.7\n1 0 obj\n", "Berkas ini bukan buku kerja Excel .xlsx yang sah. " + HINT),
        ("proposal.xlsx", _docx(), "Berkas ini dokumen Word, bukan buku kerja Excel. " + HINT),
        ("proposal.docx", _docx(), "Format berkas tidak didukung. " + HINT),
        ("kosong.xlsx", b"", "Berkas kosong. " + HINT),
        ("kosong.csv", b"", "Berkas kosong. " + HINT),
        (
            "lama.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "Format Excel lama (.xls) tidak didukung; simpan ulang sebagai .xlsx. " + HINT,
        ),
        ("data.csv", b"%PDF-1.4 bukan csv", "Berkas ini bukan berkas teks CSV. " + HINT),
        (
            "latin1.csv",
            "Nama inovasi;Perangkat daerah\nKantin Sehat Pe\xf1a;Dinas\n".encode("latin-1"),
            "Berkas CSV harus berpengodean UTF-8 (di Excel: Simpan Sebagai → “CSV UTF-8”). Berkas ini memakai "
            "pengodean lain. " + HINT,
        ),
    ],
)
def test_a_file_of_the_wrong_format_is_refused_with_the_expected_format(client, cast, name, content, message):
    response = _post(client, cast.admin_a, cast.gov_a, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert not ImportJob.objects.exists()
    assert not Innovation.objects.exists()


def test_missing_required_header_columns_are_named(client, cast):
    headers = [h for h in HEADERS if h not in {"Tahapan", "Tahun data"}]
    response = _post(client, cast.admin_a, cast.gov_a, "tanpa.xlsx", xlsx_bytes([valid_row()], headers=headers))
    assert response.context["form"].errors["file"] == [
        "Kolom wajib tidak ditemukan di baris judul: Tahapan, Tahun data. " + HINT
    ]
    assert not ImportJob.objects.exists()


def test_an_unknown_header_column_is_refused_rather_than_silently_dropped(client, cast):
    headers = [*HEADERS[:-1], "Ringkasn"]
    response = _post(client, cast.admin_a, cast.gov_a, "salah.csv", csv_bytes([valid_row()], headers=headers))
    assert response.context["form"].errors["file"] == ["Kolom tidak dikenal: “Ringkasn”. " + HINT]


def test_headers_match_whatever_the_case_and_spacing(client, cast):
    headers = [f"  {h.upper()} *" if h == "Tahapan" else h.lower() for h in HEADERS]
    rows = [{h2: v for h2, v in zip(headers, valid_row().values(), strict=True)}]
    _post(client, cast.admin_a, cast.gov_a, "huruf.csv", csv_bytes(rows, delimiter=";", headers=headers))
    assert ImportJob.objects.get().status == ImportStatus.SUCCEEDED
    assert Innovation.objects.count() == 1


def test_a_file_with_only_the_header_fails_with_a_clear_report(client, cast):
    _post(client, cast.admin_a, cast.gov_a, "kosong.xlsx", xlsx_bytes([]))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert [e["message"] for e in job.errors] == ["Berkas tidak berisi satu baris data pun di bawah baris judul."]

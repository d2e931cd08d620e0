import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.data_exchange.enums import ImportStatus
from inovasi.data_exchange.models import ImportJob
from inovasi.data_exchange.services import start_import
from inovasi.data_exchange.tests.conftest import csv_bytes, upload, valid_row, xlsx_bytes
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.search.models import SearchDocument


def _import(client, user, government, name, content, publish=False):
    client.force_login(user)
    data = {"file": upload(name, content)}
    if publish:
        data["publish"] = "on"
    return client.post(reverse("workspace:import_start", args=[government.pk]), data)


def test_a_valid_xlsx_creates_exactly_the_expected_drafts(client, cast):
    rows = [
        valid_row(1),
        valid_row(
            2,
            **{
                "Nama inovasi": "Among Tani Crop",
                "Perangkat daerah": "upt benih kota batu",
                "Inisiator": "asn",
                "Bentuk inovasi": "tata_kelola",
                "Jenis inovasi": "NON-DIGITAL",
                "Tahapan": "uji coba",
                "Urusan pemerintahan": "Pertanian",
                "SDGs": "",
                "Mulai diterapkan": "01/03/2021",
                "Hasil: ukuran": "Nilai transaksi",
                "Hasil: nilai": "109.600.000.000",
                "Hasil: satuan": "Rp",
                "Hasil: tahun": 2024,
            },
        ),
    ]
    response = _import(client, cast.operator_a, cast.gov_a, "inovasi.xlsx", xlsx_bytes(rows))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:import_detail", args=[job.pk])
    assert (job.status, job.format, job.total_rows, job.processed_rows, job.created_count) == (
        ImportStatus.SUCCEEDED,
        "xlsx",
        2,
        2,
        2,
    )
    assert job.errors == []
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.indexed_at >= job.finished_at
    assert job.progress_percent == 100

    first, second = Innovation.objects.order_by("name")
    assert second.name == "Inovasi Uji 1"
    assert (second.agency, second.government, second.status, second.created_by) == (
        cast.agency_a,
        cast.gov_a,
        InnovationStatus.DRAFT,
        cast.operator_a,
    )
    assert (second.initiator_kind, second.form, second.type, second.stage) == (
        "perangkat_daerah",
        "pelayanan_publik",
        "digital",
        "penerapan",
    )
    assert second.started_on == dt.date(2021, 3, 1)
    assert second.year == 2024
    assert second.acronym_expansion == "Kepanjangan Uji 1"
    assert second.summary == "Ringkasan inovasi 1."
    assert second.sustainability == "Masuk rencana kerja dinas."
    assert second.published_at is None
    assert sorted(second.affairs.values_list("code", flat=True)) == ["1.02", "3.27"]
    assert sorted(second.sdgs.values_list("number", flat=True)) == [2, 3]
    assert not second.results.exists()

    assert first.name == "Among Tani Crop"
    assert (first.agency, first.initiator_kind, first.form, first.type, first.stage) == (
        cast.unit_a,
        "asn",
        "tata_kelola",
        "non_digital",
        "uji_coba",
    )
    assert first.started_on == dt.date(2021, 3, 1)
    assert list(first.affairs.values_list("code", flat=True)) == ["3.27"]
    assert not first.sdgs.exists()
    result = first.results.get()
    assert (result.metric, result.value, result.unit, result.year) == (
        "Nilai transaksi",
        Decimal("109600000000"),
        "Rp",
        2024,
    )

    event = AuditEvent.objects.get(action="innovation.import")
    assert (event.action, event.actor, event.object_id) == ("innovation.import", cast.operator_a, str(job.pk))
    assert event.after["created"] == 2
    assert event.after["sha256"] == job.sha256
    assert len(job.sha256) == 64
    # Drafts are not in the public search index; the import called the indexer, which skips them.
    assert not SearchDocument.objects.filter(innovation__in=[first, second]).exists()


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_valid_csv_with_either_delimiter_is_imported_and_may_be_published_by_the_admin(client, cast, delimiter):
    rows = [valid_row(n, **{"Tahun data": "2023", "SDGs": "SDG 8"}) for n in range(1, 4)]
    content = csv_bytes(rows, delimiter=delimiter, bom=True)
    _import(client, cast.admin_a, cast.gov_a, "data.CSV", content, publish=True)

    job = ImportJob.objects.get()
    assert (job.status, job.format, job.created_count, job.publish) == (ImportStatus.SUCCEEDED, "csv", 3, True)
    innovations = list(Innovation.objects.order_by("name"))
    assert [i.name for i in innovations] == ["Inovasi Uji 1", "Inovasi Uji 2", "Inovasi Uji 3"]
    assert {i.status for i in innovations} == {InnovationStatus.PUBLISHED}
    assert all(i.published_at is not None for i in innovations)
    assert {i.year for i in innovations} == {2023}
    assert [list(i.sdgs.values_list("number", flat=True)) for i in innovations] == [[8], [8], [8]]
    assert AuditEvent.objects.get(action="innovation.import").after["status"] == "published"
    assert SearchDocument.objects.filter(innovation__in=innovations).count() == 3


def test_a_csv_row_with_a_semicolon_list_inside_quotes_keeps_its_list(client, cast):
    content = csv_bytes([valid_row(1, **{"Urusan pemerintahan": "1.01;1.02;1.06"})], delimiter=",")
    _import(client, cast.operator_a, cast.gov_a, "data.csv", content)
    assert sorted(Innovation.objects.get().affairs.values_list("code", flat=True)) == ["1.01", "1.02", "1.06"]


def test_one_bad_row_among_many_writes_nothing_and_names_row_column_and_reason(client, cast):
    rows = [valid_row(n) for n in range(1, 31)]
    rows[12]["Tahapan"] = "ujicoba"  # sheet row 14: the header is row 1
    response = _import(client, cast.operator_a, cast.gov_a, "banyak.xlsx", xlsx_bytes(rows))

    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.processed_rows, job.created_count, job.error_count) == (
        ImportStatus.FAILED,
        30,
        30,
        0,
        1,
    )
    assert job.errors == [
        {
            "row": 14,
            "column": "Tahapan",
            "reason": "'ujicoba' bukan pilihan yang sah (inisiatif, uji coba, penerapan).",
            "message": "Baris 14, kolom Tahapan: 'ujicoba' bukan pilihan yang sah (inisiatif, uji coba, penerapan).",
        }
    ]
    assert not Innovation.objects.exists()
    # Only the job's own moves are audited; nothing about innovations.
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == ["import.start", "import.fail"]
    page = client.get(response["Location"]).content.decode()
    assert (
        "Baris 14, kolom Tahapan: &#x27;ujicoba&#x27; bukan pilihan yang sah (inisiatif, uji coba, penerapan)." in page
    )
    assert "Tidak ada data yang disimpan: 1 kesalahan ditemukan di 30 baris." in page


@time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
def test_every_problem_of_every_row_is_reported_at_once(client, cast):
    Innovation.objects.create(
        agency=cast.agency_a,
        name="Sudah Ada",
        initiator_kind="asn",
        form="lainnya",
        type="digital",
        stage="inisiatif",
        year=2023,
    )
    rows = [
        valid_row(1, **{"Nama inovasi": "sudah  ada"}),
        valid_row(2, **{"Mulai diterapkan": "31/02/2021", "SDGs": "3;18", "Urusan pemerintahan": "9.99"}),
        valid_row(3, **{"Nama inovasi": "Inovasi Uji 2", "Tahun data": "24", "Inisiator": ""}),
        valid_row(4, **{"Hasil: ukuran": "Penerima manfaat", "Hasil: nilai": "1.200"}),
        valid_row(
            5, **{"Hasil: ukuran": "Nilai", "Hasil: nilai": "banyak", "Hasil: satuan": "Rp", "Hasil: tahun": 2024}
        ),
        valid_row(6, **{"Nama inovasi": "X" * 201}),
    ]
    _import(client, cast.operator_a, cast.gov_a, "galat.xlsx", xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert [e["message"] for e in job.errors] == [
        "Baris 2, kolom Nama inovasi: “sudah ada” sudah terdaftar sebagai inovasi Pemerintah Kota Batu.",
        "Baris 3, kolom Urusan pemerintahan: '9.99' bukan kode atau nama urusan yang dikenal (lihat lembar Urusan).",
        "Baris 3, kolom SDGs: '18' bukan nomor SDGs yang sah (1 sampai 17).",
        "Baris 3, kolom Mulai diterapkan: '31/02/2021' bukan tanggal yang sah; tulis TTTT-BB-HH (2021-03-01), "
        "HH/BB/TTTT (01/03/2021) atau tahunnya saja (2021).",
        "Baris 4, kolom Nama inovasi: nama “Inovasi Uji 2” sudah dipakai di baris 3 berkas ini.",
        "Baris 4, kolom Inisiator: wajib diisi (kepala daerah, anggota DPRD, perangkat daerah (OPD), ASN, masyarakat).",
        "Baris 4, kolom Tahun data: '24' bukan tahun yang sah (empat angka, 1945–2027).",
        "Baris 5, kolom Hasil: satuan: hasil terukur harus lengkap (ukuran, nilai, satuan, tahun); kolom kosong: "
        "Hasil: satuan, Hasil: tahun.",
        "Baris 5, kolom Hasil: tahun: hasil terukur harus lengkap (ukuran, nilai, satuan, tahun); kolom kosong: "
        "Hasil: satuan, Hasil: tahun.",
        "Baris 6, kolom Hasil: nilai: 'banyak' bukan angka yang sah (contoh: 109600000000 atau 109.600.000.000).",
        "Baris 7, kolom Nama inovasi: terlalu panjang (201 karakter); paling banyak 200 karakter.",
    ]
    assert job.error_count == 11
    assert Innovation.objects.count() == 1


def test_another_regions_agency_is_refused(client, cast):
    rows = [valid_row(1), valid_row(2, **{"Perangkat daerah": "Dinas Kesehatan Kota Malang"})]
    _import(client, cast.admin_a, cast.gov_a, "campur.xlsx", xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert [e["message"] for e in job.errors] == [
        "Baris 3, kolom Perangkat daerah: “Dinas Kesehatan Kota Malang” tidak terdaftar sebagai perangkat daerah "
        "Pemerintah Kota Batu."
    ]
    assert not Innovation.objects.exists()


def test_an_operator_may_not_import_for_another_agency_of_the_same_pemda(client, cast):
    from inovasi.organisations.models import Agency

    Agency.objects.create(government=cast.gov_a, name="Dinas Pariwisata Kota Batu", kind="dinas")
    rows = [valid_row(1, **{"Perangkat daerah": "Dinas Pariwisata Kota Batu"})]
    _import(client, cast.operator_a, cast.gov_a, "lain.xlsx", xlsx_bytes(rows))
    assert [e["message"] for e in ImportJob.objects.get().errors] == [
        "Baris 2, kolom Perangkat daerah: “Dinas Pariwisata Kota Batu” bukan perangkat daerah Anda; operator hanya "
        "dapat mengimpor untuk perangkat daerahnya dan unit di bawahnya."
    ]
    assert not Innovation.objects.exists()


def test_an_operator_cannot_publish_on_import(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        start_import(
            government=cast.gov_a,
            uploaded_file=upload("a.xlsx", xlsx_bytes([valid_row()])),
            publish=True,
            actor=cast.operator_a,
        )
    assert exc.value.messages == ["Hanya Admin Pemda yang dapat langsung menerbitkan hasil impor."]
    assert not ImportJob.objects.exists()


def test_the_error_report_downloads_as_csv(client, cast):
    rows = [valid_row(1, **{"Tahapan": "ujicoba"}), valid_row(2, **{"Jenis inovasi": "analog"})]
    _import(client, cast.operator_a, cast.gov_a, "galat.xlsx", xlsx_bytes(rows))
    job = ImportJob.objects.get()
    response = client.get(reverse("workspace:import_errors_csv", args=[job.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.getvalue().decode("utf-8-sig").splitlines() == [
        "Baris,Kolom,Alasan,Pesan",
        "2,Tahapan,\"'ujicoba' bukan pilihan yang sah (inisiatif, uji coba, penerapan).\","
        "\"Baris 2, kolom Tahapan: 'ujicoba' bukan pilihan yang sah (inisiatif, uji coba, penerapan).\"",
        "3,Jenis inovasi,\"'analog' bukan pilihan yang sah (digital, non-digital).\","
        "\"Baris 3, kolom Jenis inovasi: 'analog' bukan pilihan yang sah (digital, non-digital).\"",
    ]


def test_a_year_alone_means_only_the_year_is_known(client, cast):
    content = csv_bytes(
        [valid_row(1, **{"Mulai diterapkan": "2021"}), valid_row(2, **{"Mulai diterapkan": "01/03/2021"})],
        delimiter=",",
    )
    _import(client, cast.operator_a, cast.gov_a, "data.csv", content)
    started = dict(Innovation.objects.values_list("name", "started_on"))
    year_only = dict(Innovation.objects.values_list("name", "started_year_only"))
    assert started == {"Inovasi Uji 1": dt.date(2021, 1, 1), "Inovasi Uji 2": dt.date(2021, 3, 1)}
    assert year_only == {"Inovasi Uji 1": True, "Inovasi Uji 2": False}

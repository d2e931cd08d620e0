"""A Pemda's recognitions from one XLSX: all or nothing, every problem with its row and column,
each accepted row recorded through the screen's verb and audited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from inovasi.audit.models import AuditEvent
from inovasi.data_exchange.recognitions import COLUMNS, import_recognitions, template
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Recognition
from inovasi.innovations.tests.builders import make_innovation

HEADER = [str(label) for _key, label in COLUMNS]


def xlsx(*rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("penghargaan.xlsx", buffer.getvalue())


@pytest.fixture
def registry(cast):
    among = make_innovation(cast, status=InnovationStatus.PUBLISHED, name="Among Tani Crop")
    pentas = make_innovation(cast, status=InnovationStatus.PUBLISHED, name="PENTAS GEMILANG")
    return among, pentas


def test_every_row_is_recorded_and_audited(cast, registry):
    among, pentas = registry
    report = import_recognitions(
        government=cast.gov_a,
        upload=xlsx(
            ["among tani  crop", "KOVABLIK Jawa Timur", "Pemerintah Provinsi Jawa Timur", 2023, "Top 45", ""],
            ["PENTAS GEMILANG", "Innovative Government Award", "Kemendagri", "2024", "", "https://contoh.go.id/iga"],
        ),
        actor=cast.admin_a,
    )
    assert report.ok and report.created == 2
    assert list(among.recognitions.values_list("name", "year", "category")) == [("KOVABLIK Jawa Timur", 2023, "Top 45")]
    assert pentas.recognitions.get().url == "https://contoh.go.id/iga"
    assert AuditEvent.objects.filter(action="innovation.recognition.create").count() == 2


def test_one_bad_row_writes_nothing_and_every_problem_is_named(cast, registry):
    other = make_innovation(cast, status=InnovationStatus.PUBLISHED, name="Milik Malang", agency=cast.agency_b)
    report = import_recognitions(
        government=cast.gov_a,
        upload=xlsx(
            ["Among Tani Crop", "KOVABLIK Jawa Timur", "Pemprov Jatim", 2023, "Top 45", ""],
            ["Tidak Ada", "IGA", "Kemendagri", 2024, "", ""],
            [other.name, "IGA", "Kemendagri", 2024, "", ""],
            ["PENTAS GEMILANG", "IGA", "", 2024, "", ""],
            ["PENTAS GEMILANG", "IGA", "Kemendagri", 1985, "", ""],
            ["PENTAS GEMILANG", "IGA", "Kemendagri", "dua ribu", "", ""],
            ["Among Tani Crop", "KOVABLIK Jawa Timur", "Pemprov Jatim", 2023, "Top 30", ""],
            ["PENTAS GEMILANG", "IGA", "Kemendagri", 2024, "", "ftp://x"],
        ),
        actor=cast.admin_a,
    )
    assert not report.ok and Recognition.objects.count() == 0
    found = {(p.row, p.column) for p in report.problems}
    assert {
        (3, "Nama inovasi"),
        (4, "Nama inovasi"),
        (5, "Pemberi"),
        (6, "Tahun"),
        (7, "Tahun"),
        (8, "Kompetisi atau penghargaan"),
    } <= found
    assert not AuditEvent.objects.filter(action="innovation.recognition.create").exists()


def test_a_service_refusal_rolls_back_the_rows_before_it(cast, registry):
    report = import_recognitions(
        government=cast.gov_a,
        upload=xlsx(
            ["Among Tani Crop", "KOVABLIK", "Pemprov Jatim", 2023, "", ""],
            ["PENTAS GEMILANG", "IGA", "Kemendagri", 2024, "", "ftp://bukan-web"],
        ),
        actor=cast.admin_a,
    )
    assert not report.ok and report.problems[0].row == 3
    assert Recognition.objects.count() == 0


def test_already_recorded_and_wrong_files_are_refused(cast, registry):
    among, _pentas = registry
    Recognition.objects.create(innovation=among, name="KOVABLIK", giver="Pemprov", year=2023)
    again = import_recognitions(
        government=cast.gov_a, upload=xlsx(["Among Tani Crop", "kovablik", "Pemprov", 2023, "", ""]), actor=cast.admin_a
    )
    assert "sudah tercatat" in again.problems[0].message
    wrong = import_recognitions(government=cast.gov_a, upload=xlsx(["x"], header=["Salah"]), actor=cast.admin_a)
    assert "Judul kolom" in wrong.problems[0].message
    garbage = SimpleUploadedFile("x.xlsx", b"bukan xlsx")
    assert (
        "bukan XLSX"
        in import_recognitions(government=cast.gov_a, upload=garbage, actor=cast.admin_a).problems[0].message
    )
    empty = import_recognitions(government=cast.gov_a, upload=xlsx(), actor=cast.admin_a)
    assert "tidak berisi" in empty.problems[0].message


def test_the_page_reports_problems_and_offers_the_template(client, cast, registry):
    client.force_login(cast.operator_a)
    url = f"/ruang-kerja/pemda/{cast.gov_a.pk}/impor-penghargaan/"
    sheet = load_workbook(io.BytesIO(template())).active
    assert [c.value for c in sheet[1]] == HEADER
    assert client.get(url + "templat.xlsx").status_code == 200
    refused = client.post(url, {"file": xlsx(["Tidak Ada", "IGA", "Kemendagri", 2024, "", ""])})
    assert refused.status_code == 422 and "tidak ada di registri" in refused.content.decode()
    done = client.post(url, {"file": xlsx(["Among Tani Crop", "IGA", "Kemendagri", 2024, "", ""])}, follow=True)
    assert "1 penghargaan dicatat" in done.content.decode()
    client.force_login(cast.admin_b)
    assert client.get(url).status_code == 403

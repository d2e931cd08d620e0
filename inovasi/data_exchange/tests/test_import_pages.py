import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inovasi.data_exchange.columns import COLUMNS
from inovasi.data_exchange.enums import ImportStatus
from inovasi.data_exchange.models import ImportJob
from inovasi.organisations.models import Agency


def _job(cast, user, status=ImportStatus.PENDING, **fields):
    return ImportJob.objects.create(
        government=cast.gov_a,
        created_by=user,
        file="imports/x.xlsx",
        original_name="x.xlsx",
        format="xlsx",
        sha256="0" * 64,
        status=status,
        **fields,
    )


def test_the_template_opens_with_openpyxl_and_has_headers_dropdowns_and_reference_sheets(client, cast):
    client.force_login(cast.admin_a)
    response = client.get(reverse("workspace:import_template", args=[cast.gov_a.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-inovasi-35-79.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Data Inovasi", "Petunjuk", "Pilihan", "Perangkat Daerah", "Urusan", "SDGs"]
    data = workbook["Data Inovasi"]
    assert [c.value for c in data[1]] == [c.header for c in COLUMNS]
    assert data.max_row == 1
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert validations == {
        "C2:C50001": "'Perangkat Daerah'!$A$2:$A$3",
        "D2:D50001": "'Pilihan'!$A$2:$A$6",
        "E2:E50001": "'Pilihan'!$B$2:$B$4",
        "F2:F50001": "'Pilihan'!$C$2:$C$3",
        "G2:G50001": "'Pilihan'!$D$2:$D$4",
    }
    choices = workbook["Pilihan"]
    assert [c.value for c in choices["D"]] == ["Tahapan", "Inisiatif", "Uji coba", "Penerapan", None, None]
    assert [r[0].value for r in workbook["Perangkat Daerah"].iter_rows(min_row=2)] == [
        "Dinas Pertanian Kota Batu",
        "UPT Benih Kota Batu",
    ]
    urusan = [(r[0].value, r[1].value) for r in workbook["Urusan"].iter_rows(min_row=2)]
    assert len(urusan) == 38
    assert urusan[1] == ("1.02", "Kesehatan")
    assert [r[0].value for r in workbook["SDGs"].iter_rows(min_row=2)] == list(range(1, 18))
    assert "Semua baris diperiksa dulu" in " ".join(str(c.value) for c in workbook["Petunjuk"]["A"])


def test_an_operators_template_lists_only_their_agency_and_its_units(client, cast):
    Agency.objects.create(government=cast.gov_a, name="Dinas Pariwisata Kota Batu", kind="dinas")
    client.force_login(cast.operator_a)
    response = client.get(reverse("workspace:import_template", args=[cast.gov_a.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert [r[0].value for r in workbook["Perangkat Daerah"].iter_rows(min_row=2)] == [
        "Dinas Pertanian Kota Batu",
        "UPT Benih Kota Batu",
    ]


def test_the_start_page_offers_publishing_to_the_admin_only(client, cast):
    client.force_login(cast.admin_a)
    assert "Langsung terbitkan" in client.get(reverse("workspace:import_start", args=[cast.gov_a.pk])).content.decode()
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:import_start", args=[cast.gov_a.pk])).content.decode()
    assert "Langsung terbitkan" not in page
    assert "Belum ada impor." in page


def test_a_running_job_polls_with_htmx_and_shows_its_progress(client, cast):
    job = _job(cast, cast.operator_a, ImportStatus.RUNNING, total_rows=37000, processed_rows=12000)
    client.force_login(cast.operator_a)
    url = reverse("workspace:import_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert '<progress id="import-progress-bar" class="w-100" max="100" value="32">' in page
    assert "12.000 dari 37.000 baris diperiksa" in page
    assert job.progress_percent == 32

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="import-progress"')
    assert "<html" not in partial


def test_a_finished_job_stops_polling(client, cast):
    job = _job(
        cast,
        cast.operator_a,
        ImportStatus.SUCCEEDED,
        total_rows=3,
        processed_rows=3,
        created_count=3,
        indexed_at=timezone.now(),
    )
    client.force_login(cast.operator_a)
    partial = client.get(reverse("workspace:import_detail", args=[job.pk]), headers={"HX-Request": "true"})
    content = partial.content.decode()
    assert "hx-trigger" not in content
    assert "Selesai: 3 inovasi dibuat dari 3 baris." in content
    assert "indeks pencarian" not in content


def test_a_written_job_keeps_polling_until_the_search_index_has_caught_up(client, cast):
    job = _job(cast, cast.admin_a, ImportStatus.SUCCEEDED, total_rows=3, processed_rows=3, created_count=3)
    client.force_login(cast.admin_a)
    content = client.get(reverse("workspace:import_detail", args=[job.pk]), headers={"HX-Request": "true"})
    content = content.content.decode()
    assert 'hx-trigger="every 1s"' in content
    assert "Selesai: 3 inovasi dibuat dari 3 baris." in content
    assert "Inovasi sedang dimasukkan ke indeks pencarian" in content


def test_anonymous_is_sent_to_login(client, cast):
    job = _job(cast, cast.operator_a)
    for url in (
        reverse("workspace:import_start", args=[cast.gov_a.pk]),
        reverse("workspace:import_template", args=[cast.gov_a.pk]),
        reverse("workspace:import_detail", args=[job.pk]),
        reverse("workspace:import_errors_csv", args=[job.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["admin_b", "operator_b", "organizer", "juror", "verifier", "no_role"])
def test_other_personas_cannot_import_into_pemda_a_or_open_its_jobs(client, cast, who):
    job = _job(
        cast,
        cast.operator_a,
        ImportStatus.FAILED,
        errors=[{"row": 2, "column": "Tahapan", "reason": "x", "message": "rahasia"}],
    )
    client.force_login(getattr(cast, who))
    for method, url in (
        ("get", reverse("workspace:import_start", args=[cast.gov_a.pk])),
        ("post", reverse("workspace:import_start", args=[cast.gov_a.pk])),
        ("get", reverse("workspace:import_template", args=[cast.gov_a.pk])),
        ("get", reverse("workspace:import_detail", args=[job.pk])),
        ("get", reverse("workspace:import_errors_csv", args=[job.pk])),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "rahasia" not in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_an_operator_of_the_same_pemda_cannot_open_another_operators_job(client, cast):
    from conftest import make_user
    from inovasi.accounts.enums import Role

    other_agency = Agency.objects.create(government=cast.gov_a, name="Dinas Pariwisata Kota Batu", kind="dinas")
    other = make_user("op.pariwisata@uji.test", Role.OPERATOR, "agency", other_agency)
    job = _job(cast, cast.operator_a)
    client.force_login(other)
    assert client.get(reverse("workspace:import_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("workspace:import_start", args=[cast.gov_a.pk])).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("admin_a", 200), ("operator_a", 200), ("system_admin", 200)])
def test_the_uploader_the_pemda_admin_and_system_admin_open_the_job(client, cast, who, status):
    job = _job(
        cast,
        cast.operator_a,
        ImportStatus.FAILED,
        errors=[{"row": 2, "column": "Tahapan", "reason": "x", "message": "Baris 2, kolom Tahapan: x"}],
        error_count=1,
    )
    client.force_login(getattr(cast, who))
    response = client.get(reverse("workspace:import_detail", args=[job.pk]))
    assert response.status_code == status
    assert "Baris 2, kolom Tahapan: x" in response.content.decode()


def test_an_unknown_job_is_a_404(client, cast):
    client.force_login(cast.admin_a)
    assert client.get(reverse("workspace:import_detail", args=[999999])).status_code == 404


def _count(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("workspace:import_start", args=[cast.gov_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(ctx), response.content.decode()


def test_the_job_list_costs_the_same_queries_for_1_and_3_jobs(client, cast):
    _job(cast, cast.operator_a, ImportStatus.SUCCEEDED)
    one, page = _count(client, cast)
    assert page.count("x.xlsx</a>") == 1
    _job(cast, cast.admin_a, ImportStatus.FAILED)
    _job(cast, cast.operator_a)
    three, page = _count(client, cast)
    assert page.count("x.xlsx</a>") == 3
    assert one == three
    assert one <= 7  # an absolute ceiling (measured), not only "does not grow"


def test_a_job_that_validated_every_row_says_it_is_saving(client, cast):
    job = _job(cast, cast.admin_a, ImportStatus.RUNNING, total_rows=37000, processed_rows=37000)
    client.force_login(cast.admin_a)
    partial = client.get(reverse("workspace:import_detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "Semua 37.000 baris sah; menyimpan dan mengindeks…" in partial.content.decode()


def test_a_job_whose_indexing_never_finished_stops_polling_and_says_so(client, cast):
    written = timezone.now() - dt.timedelta(minutes=16)
    job = _job(cast, cast.admin_a, ImportStatus.SUCCEEDED, total_rows=3, processed_rows=3, created_count=3)
    ImportJob.objects.filter(pk=job.pk).update(finished_at=written)
    client.force_login(cast.admin_a)
    content = client.get(reverse("workspace:import_detail", args=[job.pk]), headers={"HX-Request": "true"})
    content = content.content.decode()
    assert "hx-trigger" not in content
    assert "Indeks pencarian belum diperbarui untuk inovasi ini." in content

"""The import runs in Indonesian whatever language the worker thread has active."""

from django.utils import translation

from inovasi.data_exchange.enums import ImportStatus
from inovasi.data_exchange.services import start_import
from inovasi.data_exchange.tests.conftest import upload, valid_row, xlsx_bytes
from inovasi.innovations.models import Innovation


def test_an_import_succeeds_when_the_worker_thread_has_english_active(cast):
    # A task worker (or an earlier request in the same thread) may have left English active; the
    # template's choice columns are Indonesian labels and must still match.
    with translation.override("en"):
        job = start_import(
            government=cast.gov_a, uploaded_file=upload("impor.xlsx", xlsx_bytes([valid_row(1)])), actor=cast.admin_a
        )
    job.refresh_from_db()
    assert (job.status, job.errors) == (ImportStatus.SUCCEEDED, [])
    assert Innovation.objects.filter(name="Inovasi Uji 1").exists()

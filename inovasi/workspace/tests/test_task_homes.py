"""Task-centred homes: what waits for the operator, the Admin Pemda and the field verifier, with
counts, and a query count that does not grow with the number of records."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.competitions.editions import create_edition_from_preset
from inovasi.innovations import services
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.tests.builders import make_innovation

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
QUERY_CEILING = 20


@pytest.fixture
def open_edition(cast):
    with time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=WIB), tick=False):
        edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)
        edition.is_published = True
        edition.save()
        yield edition


def _records(cast, n):
    for i in range(n):
        make_innovation(cast, name=f"Draf {i}")
        make_innovation(cast, name=f"Tinjau {i}", status=S.SUBMITTED)
        make_innovation(cast, name=f"Kembali {i}", status=S.RETURNED)


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("workspace:dashboard")).content.decode()
    return page, len(queries)


def test_the_admin_pemda_home_counts_what_waits_and_names_the_deadline(client, cast, open_edition):
    _records(cast, 2)
    client.force_login(cast.admin_a)
    with time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=WIB), tick=False):
        page, _n = _home(client)
    assert "Perlu tindakan Anda" in page
    assert "2 menunggu tinjauan" in page and "2 dikembalikan" in page and "2 draf" in page
    assert "batas KOVABLIK" in page
    assert "Kembali 1" in page and "Draf 0" in page
    assert page.index("Kembali 1") < page.index("Draf 1")  # returned records first


def test_the_operator_home_lists_drafts_and_returned_records(client, cast):
    make_innovation(cast, name="Draf Saya")
    returned = make_innovation(cast, name="Perlu Diperbaiki", status=S.RETURNED)
    client.force_login(cast.operator_a)
    page, _n = _home(client)
    assert "1 dikembalikan" in page and "1 draf" in page
    assert reverse("workspace:innovation_detail", args=[returned.pk]) in page
    assert "menunggu tinjauan" not in page  # an operator reviews nothing


@pytest.mark.parametrize("persona", ["operator_a", "admin_a"])
def test_the_home_query_count_does_not_grow_with_the_records(client, cast, persona):
    client.force_login(getattr(cast, persona))
    _records(cast, 1)
    _page, one = _home(client)
    _records(cast, 2)  # three of each now
    page, three = _home(client)
    assert "3 dikembalikan" in page
    assert one == three <= QUERY_CEILING


def test_submitting_moves_a_record_out_of_the_operator_list(client, cast):
    innovation = make_innovation(cast, name="Segera Diajukan", evidence=True)
    client.force_login(cast.operator_a)
    assert "Segera Diajukan" in _home(client)[0]
    services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    assert "Segera Diajukan" not in _home(client)[0]


def test_the_operator_home_counts_their_corrections_waiting_for_the_admin(client, cast):
    from inovasi.innovations.corrections import propose_correction

    published = make_innovation(cast, name="Sudah Terbit", status=S.PUBLISHED)
    propose_correction(
        innovation=published,
        field="name",
        new_value="Sudah Terbit Benar",
        reason="Salah ketik nama.",
        actor=cast.operator_a,
    )
    client.force_login(cast.operator_a)
    page, _n = _home(client)
    assert "1 koreksi Anda menunggu keputusan Admin Pemda" in page
    assert reverse("workspace:correction_list") in page

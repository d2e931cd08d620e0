import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency


def test_admin_pemda_adds_an_agency_under_a_parent(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:agency_create", args=[cast.gov_a.pk]),
        {"name": "UPT Laboratorium Pertanian", "short_name": "", "kind": AgencyKind.UPT, "parent": cast.agency_a.pk},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="UPT Laboratorium Pertanian")
    assert (agency.government, agency.parent) == (cast.gov_a, cast.agency_a)
    assert AuditEvent.objects.get().actor == cast.admin_a


def test_an_empty_name_is_explained_in_indonesian_and_nothing_is_written(client, cast):
    client.force_login(cast.admin_a)
    before = Agency.objects.count()
    response = client.post(
        reverse("workspace:agency_create", args=[cast.gov_a.pk]), {"name": "", "kind": "bukan-jenis"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bidang ini tidak boleh kosong." in content
    assert "Masukkan pilihan yang valid" in content
    assert Agency.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_the_parent_list_offers_only_the_same_pemda(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:agency_create", args=[cast.gov_a.pk]),
        {"name": "UPT X", "kind": AgencyKind.UPT, "parent": cast.agency_b.pk},
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Agency.objects.filter(name="UPT X").exists()


def test_rename_and_move_through_the_edit_page(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:agency_edit", args=[cast.unit_a.pk]),
        {"name": "UPT Perbenihan", "kind": AgencyKind.UPT, "parent": ""},
    )
    assert response.status_code == 302
    cast.unit_a.refresh_from_db()
    assert (cast.unit_a.name, cast.unit_a.parent) == ("UPT Perbenihan", None)


def test_deactivating_a_parent_with_active_units_shows_why(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:agency_set_active", args=[cast.agency_a.pk]), {"active": "0"}, follow=True
    )
    assert "Nonaktifkan atau pindahkan dulu unit" in response.content.decode()
    cast.agency_a.refresh_from_db()
    assert cast.agency_a.is_active


@pytest.mark.parametrize("who", ["admin_b", "operator_a", "organizer", "juror"])
def test_other_personas_cannot_touch_pemda_a_agencies(client, cast, who):
    client.force_login(getattr(cast, who))
    urls = [
        ("get", reverse("workspace:agency_list", args=[cast.gov_a.pk])),
        ("post", reverse("workspace:agency_create", args=[cast.gov_a.pk])),
        ("post", reverse("workspace:agency_edit", args=[cast.agency_a.pk])),
        ("post", reverse("workspace:agency_set_active", args=[cast.agency_a.pk])),
        ("post", reverse("workspace:agency_delete", args=[cast.unit_a.pk])),
        ("get", reverse("workspace:member_list", args=[cast.gov_a.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"name": "Diretas", "kind": "dinas", "active": "0"})
        assert response.status_code == 403, url
        assert "Akses ditolak" in response.content.decode()
    assert Agency.objects.filter(pk=cast.unit_a.pk, is_active=True).exists()
    assert not AuditEvent.objects.exists()


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get(reverse("workspace:agency_list", args=[cast.gov_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_pemda_is_a_404_in_the_layout(client, cast):
    client.force_login(cast.admin_a)
    response = client.get(reverse("workspace:agency_list", args=[999999]))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def _count_list_queries(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("workspace:agency_list", args=[cast.gov_a.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def test_the_agency_list_costs_the_same_queries_for_1_and_3_agencies(client, cast):
    Agency.objects.filter(pk=cast.unit_a.pk).delete()
    one, response = _count_list_queries(client, cast)
    assert response.content.decode().count("Ubah / pindahkan") == 1
    for name in ("Badan Pendapatan Daerah", "Kecamatan Bumiaji"):
        Agency.objects.create(government=cast.gov_a, name=name, kind=AgencyKind.BADAN)
    three, response = _count_list_queries(client, cast)
    assert response.content.decode().count("Ubah / pindahkan") == 3
    assert one == three


def test_the_admin_pemda_sets_the_public_contact_shown_on_its_innovations(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("workspace:agency_edit", args=[cast.agency_a.pk])
    data = {"name": cast.agency_a.name, "kind": cast.agency_a.kind, "short_name": "", "parent": ""}
    response = client.post(url, {**data, "public_email": "bukan surel", "public_phone": "telp kantor"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tulis nomor telepon dengan angka, misalnya 0343 123456." in body
    response = client.post(
        url,
        {
            **data,
            "public_email": "distan@batukota.example",
            "public_phone": "(0341) 512-345",
            "public_address": "Jl. Panglima Sudirman, Batu",
        },
    )
    assert response.status_code == 302
    cast.agency_a.refresh_from_db()
    assert (cast.agency_a.public_email, cast.agency_a.public_phone, cast.agency_a.public_address) == (
        "distan@batukota.example",
        "(0341) 512-345",
        "Jl. Panglima Sudirman, Batu",
    )
    assert AuditEvent.objects.filter(action="agency.update").get().after["public_email"] == "distan@batukota.example"

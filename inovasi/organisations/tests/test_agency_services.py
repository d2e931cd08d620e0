import pytest
from django.core.exceptions import ValidationError

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.organisations import services
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency


def test_creating_an_agency_records_who_did_it(cast):
    agency = services.create_agency(
        government=cast.gov_a,
        name="  Dinas Kesehatan Kota Batu ",
        kind=AgencyKind.DINAS,
        short_name="Dinkes",
        actor=cast.admin_a,
    )
    assert agency.name == "Dinas Kesehatan Kota Batu"
    event = AuditEvent.objects.for_object(agency).get()
    assert (event.action, event.actor, event.before) == ("agency.create", cast.admin_a, None)
    assert event.after == {
        "name": "Dinas Kesehatan Kota Batu",
        "short_name": "Dinkes",
        "kind": "dinas",
        "parent": None,
        "is_active": True,
        "public_email": "",
        "public_phone": "",
        "public_address": "",
    }


def test_a_duplicate_name_in_the_same_pemda_is_refused_in_indonesian(cast):
    with pytest.raises(ValidationError) as exc:
        services.create_agency(
            government=cast.gov_a, name="dinas pertanian kota batu", kind=AgencyKind.DINAS, actor=cast.admin_a
        )
    assert exc.value.message_dict == {
        "name": ["Nama perangkat daerah ini sudah dipakai di pemerintah daerah yang sama."]
    }
    assert Agency.objects.filter(government=cast.gov_a).count() == 2


def test_the_same_name_in_another_pemda_is_fine(cast):
    services.create_agency(
        government=cast.gov_b, name="Dinas Pertanian Kota Batu", kind=AgencyKind.DINAS, actor=cast.admin_b
    )


def test_renaming_keeps_before_and_after(cast):
    services.update_agency(agency=cast.agency_a, name="Dinas Pertanian dan Ketahanan Pangan", actor=cast.admin_a)
    event = AuditEvent.objects.filter(action="agency.update").get()
    assert event.before["name"] == "Dinas Pertanian Kota Batu"
    assert event.after["name"] == "Dinas Pertanian dan Ketahanan Pangan"


def test_an_update_that_changes_nothing_writes_no_event(cast):
    services.update_agency(agency=cast.agency_a, name=cast.agency_a.name, actor=cast.admin_a)
    assert not AuditEvent.objects.filter(action="agency.update").exists()


def test_moving_an_agency_under_its_own_unit_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.update_agency(agency=cast.agency_a, parent=cast.unit_a, actor=cast.admin_a)
    assert exc.value.message_dict["parent"] == ["Perangkat daerah tidak dapat dipindahkan ke bawah dirinya sendiri."]
    cast.agency_a.refresh_from_db()
    assert cast.agency_a.parent is None


def test_moving_under_another_pemdas_agency_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.update_agency(agency=cast.unit_a, parent=cast.agency_b, actor=cast.admin_a)
    assert exc.value.message_dict["parent"] == ["Induk harus perangkat daerah dari pemerintah daerah yang sama."]


def test_moving_a_unit_to_the_top_level(cast):
    services.update_agency(agency=cast.unit_a, parent=None, actor=cast.admin_a)
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.parent is None


def test_an_agency_with_active_units_cannot_be_deactivated(cast):
    with pytest.raises(ValidationError, match="Nonaktifkan atau pindahkan dulu unit"):
        services.set_agency_active(agency=cast.agency_a, active=False, actor=cast.admin_a)
    services.set_agency_active(agency=cast.unit_a, active=False, actor=cast.admin_a)
    services.set_agency_active(agency=cast.agency_a, active=False, actor=cast.admin_a)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["agency.deactivate", "agency.deactivate"]


def test_a_referenced_agency_cannot_be_deleted_and_nothing_is_written(cast):
    # cast.agency_a has a unit below it and an operator membership.
    with pytest.raises(ValidationError, match="tidak dapat dihapus; nonaktifkan saja"):
        services.delete_agency(agency=cast.agency_a, actor=cast.admin_a)
    assert Agency.objects.filter(pk=cast.agency_a.pk).exists()
    assert not AuditEvent.objects.exists()


def test_an_unreferenced_agency_can_be_deleted(cast):
    agency = Agency.objects.create(government=cast.gov_a, name="Kantor Sementara", kind=AgencyKind.KANTOR)
    services.delete_agency(agency=agency, actor=cast.admin_a)
    assert not Agency.objects.filter(pk=agency.pk).exists()
    assert AuditEvent.objects.get().action == "agency.delete"


def test_operator_membership_protects_its_agency(cast):
    lonely = Agency.objects.create(government=cast.gov_a, name="Kecamatan Junrejo", kind=AgencyKind.KECAMATAN)
    Membership.objects.create(user=cast.no_role, role=Role.OPERATOR, agency=lonely)
    with pytest.raises(ValidationError):
        services.delete_agency(agency=lonely, actor=cast.admin_a)


def test_the_public_contact_is_changed_by_the_service_and_audited(cast):
    agency = services.create_agency(
        government=cast.gov_a, name="Dinas Lingkungan Hidup Kota Batu", kind=AgencyKind.DINAS, actor=cast.admin_a
    )
    services.update_agency(
        agency=agency, actor=cast.admin_a, public_email=" dlh@batukota.example ", public_phone="0341 512345"
    )
    agency.refresh_from_db()
    assert (agency.public_email, agency.public_phone, agency.has_public_contact) == (
        "dlh@batukota.example",
        "0341 512345",
        True,
    )
    event = AuditEvent.objects.for_object(agency).filter(action="agency.update").get()
    assert (event.before["public_email"], event.after["public_email"]) == ("", "dlh@batukota.example")

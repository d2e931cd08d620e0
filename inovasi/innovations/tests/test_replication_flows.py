"""The stored province flows of the replication matrix stay equal to a count from scratch through
every writer: adding, changing and deleting a replication, and the innovation leaving or
re-entering the catalog; the rebuild command restores them after a write past the services."""

import io

import pytest
from django.core.management import call_command

from inovasi.innovations import replication_flows, services
from inovasi.innovations.enums import AdopterKind, InnovationStatus, PartnerKind, ReplicationEvidenceKind
from inovasi.innovations.models import Replication, ReplicationFlow
from inovasi.innovations.tests.builders import make_innovation
from inovasi.organisations.models import Government
from inovasi.regions.models import Region

S = InnovationStatus


def _province(code):
    return Region.objects.get(code=code).pk


def _cells():
    """{(origin code, adopter code or None): (count, latest year)} as stored."""
    codes = dict(Region.objects.values_list("pk", "code"))
    return {(codes[o], codes.get(a)): value for (o, a), value in replication_flows.stored().items()}


def _exact():
    stored = replication_flows.stored()
    assert stored == replication_flows.computed()
    return _cells()


def _add(innovation, actor, **fields):
    return services.add_replication(
        innovation=innovation, actor=actor, evidence_kind=ReplicationEvidenceKind.PKS, **fields
    )


@pytest.fixture
def batu(cast):
    return make_innovation(cast, status=S.PUBLISHED, name="Bank Sampah Digital")


def test_adding_changing_and_deleting_replications_keeps_the_flows_exact(cast, batu):
    semarang = Government.objects.get(region__code="33.74")
    admin = cast.admin_a
    to_semarang = _add(batu, admin, adopter_kind=AdopterKind.GOVERNMENT, adopter_government=semarang, year=2022)
    _add(batu, admin, adopter_kind=AdopterKind.GOVERNMENT, adopter_government=semarang, year=2024)
    _add(batu, admin, adopter_kind=AdopterKind.AGENCY, adopter_agency=cast.agency_b, year=2023)
    partner = _add(
        batu,
        admin,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name="Kantin Pasar Besar",
        partner_kind=PartnerKind.BUSINESS,
        adopter_region=Region.objects.get(code="32.73"),
        year=2025,
    )
    _add(batu, admin, adopter_kind=AdopterKind.NON_GOVERNMENT, adopter_name="Mitra tanpa wilayah")
    assert _exact() == {
        ("35", "33"): (2, 2024),
        ("35", "35"): (1, 2023),
        ("35", "32"): (1, 2025),
        ("35", None): (1, None),
    }
    # The partner moves to Semarang in 2021: out of Jawa Barat, into Jawa Tengah (whose latest stays 2024).
    services.update_replication(
        replication=partner, actor=admin, adopter_region=Region.objects.get(code="33.74"), year=2021
    )
    assert _exact() == {("35", "33"): (3, 2024), ("35", "35"): (1, 2023), ("35", None): (1, None)}
    # Deleting the latest edge of a cell reads the cell's latest year again.
    latest = Replication.objects.get(innovation=batu, adopter_government=semarang, year=2024)
    services.delete_replication(replication=latest, actor=admin)
    assert _exact()[("35", "33")] == (2, 2022)
    services.update_replication(replication=to_semarang, actor=admin, note="Surat bupati")  # no flow change
    services.delete_replication(replication=to_semarang, actor=admin)
    services.delete_replication(replication=partner, actor=admin)
    assert _exact() == {("35", "35"): (1, 2023), ("35", None): (1, None)}


def test_the_flows_follow_the_innovation_out_of_the_catalog_and_back(cast, batu):
    draft = make_innovation(cast, name="Gagasan Malang", agency=cast.agency_b, evidence=True)
    semarang = Government.objects.get(region__code="33.74")
    _add(batu, cast.admin_a, adopter_kind=AdopterKind.GOVERNMENT, adopter_government=semarang, year=2024)
    _add(draft, cast.admin_b, adopter_kind=AdopterKind.GOVERNMENT, adopter_government=cast.gov_a, year=2020)
    assert _exact() == {("35", "33"): (1, 2024)}  # a draft's replication is not counted yet
    services.archive_innovation(innovation=batu, actor=cast.admin_a, reason="Tidak berjalan lagi.")
    assert _exact() == {}
    assert not ReplicationFlow.objects.exists()
    services.restore_innovation(innovation=batu, actor=cast.admin_a)
    assert _exact() == {("35", "33"): (1, 2024)}
    services.submit_innovation(innovation=draft, actor=cast.operator_b)
    services.publish_innovation(innovation=draft, actor=cast.admin_b)
    assert _exact() == {("35", "33"): (1, 2024), ("35", "35"): (1, 2020)}
    services.return_innovation(innovation=batu, actor=cast.admin_a, reason="Perbarui data hasil.")
    assert _exact() == {("35", "35"): (1, 2020)}


def test_the_rebuild_command_restores_flows_after_a_write_past_the_services(cast, batu):
    Replication.objects.create(
        innovation=batu,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=cast.gov_b,
        adopter_name=cast.gov_b.name,
        adopter_region=cast.gov_b.region,
        year=2023,
        evidence_kind=ReplicationEvidenceKind.PKS,
    )
    assert replication_flows.stored() == {}
    call_command("rebuild_replication_flows", stdout=io.StringIO())
    assert _exact() == {("35", "35"): (1, 2023)}
    assert replication_flows.stored()[(_province("35"), _province("35"))] == (1, 2023)

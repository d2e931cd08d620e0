import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import AdopterKind, InnovationStatus, ReplicationEvidenceKind
from inovasi.innovations.models import (
    GovernmentAffair,
    Innovation,
    InnovationPerson,
    InnovationVersion,
    Partner,
    Replication,
    Result,
    SustainableDevelopmentGoal,
)
from inovasi.innovations.tests.builders import make_innovation
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency


@time_machine.travel(dt.datetime(2024, 12, 31, 18, 30, tzinfo=dt.UTC))
def test_a_new_draft_takes_the_current_year_in_jakarta(cast):
    # 18:30 UTC on 31 December is already 1 January 2025 in Jakarta.
    innovation = services.create_innovation(agency=cast.agency_a, actor=cast.operator_a, name="  Among Tani Crop ")
    assert (innovation.name, innovation.year, innovation.status) == ("Among Tani Crop", 2025, InnovationStatus.DRAFT)
    assert (innovation.government, innovation.created_by) == (cast.gov_a, cast.operator_a)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.after["name"], event.after["affairs"]) == (
        "innovation.create",
        cast.operator_a,
        "Among Tani Crop",
        [],
    )


def test_a_draft_needs_a_name(cast):
    with pytest.raises(ValidationError) as caught:
        services.create_innovation(agency=cast.agency_a, actor=cast.operator_a, name="  ")
    assert caught.value.message_dict == {"name": ["Nama inovasi wajib diisi."]}
    assert not Innovation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_update_audits_only_the_changed_fields_including_affairs_and_sdgs(cast):
    innovation = make_innovation(cast)
    health = GovernmentAffair.objects.get(code="1.02")
    goal = SustainableDevelopmentGoal.objects.get(number=2)
    services.update_innovation(
        innovation=innovation,
        actor=cast.operator_a,
        name="Among Tani Crop",
        acronym_expansion="Aplikasi Petani",
        affairs=[health],
        sdgs=[goal],
    )
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "innovation.update"
    assert event.before == {"acronym_expansion": "", "affairs": ["2.09"], "sdgs": []}
    assert event.after == {"acronym_expansion": "Aplikasi Petani", "affairs": ["1.02"], "sdgs": [2]}


def test_an_update_without_changes_writes_no_event(cast):
    innovation = make_innovation(cast)
    before = AuditEvent.objects.count()
    services.update_innovation(innovation=innovation, actor=cast.operator_a, name="Among Tani Crop")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("status", [InnovationStatus.SUBMITTED, InnovationStatus.PUBLISHED, InnovationStatus.ARCHIVED])
def test_only_drafts_and_returned_innovations_can_be_edited(cast, status):
    innovation = make_innovation(cast, status=status)
    with pytest.raises(ValidationError) as caught:
        services.update_innovation(innovation=innovation, actor=cast.admin_a, name="Diubah")
    assert "tidak dapat diubah" in caught.value.messages[0]
    innovation.refresh_from_db()
    assert innovation.name == "Among Tani Crop"


def test_an_innovation_moves_only_within_its_pemda(cast):
    innovation = make_innovation(cast)
    services.update_innovation(innovation=innovation, actor=cast.admin_a, agency=cast.unit_a)
    with pytest.raises(ValidationError) as caught:
        services.update_innovation(innovation=innovation, actor=cast.admin_a, agency=cast.agency_b)
    assert caught.value.message_dict == {
        "agency": ["Inovasi hanya dapat dipindahkan ke perangkat daerah Pemda yang sama."]
    }
    innovation.refresh_from_db()
    assert (innovation.agency, innovation.government) == (cast.unit_a, cast.gov_a)


@time_machine.travel(dt.datetime(2025, 2, 1, 3, 0, tzinfo=dt.UTC))
def test_a_new_year_freezes_last_years_content_with_its_people_partners_and_results(cast):
    innovation = make_innovation(cast, year=2024, evidence=True)
    services.add_part(
        innovation=innovation,
        model=Result,
        actor=cast.operator_a,
        metric="Nilai transaksi",
        value="109600000000",
        unit="Rp",
        year=2024,
    )
    services.add_part(innovation=innovation, model=Partner, actor=cast.operator_a, name="Bank Jatim")
    services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    services.publish_innovation(innovation=innovation, actor=cast.admin_a)
    innovation.refresh_from_db()
    version = services.start_new_year(innovation=innovation, year=2025, actor=cast.operator_a)
    innovation.refresh_from_db()
    assert (version.year, innovation.year, innovation.status) == (2024, 2025, InnovationStatus.PUBLISHED)
    assert version.snapshot["name"] == "Among Tani Crop"
    assert version.snapshot["affairs"] == ["2.09"]
    assert version.snapshot["results"] == [
        {"metric": "Nilai transaksi", "value": "109600000000.00", "unit": "Rp", "year": 2024, "note": ""}
    ]
    assert version.snapshot["partners"] == [{"name": "Bank Jatim", "role": ""}]
    assert version.snapshot["summary"] == "Petani memesan benih dan pupuk lewat aplikasi."
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.before, event.after) == ("innovation.new_year", {"year": 2024}, {"year": 2025})


@time_machine.travel(dt.datetime(2025, 2, 1, 3, 0, tzinfo=dt.UTC))
def test_the_new_year_must_be_later_and_each_year_keeps_one_version(cast):
    innovation = make_innovation(cast, year=2024)
    with pytest.raises(ValidationError) as caught:
        services.start_new_year(innovation=innovation, year=2024, actor=cast.operator_a)
    assert caught.value.message_dict == {"year": ["Tahun baru harus setelah tahun data saat ini (2024)."]}
    InnovationVersion.objects.create(innovation=innovation, year=2024, snapshot={})
    with pytest.raises(ValidationError) as caught:
        services.start_new_year(innovation=innovation, year=2025, actor=cast.operator_a)
    assert caught.value.message_dict == {"year": ["Versi tahun 2024 sudah tersimpan."]}
    innovation.refresh_from_db()
    assert innovation.year == 2024


def test_people_partners_and_results_are_audited_on_the_innovation(cast):
    innovation = make_innovation(cast)
    person = services.add_part(
        innovation=innovation,
        model=InnovationPerson,
        actor=cast.operator_a,
        name="Anita Resky DS",
        role="Pelaksana Sanitarian",
        is_initiator=True,
    )
    services.update_part(part=person, actor=cast.operator_a, role="Sanitarian Ahli")
    pid = person.pk
    services.delete_part(part=person, actor=cast.operator_a)
    events = list(AuditEvent.objects.for_object(innovation).order_by("id").values_list("action", "before", "after"))
    assert events[-3:] == [
        (
            "innovation.person.create",
            None,
            {"id": pid, "name": "Anita Resky DS", "role": "Pelaksana Sanitarian", "is_initiator": True},
        ),
        (
            "innovation.person.update",
            {"id": pid, "role": "Pelaksana Sanitarian"},
            {"id": pid, "role": "Sanitarian Ahli"},
        ),
        (
            "innovation.person.delete",
            {"id": pid, "name": "Anita Resky DS", "role": "Sanitarian Ahli", "is_initiator": True},
            None,
        ),
    ]
    assert not InnovationPerson.objects.exists()


def test_a_result_needs_a_number_and_writes_nothing_otherwise(cast):
    innovation = make_innovation(cast)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.add_part(
            innovation=innovation,
            model=Result,
            actor=cast.operator_a,
            metric="Petani",
            value="banyak",
            unit="orang",
            year=2024,
        )
    assert list(caught.value.message_dict) == ["value"]
    assert (Result.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_people_cannot_change_on_a_published_innovation(cast):
    innovation = make_innovation(cast, status=InnovationStatus.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        services.add_part(innovation=innovation, model=Partner, actor=cast.operator_a, name="PKK")
    assert caught.value.messages == ["Data ini tidak dapat diubah saat inovasi berstatus Terbit."]


# --- Replications ------------------------------------------------------------------------------


def test_a_government_adopter_takes_its_name_from_the_pemda(cast):
    innovation = make_innovation(cast, status=InnovationStatus.PUBLISHED)
    replication = services.add_replication(
        innovation=innovation,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=cast.gov_b,
        adopter_name="diabaikan",
        evidence_kind=ReplicationEvidenceKind.PKS,
    )
    assert (replication.adopter_name, replication.adopter_agency) == ("Pemerintah Kota Malang", None)


def test_an_agency_adopter_sets_its_government_and_name(cast):
    innovation = make_innovation(cast)
    replication = services.add_replication(
        innovation=innovation,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.AGENCY,
        adopter_agency=cast.agency_b,
        evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
    )
    assert (replication.adopter_name, replication.adopter_government) == ("Dinas Kesehatan Kota Malang", cast.gov_b)


@pytest.mark.parametrize(
    ("kind", "extra", "errors"),
    [
        (AdopterKind.GOVERNMENT, {}, {"adopter_government": ["Pilih pemerintah daerah yang mereplikasi."]}),
        (AdopterKind.AGENCY, {}, {"adopter_agency": ["Pilih perangkat daerah yang mereplikasi."]}),
        (
            AdopterKind.NON_GOVERNMENT,
            {"adopter_name": " "},
            {"adopter_name": ["Tulis nama mitra non-pemerintah yang mereplikasi."]},
        ),
        (
            AdopterKind.GOVERNMENT,
            {"adopter_government": "own"},
            {"adopter_government": ["Pemda tidak dapat mereplikasi inovasinya sendiri."]},
        ),
        (
            AdopterKind.AGENCY,
            {"adopter_agency": "own_agency"},
            {"adopter_agency": ["Pemda tidak dapat mereplikasi inovasinya sendiri."]},
        ),
    ],
)
def test_inconsistent_adopters_are_refused(cast, kind, extra, errors):
    innovation = make_innovation(cast)
    extra = {
        k: cast.gov_a
        if v == "own"
        else Agency.objects.create(government=cast.gov_a, name="Dinas Kesehatan Kota Batu", kind=AgencyKind.DINAS)
        if v == "own_agency"
        else v
        for k, v in extra.items()
    }
    with pytest.raises(ValidationError) as caught:
        services.add_replication(
            innovation=innovation,
            actor=cast.operator_a,
            adopter_kind=kind,
            evidence_kind=ReplicationEvidenceKind.PKS,
            **extra,
        )
    assert caught.value.message_dict == errors
    assert not Replication.objects.exists()


def test_a_non_government_adopter_keeps_its_own_name(cast):
    innovation = make_innovation(cast)
    replication = services.add_replication(
        innovation=innovation,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name="Kantin RSUD Bangil",
        adopter_government=cast.gov_b,
        evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
        adopted_on=dt.date(2022, 5, 1),
    )
    assert (replication.adopter_name, replication.adopter_government) == ("Kantin RSUD Bangil", None)
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "innovation.replication.create"
    assert event.after["adopter_name"] == "Kantin RSUD Bangil"
    assert event.after["adopted_on"] == "2022-05-01"

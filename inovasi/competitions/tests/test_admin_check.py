import pytest
from django.core.exceptions import ValidationError

from inovasi.competitions import administrative_check, services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import ChecklistItem, Proposal, StageResult
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency

from .conftest import enter, make_innovation


def _all_pass(proposal):
    items = administrative_check.admin_stage(proposal.edition).checklist_items.all()
    return {item.pk: (True, "") for item in items}


def test_the_organizer_passes_a_clean_proposal_through_the_checklist(kovablik, cast):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    counts = administrative_check.run_automatic_checks(edition=kovablik, actor=cast.organizer)
    assert counts == {"returned": 0, "passed": 0, "waiting": 1}
    administrative_check.decide_admin_check(proposal=proposal, verdicts=_all_pass(proposal), actor=cast.organizer)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.check_failures) == (S.PASSED_ADMIN, [])


def test_a_failed_checklist_item_needs_a_reason_and_is_listed_for_the_pemda(kovablik, cast):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    verdicts = _all_pass(proposal)
    item = ChecklistItem.objects.get(stage__edition=kovablik, code="surat-sah")
    verdicts[item.pk] = (False, "")
    with pytest.raises(ValidationError) as error:
        administrative_check.decide_admin_check(proposal=proposal, verdicts=verdicts, actor=cast.organizer)
    assert error.value.messages == [
        "Tuliskan alasan untuk butir yang tidak memenuhi: Surat pernyataan ditandatangani pejabat yang berwenang."
    ]
    verdicts[item.pk] = (False, "Surat belum ditandatangani kepala dinas.")
    administrative_check.decide_admin_check(proposal=proposal, verdicts=verdicts, actor=cast.organizer)
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED_BY_CHECK
    assert proposal.check_failures == [
        {
            "rule": "checklist:surat-sah",
            "message": (
                "Surat pernyataan ditandatangani pejabat yang berwenang. — Surat belum ditandatangani kepala dinas."
            ),
        }
    ]


def test_duplicate_titles_within_the_edition_are_returned_by_the_automatic_check(kovablik, cast):
    first = enter(kovablik, make_innovation(cast.agency_a, "Kantin Sehat"), cast.operator_a, cast.admin_a)
    second = enter(kovablik, make_innovation(cast.agency_b, "KANTIN  sehat!"), cast.operator_b, cast.admin_b)
    counts = administrative_check.run_automatic_checks(edition=kovablik, actor=cast.organizer)
    assert counts["returned"] == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.check_failures == [
        {"rule": "duplicate_title", "message": "Judul sama dengan proposal lain di edisi ini (Pemerintah Kota Malang)."}
    ]
    assert second.state == S.RETURNED_BY_CHECK


def test_duplicate_titles_against_an_earlier_edition_are_flagged(cast, frozen, kovablik):
    import time_machine

    with time_machine.travel("2023-06-01 10:00 +0700", tick=False):
        old = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2023, actor=cast.organizer)
        enter(old, make_innovation(cast.agency_b, "Rumah Diapers"), cast.operator_b, cast.admin_b)
    copy = enter(kovablik, make_innovation(cast.agency_a, "Rumah Diapers"), cast.operator_a, cast.admin_a)
    administrative_check.run_automatic_checks(edition=kovablik, actor=cast.organizer)
    copy.refresh_from_db()
    assert copy.check_failures == [
        {
            "rule": "duplicate_title",
            "message": "Judul sama dengan proposal di KOVABLIK Jawa Timur 2023 (Pemerintah Kota Malang).",
        }
    ]


def test_a_stage_without_checklist_passes_clean_proposals_automatically(kovablik, cast):
    ChecklistItem.objects.filter(stage__edition=kovablik).delete()
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    assert administrative_check.run_automatic_checks(edition=kovablik, actor=cast.organizer) == {
        "returned": 0,
        "passed": 1,
        "waiting": 0,
    }
    proposal.refresh_from_db()
    assert proposal.state == S.PASSED_ADMIN


def test_a_returned_proposal_can_be_fixed_and_resubmitted_before_the_deadline(kovablik, cast):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    verdicts = _all_pass(proposal)
    first_item = next(iter(verdicts))
    verdicts[first_item] = (False, "Lampiran tidak terbaca.")
    administrative_check.decide_admin_check(proposal=proposal, verdicts=verdicts, actor=cast.organizer)
    services.reopen(proposal=proposal, actor=cast.operator_a)
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    services.approve_and_submit(proposal=proposal, actor=cast.admin_a)
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_a_previous_winner_is_refused_where_the_group_forbids_it(cast, frozen):
    import time_machine

    with time_machine.travel("2021-06-01 10:00 +0700", tick=False):
        old = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2021, actor=cast.system_admin)
    with time_machine.travel("2021-04-01 10:00 +0700", tick=False):
        innovation = make_innovation(cast.agency_a, "Among Tani Crop", started_on=None)
        innovation.started_on = innovation.created_at.date().replace(year=2019)
        innovation.save()
        won = enter(old, innovation, cast.operator_a, cast.admin_a)
    Proposal.objects.filter(pk=won.pk).update(state=S.SHORTLISTED)
    award = old.stages.get(label__startswith="Top 45")
    award.results_published_at = award.edition.registration_closes_at
    award.save()
    StageResult.objects.create(stage=award, proposal=won, label=award.label)
    with time_machine.travel("2025-04-01 10:00 +0700", tick=False):
        new = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2025, actor=cast.system_admin)
        with pytest.raises(ValidationError) as error:
            services.create_proposal(
                edition=new, innovation=innovation, group=new.groups.get(code="umum"), actor=cast.operator_a
            )
    assert error.value.messages == [
        "Inovasi ini sudah meraih Top 45 — Inovasi Pelayanan Publik Terpuji pada KIPP 2021; "
        "kelompok Umum tidak menerima pemenang sebelumnya."
    ]


def test_the_khusus_group_is_by_invitation_only(cast):
    import time_machine

    with time_machine.travel("2025-04-01 10:00 +0700", tick=False):
        kipp = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2025, actor=cast.system_admin)
        khusus = kipp.groups.get(code="khusus")
        innovation = make_innovation(cast.agency_a, "Among Tani Crop")
        with pytest.raises(ValidationError) as error:
            services.create_proposal(edition=kipp, innovation=innovation, group=khusus, actor=cast.operator_a)
        assert error.value.messages == ["Kelompok Khusus hanya untuk peserta yang diundang."]
        khusus.invitations.create(government=cast.gov_a, note="Top 45 KIPP 2021")
        proposal = services.create_proposal(edition=kipp, innovation=innovation, group=khusus, actor=cast.operator_a)
    assert {a.section.code for a in proposal.answers.select_related("section")} >= {"perbaikan", "evaluasi"}


def test_an_agency_kind_outside_the_edition_is_refused(kovablik, cast):
    kovablik.agency_kinds = [AgencyKind.DINAS, AgencyKind.BADAN]
    kovablik.save()
    school = Agency.objects.create(government=cast.gov_a, name="SMPN 1 Batu", kind=AgencyKind.SEKOLAH)
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            edition=kovablik,
            innovation=make_innovation(school, "Kantin Ikan"),
            group=kovablik.groups.get(code="umum"),
            actor=cast.admin_a,
        )
    assert error.value.messages == ["Jenis perangkat daerah Sekolah tidak termasuk peserta edisi ini."]

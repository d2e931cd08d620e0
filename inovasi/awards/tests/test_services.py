"""Award services: labels, ceremonies, awards, stage imports, revocation — validated and audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.awards import issuance, services
from inovasi.awards.models import Award, AwardLabel, AwardLabelKind
from inovasi.awards.tests.conftest import make_proposal
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import StageResult


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


def _actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Labels ----------------------------------------------------------------------------------


def test_a_label_gets_its_code_from_its_initials_and_is_audited(scene):
    label = services.create_label(edition=scene.edition, actor=scene.cast.organizer, name="Top Inovasi Terpuji")
    assert (label.code, label.kind) == ("TIT", AwardLabelKind.WINNER)
    assert scene.label.code == "T30"
    assert _actions(label) == ["award_label.create"]


def test_two_labels_with_the_same_initials_get_different_codes(scene):
    first = services.create_label(edition=scene.edition, actor=None, name="Top Inovasi Terpuji")
    second = services.create_label(edition=scene.edition, actor=None, name="Tim Inovasi Terbaik")
    assert (first.code, second.code) == ("TIT", "TIT2")


def test_a_label_name_used_twice_in_an_edition_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        services.create_label(edition=scene.edition, actor=None, name="top 30")
    assert "sudah memiliki penghargaan “top 30”" in _messages(exc)


def test_an_explicit_code_already_taken_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        services.create_label(edition=scene.edition, actor=None, name="Terbaik 30", code="t30")
    assert "Kode T30 sudah dipakai" in _messages(exc)


def test_editing_a_label_records_before_and_after(scene):
    services.update_label(label=scene.label, actor=scene.cast.organizer, name="Top 30 KOVABLIK", order=3)
    scene.label.refresh_from_db()
    assert (scene.label.name, scene.label.order, scene.label.code) == ("Top 30 KOVABLIK", 3, "T30")
    event = AuditEvent.objects.filter(action="award_label.update").get()
    assert (event.before["name"], event.after["name"]) == ("Top 30", "Top 30 KOVABLIK")


def test_a_label_already_given_cannot_be_deleted(scene):
    scene.award()
    with pytest.raises(ValidationError) as exc:
        services.delete_label(label=scene.label, actor=None)
    assert "sudah diberikan" in _messages(exc)
    assert AwardLabel.objects.filter(pk=scene.label.pk).exists()


def test_labels_are_made_from_the_editions_award_stages_once(scene):
    created = services.labels_from_stages(edition=scene.edition, actor=None)
    assert [(label.name, label.kind) for label in created] == [
        ("Top 45", AwardLabelKind.SHORTLIST),
        ("Replikasi Terbaik", AwardLabelKind.WINNER),
        ("Outstanding Achievement", AwardLabelKind.WINNER),
    ]
    assert services.labels_from_stages(edition=scene.edition, actor=None) == []


# --- Ceremonies ------------------------------------------------------------------------------


def test_a_ceremony_before_the_edition_starts_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        services.create_ceremony(
            edition=scene.edition, actor=None, name="Acara", held_on=date(2024, 12, 31), place="Surabaya"
        )
    assert exc.value.message_dict["held_on"] == ["Tanggal tidak boleh sebelum edisi dimulai (1 Mei 2025)."]


def test_a_ceremony_takes_at_most_three_signatories_and_each_needs_a_name(scene):
    people = [{"name": f"Pejabat {i}", "title": "Kepala"} for i in range(4)]
    with pytest.raises(ValidationError) as exc:
        services.update_ceremony(ceremony=scene.ceremony, actor=None, signatories=people)
    assert "Paling banyak 3 penanda tangan." in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.update_ceremony(ceremony=scene.ceremony, actor=None, signatories=[{"name": " ", "title": "Gubernur"}])
    assert "wajib memuat nama" in _messages(exc)


def test_a_ceremony_in_use_cannot_be_deleted(scene):
    scene.award()
    with pytest.raises(ValidationError):
        services.delete_ceremony(ceremony=scene.ceremony, actor=None)


# --- Awards ----------------------------------------------------------------------------------


def test_an_award_from_a_proposal_takes_its_innovation_agency_and_government(scene):
    award = scene.award(people=[{"name": "Sutiaji", "title": "Wali Kota Malang"}], rank=1)
    assert award.innovation_id == scene.segar.innovation_id
    assert (award.agency, award.government) == (scene.cast.agency_b, scene.cast.gov_b)
    assert award.recipient_name == "Segar Kagemi"
    assert award.people == [{"name": "Sutiaji", "title": "Wali Kota Malang"}]
    assert award.created_by == scene.cast.organizer
    assert _actions(award) == ["award.give"]


def test_a_proposal_of_another_edition_is_refused(scene, cast):
    other = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2024, actor=None)
    stranger = make_proposal(other, cast.agency_a, "Proposal edisi lain")
    with pytest.raises(ValidationError) as exc:
        scene.award(stranger)
    assert exc.value.message_dict["proposal"] == ["Proposal ini bukan peserta KOVABLIK Jawa Timur 2025."]
    assert not Award.objects.exists()


def test_an_award_dated_before_the_edition_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        scene.award(awarded_on=date(2025, 4, 30))
    assert exc.value.message_dict["awarded_on"] == ["Tanggal tidak boleh sebelum edisi dimulai (1 Mei 2025)."]


def test_the_same_label_twice_to_one_proposal_is_refused(scene):
    scene.award()
    with pytest.raises(ValidationError) as exc:
        scene.award()
    assert exc.value.message_dict["proposal"] == ["Segar Kagemi sudah menerima penghargaan “Top 30”."]
    assert Award.objects.count() == 1


def test_a_draft_proposal_cannot_be_awarded(scene, cast):
    draft = make_proposal(scene.edition, cast.agency_a, "Masih draf", state=ProposalState.DRAFT)
    with pytest.raises(ValidationError) as exc:
        scene.award(draft)
    assert "belum diterima panitia" in _messages(exc)


def test_a_ceremony_of_another_edition_is_refused(scene, cast):
    other = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2026, actor=None)
    foreign = services.create_ceremony(edition=other, actor=None, name="Lain", held_on=date(2026, 11, 1), place="X")
    with pytest.raises(ValidationError) as exc:
        scene.award(ceremony=foreign)
    assert exc.value.message_dict["ceremony"] == ["Acara ini milik edisi lain."]


def test_a_government_can_be_honoured_without_a_proposal_but_only_once_per_label(scene, cast):
    special = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    award = services.give_award(label=special, government=cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    assert (award.recipient_name, award.proposal, award.innovation) == ("Pemerintah Kota Batu", None, None)
    with pytest.raises(ValidationError) as exc:
        services.give_award(label=special, government=cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    assert "Pemerintah Kota Batu sudah menerima penghargaan “Pemda Terinovatif”." in _messages(exc)


def test_an_agency_of_another_government_is_refused_for_a_government_award(scene, cast):
    with pytest.raises(ValidationError) as exc:
        services.give_award(
            label=scene.label, government=cast.gov_a, agency=cast.agency_b, awarded_on=date(2025, 11, 15), actor=None
        )
    assert "bukan milik Pemerintah Kota Batu" in _messages(exc)


def test_neither_a_proposal_nor_a_government_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        services.give_award(label=scene.label, awarded_on=date(2025, 11, 15), actor=None)
    assert "Pilih proposal, atau pemerintah daerah" in _messages(exc)


def test_an_award_without_certificate_can_be_deleted_with_an_audit_event(scene):
    award = scene.award()
    pk = award.pk
    services.delete_award(award=award, actor=scene.cast.organizer)
    assert not Award.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="award.delete", object_id=str(pk)).count() == 1


# --- From stage results ----------------------------------------------------------------------


def test_a_published_lists_results_become_awards_with_their_rank_and_date(scene):
    outcome = services.awards_from_stage_results(scene.stage, scene.label, scene.ceremony, scene.cast.organizer)
    awards = sorted(outcome.created, key=lambda a: a.rank)
    assert [(a.recipient_name, a.rank, a.ceremony_id) for a in awards] == [
        ("Segar Kagemi", 1, scene.ceremony.pk),
        ("Rumah Diapers", 2, scene.ceremony.pk),
    ]
    assert {a.awarded_on for a in awards} == {date(2025, 12, 1)}  # the day the list was published (WIB)
    assert AuditEvent.objects.filter(action="award.import_stage_results").count() == 1


def test_importing_the_same_results_again_creates_nothing(scene):
    services.awards_from_stage_results(scene.stage, scene.label, None, None)
    again = services.awards_from_stage_results(scene.stage, scene.label, None, None)
    assert (len(again.created), again.skipped, Award.objects.count()) == (0, 2, 2)


def test_withdrawn_results_are_not_awarded(scene):
    StageResult.objects.filter(stage=scene.stage, proposal=scene.diapers).update(
        withdrawn_at=scene.stage.results_published_at
    )
    outcome = services.awards_from_stage_results(scene.stage, scene.label, None, None)
    assert [a.recipient_name for a in outcome.created] == ["Segar Kagemi"]


def test_a_stage_whose_results_are_not_published_is_refused(scene):
    top45 = scene.edition.stages.get(label="Top 45")
    with pytest.raises(ValidationError) as exc:
        services.awards_from_stage_results(top45, scene.label, None, None)
    assert exc.value.message_dict["stage"] == ["Hasil tahap ini belum diumumkan."]


def test_without_a_label_the_stages_label_is_used_or_created(scene):
    scene.label.delete()
    outcome = services.awards_from_stage_results(scene.stage, None, None, None)
    assert (outcome.label.name, outcome.label.code, len(outcome.created)) == ("Top 30", "T30", 2)


# --- Revocation ------------------------------------------------------------------------------


def test_revoking_needs_a_reason_and_is_final(scene):
    certificate = issuance.issue_certificate(award=scene.award(), actor=None)
    with pytest.raises(ValidationError) as exc:
        issuance.revoke_certificate(certificate=certificate, reason="salah", actor=None)
    assert "minimal 10 karakter" in _messages(exc)
    issuance.revoke_certificate(
        certificate=certificate, reason="Inovasi terbukti tidak berjalan.", actor=scene.cast.organizer
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoke_reason == "Inovasi terbukti tidak berjalan."
    assert _actions(certificate) == ["certificate.issue", "certificate.revoke"]
    with pytest.raises(ValidationError) as exc:
        issuance.revoke_certificate(certificate=certificate, reason="Sekali lagi dicabut.", actor=None)
    assert "sudah dicabut" in _messages(exc)
    with pytest.raises(ValidationError):
        issuance.issue_certificate(award=certificate.award, actor=None)
    with pytest.raises(ValidationError):
        services.update_award(award=certificate.award, actor=None, recipient_name="Nama baru")


def test_an_award_with_a_certificate_cannot_be_deleted(scene):
    award = scene.award()
    issuance.issue_certificate(award=award, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.delete_award(award=award, actor=None)
    assert "cabut sertifikatnya" in _messages(exc)

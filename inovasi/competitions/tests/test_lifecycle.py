from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.competitions import services
from inovasi.competitions.enums import PROPOSAL_TRANSITIONS
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal, ProposalAttachment
from inovasi.innovations.enums import InnovationStatus
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government

from .conftest import PDF_BYTES, WIB, complete, enter, make_innovation, pdf


def test_a_new_proposal_is_prefilled_from_the_innovation_narrative(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop", summary="Aplikasi keluhan petani.")
    proposal = services.create_proposal(
        edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
    )
    answers = {a.section.code: a.text for a in proposal.answers.select_related("section")}
    assert answers["ringkasan"] == "Aplikasi keluhan petani."
    assert answers["keberlanjutan"] == "Uraian sustainability inovasi Among Tani Crop yang singkat dan jelas."
    assert answers["adaptabilitas-potensi"] == ""
    assert "inspirasi" not in answers  # replication-only section
    assert (proposal.state, proposal.government, proposal.title) == (S.DRAFT, cast.gov_a, "Among Tani Crop")


def test_the_happy_path_freezes_a_snapshot_audits_every_move_and_mails_in_indonesian(
    kovablik, cast, django_capture_on_commit_callbacks
):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    assert proposal.state == S.SUBMITTED
    assert proposal.submitted_at == datetime(2025, 6, 2, 10, 0, tzinfo=WIB)
    assert proposal.snapshot["answers"]["ringkasan"]["words"] == 10
    assert proposal.snapshot["attachments"]["video"]["url"] == "https://video.example/pentas"
    assert len(proposal.snapshot["attachments"]["surat-implementasi"]["sha256"]) == 64
    actions = list(AuditEvent.objects.filter(object_type="competitions.proposal").values_list("action", flat=True))
    assert actions[0] == "proposal.create"
    assert actions[-2:] == ["proposal.send_to_admin", "proposal.submit"]
    subjects = [m.subject for m in mail.outbox]
    assert "[Inovasi] Proposal \u201cAmong Tani Crop\u201d: Diterima panitia" in subjects
    received = sorted(m.to[0] for m in mail.outbox if "Diterima panitia" in m.subject)
    assert "panitia@uji.test" in received and "admin.a@uji.test" in received


def test_the_snapshot_does_not_follow_later_edits_of_the_innovation(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop", summary="Versi diajukan.")
    proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    innovation.summary = "Versi sesudahnya."
    innovation.save()
    proposal.refresh_from_db()
    assert proposal.snapshot["answers"]["ringkasan"]["text"] == "Versi diajukan."


def test_an_operator_cannot_submit_past_the_admin(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = complete(
        services.create_proposal(
            edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
        ),
        cast.operator_a,
    )
    with pytest.raises(ValidationError) as error:
        services.approve_and_submit(proposal=proposal, actor=cast.admin_a)
    assert error.value.messages == [
        "Proposal berstatus \u201cDraf operator\u201d tidak dapat diubah menjadi \u201cDiterima panitia\u201d."
    ]


def test_admin_pemda_returns_with_a_reason_and_the_operator_sends_again(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = complete(
        services.create_proposal(
            edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
        ),
        cast.operator_a,
    )
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    with pytest.raises(ValidationError):
        services.return_to_operator(proposal=proposal, reason="  ", actor=cast.admin_a)
    services.return_to_operator(proposal=proposal, reason="Perbaiki data signifikansi.", actor=cast.admin_a)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.state_reason) == (S.RETURNED_TO_OPERATOR, "Perbaiki data signifikansi.")
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    proposal.refresh_from_db()
    assert proposal.state == S.AWAITING_APPROVAL


def test_a_late_submission_is_refused_with_the_deadline_and_nothing_changes(kovablik, cast, frozen):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = complete(
        services.create_proposal(
            edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
        ),
        cast.operator_a,
    )
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    frozen.move_to(datetime(2025, 6, 30, 23, 59, tzinfo=WIB))
    with pytest.raises(ValidationError) as error:
        services.approve_and_submit(proposal=proposal, actor=cast.admin_a)
    assert error.value.messages == [
        "Batas akhir pengajuan KOVABLIK Jawa Timur 2025 sudah lewat (30-06-2025 23:59 WIB)."
    ]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.snapshot, proposal.submitted_at) == (S.AWAITING_APPROVAL, None, None)


def test_one_minute_before_the_deadline_is_still_in_time(kovablik, cast, frozen):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    frozen.move_to(datetime(2025, 6, 30, 23, 58, tzinfo=WIB))
    assert enter(kovablik, innovation, cast.operator_a, cast.admin_a).state == S.SUBMITTED


def test_a_broken_word_limit_and_a_missing_attachment_are_each_named(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop", summary="kata " * 201)
    proposal = services.create_proposal(
        edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
    )
    answers = {a.section_id: a.text or "Isi." for a in proposal.answers.all()}
    services.update_proposal(proposal=proposal, answers=answers, actor=cast.operator_a)
    with pytest.raises(ValidationError) as error:
        services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    assert error.value.messages == [
        "Bagian \u201cRingkasan\u201d berisi 201 kata; batasnya 200 kata.",
        "Lampiran \u201cTautan video inovasi\u201d belum diunggah.",
        "Lampiran \u201cSurat pernyataan implementasi inovasi\u201d belum diunggah.",
        "Lampiran \u201cSurat pernyataan identitas inovasi\u201d belum diunggah.",
        "Lampiran \u201cSurat pernyataan bersedia direplikasi\u201d belum diunggah.",
    ]
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT


def test_an_innovation_implemented_less_than_a_year_is_not_eligible(kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Baru", started_on=date(2024, 7, 1))
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.operator_a
        )
    assert error.value.messages == [
        "Inovasi harus sudah diterapkan minimal 1 tahun pada batas akhir pengajuan "
        "(mulai paling lambat 30-06-2024); inovasi ini mulai 01-07-2024."
    ]
    assert not Proposal.objects.exists()


def test_an_unpublished_innovation_and_a_pemda_outside_east_java_are_refused(kovablik, cast):
    draft = make_innovation(cast.agency_a, "Draf", status=InnovationStatus.DRAFT)
    outside_gov = Government.objects.get(region__code="33.74")  # Kota Semarang
    outside = make_innovation(
        Agency.objects.create(government=outside_gov, name="Dinas Kominfo Semarang", kind=AgencyKind.DINAS), "Luar"
    )
    umum = kovablik.groups.get(code="umum")
    with pytest.raises(ValidationError) as error:
        services.create_proposal(edition=kovablik, innovation=draft, group=umum, actor=cast.operator_a)
    assert error.value.messages == ["Inovasi harus sudah terbit di katalog sebelum diikutkan."]
    with pytest.raises(ValidationError) as error:
        services.create_proposal(edition=kovablik, innovation=outside, group=umum, actor=cast.system_admin)
    assert error.value.messages == ["Pemerintah Kota Semarang tidak termasuk cakupan peserta KOVABLIK Jawa Timur 2025."]


def test_the_province_itself_and_its_bumd_are_in_scope(kovablik, cast):
    province = Government.objects.get(region__code="35")
    bumd = Agency.objects.create(government=province, name="Bank Jatim", kind=AgencyKind.BUMD)
    innovation = make_innovation(bumd, "Layanan Bank Jatim")
    proposal = services.create_proposal(
        edition=kovablik, innovation=innovation, group=kovablik.groups.get(code="umum"), actor=cast.system_admin
    )
    assert proposal.government == province


def test_kabupaten_kota_cap_of_three_refuses_the_fourth(kovablik, cast):
    for n in range(3):
        enter(kovablik, make_innovation(cast.agency_a, f"Inovasi {n}"), cast.operator_a, cast.admin_a)
    fourth = make_innovation(cast.unit_a, "Inovasi keempat")
    with pytest.raises(ValidationError) as error:
        enter(kovablik, fourth, cast.operator_a, cast.admin_a)
    assert error.value.messages == [
        "Batas kuota terlampaui: paling banyak 3 proposal per pemerintah kabupaten/kota; sudah ada 3."
    ]
    assert Proposal.objects.get(innovation=fourth).state == S.AWAITING_APPROVAL
    # Another kota has its own three places.
    assert enter(kovablik, make_innovation(cast.agency_b, "Rumah Diapers"), cast.operator_b, cast.admin_b).state == (
        S.SUBMITTED
    )


def test_provincial_agencies_count_five_each_including_their_branches(kovablik, cast):
    province = Government.objects.get(region__code="35")
    dinas = Agency.objects.create(government=province, name="Dinas Pendidikan Jatim", kind=AgencyKind.DINAS)
    branch = Agency.objects.create(government=province, name="Cabdin Malang", kind=AgencyKind.UPT, parent=dinas)
    other = Agency.objects.create(government=province, name="Dinas Kesehatan Jatim", kind=AgencyKind.DINAS)
    for n in range(5):
        enter(
            kovablik,
            make_innovation(dinas if n % 2 else branch, f"Pendidikan {n}"),
            cast.system_admin,
            cast.system_admin,
        )
    with pytest.raises(ValidationError) as error:
        enter(kovablik, make_innovation(branch, "Pendidikan 6"), cast.system_admin, cast.system_admin)
    assert "paling banyak 5 proposal per perangkat daerah provinsi; sudah ada 5" in error.value.messages[0]
    assert enter(kovablik, make_innovation(other, "Kesehatan 1"), cast.system_admin, cast.system_admin).state == (
        S.SUBMITTED
    )


def test_withdraw_before_the_deadline_frees_the_place_but_not_after(kovablik, cast, frozen):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    services.withdraw(proposal=proposal, actor=cast.admin_a)
    proposal.refresh_from_db()
    assert proposal.state == S.WITHDRAWN
    services.reopen(proposal=proposal, actor=cast.operator_a)
    complete(proposal, cast.operator_a)
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    services.approve_and_submit(proposal=proposal, actor=cast.admin_a)
    frozen.move_to(datetime(2025, 7, 1, 0, 0, tzinfo=WIB))
    with pytest.raises(ValidationError) as error:
        services.withdraw(proposal=proposal, actor=cast.admin_a)
    assert "sudah lewat" in error.value.messages[0]


def test_attachments_are_checked_by_content_and_size(kovablik, cast):
    proposal = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    letter = kovablik.attachment_requirements.get(code="surat-implementasi")
    with pytest.raises(ValidationError) as error:
        services.attach(
            proposal=proposal, requirement=letter, upload=pdf("surat.pdf", b"MZ\x90\x00" * 10), actor=cast.operator_a
        )
    assert error.value.messages == [
        "Berkas ini adalah program (executable), bukan dokumen, sehingga ditolak. Jenis yang diterima: PDF."
    ]
    big = pdf("besar.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.attach(proposal=proposal, requirement=letter, upload=big, actor=cast.operator_a)
    assert error.value.messages == ["Berkas terlalu besar (1025 KB). Ukuran maksimum 1024 KB."]
    video = kovablik.attachment_requirements.get(code="video")
    with pytest.raises(ValidationError):
        services.attach(proposal=proposal, requirement=video, url="javascript:alert(1)", actor=cast.operator_a)
    assert not ProposalAttachment.objects.exists()
    stored = services.attach(proposal=proposal, requirement=letter, upload=pdf(), actor=cast.operator_a)
    assert (stored.content_type, stored.size, len(stored.sha256)) == ("application/pdf", len(PDF_BYTES), 64)
    assert stored.file.name.endswith("/surat.pdf")


def test_a_replication_proposal_must_name_its_source(kovablik, cast):
    proposal = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Pentas Batu"),
        group=kovablik.groups.get(code="replikasi"),
        actor=cast.operator_a,
    )
    complete(proposal, cast.operator_a)
    with pytest.raises(ValidationError) as error:
        services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    assert error.value.messages == ["Proposal replikasi wajib menyebut inovasi sumber yang direplikasi."]
    services.update_proposal(
        proposal=proposal, answers={}, source_description="PENTAS GEMILANG, Pemkot Pasuruan", actor=cast.operator_a
    )
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)


def test_the_transition_table_refuses_illegal_moves():
    assert S.SUBMITTED not in PROPOSAL_TRANSITIONS[S.DRAFT]
    assert PROPOSAL_TRANSITIONS[S.ELIMINATED] == {}
    every_target = {to for moves in PROPOSAL_TRANSITIONS.values() for to in moves}
    assert every_target | {S.DRAFT} == set(S.values)


def test_registration_that_has_not_opened_refuses_new_proposals(kovablik, cast, frozen):
    frozen.move_to(datetime(2025, 4, 30, 23, 0, tzinfo=WIB))
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            edition=kovablik,
            innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
            group=kovablik.groups.get(code="umum"),
            actor=cast.operator_a,
        )
    assert error.value.messages == ["Pendaftaran KOVABLIK Jawa Timur 2025 belum dibuka."]
    assert timedelta(0) < kovablik.registration_opens_at - datetime(2025, 4, 30, 23, 0, tzinfo=WIB)

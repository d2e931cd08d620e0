"""Planning visits, the team's report, photos and the organizer's review, through the real services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import ProposalState
from inovasi.verification import reports, services
from inovasi.verification.enums import VISIT_TRANSITIONS, Met, Policy, Recommendation, VisitState
from inovasi.verification.models import Finding, Visit, VisitMember, VisitPhoto
from inovasi.verification.tests.builders import HTML_BYTES, PDF_BYTES, image_bytes, photo

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return {field: [m for e in errors for m in e.messages] for field, errors in exc.value.error_dict.items()}


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Planning -----------------------------------------------------------------------------------


def test_planning_a_visit_records_the_team_with_one_lead_audits_and_mails_the_team(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = world.plan()
    assert visit.state == VisitState.PLANNED
    assert (visit.visit_date, visit.latitude, visit.longitude) == (
        date(2025, 6, 10),
        Decimal("-7.867100"),
        Decimal("112.523900"),
    )
    assert sorted((m.user.email, m.is_lead) for m in visit.members.select_related("user")) == [
        ("verif.dua@uji.test", False),
        ("verif@uji.test", True),
    ]
    event = AuditEvent.objects.get(action="visit.plan")
    assert event.after["team"] == sorted(
        [{"user": world.verifier.pk, "lead": True}, {"user": world.second_verifier.pk, "lead": False}],
        key=lambda m: m["user"],
    )
    assert [m.to for m in mail.outbox] == [["verif.dua@uji.test"], ["verif@uji.test"]]  # one mail per person
    assert "Among Tani Crop" in mail.outbox[0].subject
    assert f"/juri/kunjungan/{visit.pk}/" in mail.outbox[0].body


def test_an_organizer_of_the_body_may_join_the_team(world):
    visit = world.plan(team=[(world.cast.organizer, True)])
    assert visit.members.get().user == world.cast.organizer


@pytest.mark.parametrize(
    ("visit_date", "message"),
    [
        (date(2025, 5, 31), "Tanggal kunjungan 31 Mei 2025 di luar jadwal tahap (1 Juni 2025 – 30 Juni 2025)."),
        (date(2025, 7, 1), "Tanggal kunjungan 1 Juli 2025 di luar jadwal tahap (1 Juni 2025 – 30 Juni 2025)."),
    ],
)
def test_a_visit_outside_the_stage_window_is_refused_and_nothing_is_stored(world, visit_date, message):
    with pytest.raises(ValidationError) as caught:
        world.plan(visit_date=visit_date)
    assert _errors(caught) == {"visit_date": [message]}
    assert (Visit.objects.count(), VisitMember.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_the_first_and_last_day_of_the_window_are_allowed(world):
    assert world.plan(visit_date=date(2025, 6, 1)).visit_date == date(2025, 6, 1)
    assert world.plan(world.proposal("Bangga E-Lokal"), visit_date=date(2025, 6, 30)).visit_date == date(2025, 6, 30)


def test_a_stage_without_a_window_cannot_be_planned(world):
    world.stage.opens_at = world.stage.closes_at = None
    world.stage.save()
    with pytest.raises(ValidationError) as caught:
        world.plan()
    assert _errors(caught)["visit_date"] == [
        "Tahap “Verifikasi lapangan” belum punya jadwal. Atur tanggal dibuka dan ditutup tahap ini lebih dulu."
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        ("-91", "112", {"latitude": ["Lintang harus antara −90 dan 90 derajat."]}),
        ("-7,8", "181", {"longitude": ["Bujur harus antara −180 dan 180 derajat."]}),
        ("utara", "112", {"latitude": ["Lintang harus antara −90 dan 90 derajat."]}),
        ("-7,8", "", {"longitude": ["Isi lintang dan bujur bersama-sama."]}),
    ],
)
def test_coordinates_out_of_range_or_half_given_are_refused(world, latitude, longitude, expected):
    with pytest.raises(ValidationError) as caught:
        world.plan(latitude=latitude, longitude=longitude)
    assert _errors(caught) == expected
    assert Visit.objects.count() == 0


def test_a_second_lead_is_refused_with_both_names(world):
    with pytest.raises(ValidationError) as caught:
        world.plan(team=[(world.verifier, True), (world.second_verifier, True)])
    assert _errors(caught) == {"team": ["Tim hanya boleh punya satu ketua; dipilih 2: verif, verif.dua."]}
    assert (Visit.objects.count(), VisitMember.objects.count()) == (0, 0)


def test_a_team_without_lead_or_without_members_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        world.plan(team=[(world.verifier, False)])
    assert _errors(caught) == {"team": ["Pilih satu ketua tim."]}
    with pytest.raises(ValidationError) as caught:
        world.plan(team=[])
    assert _errors(caught) == {"team": ["Pilih minimal satu anggota tim, salah satunya ketua."]}


def test_people_outside_the_body_or_without_a_team_role_are_refused(world):
    with pytest.raises(ValidationError) as caught:
        world.plan(team=[(world.verifier, True), (world.stranger_verifier, False), (world.cast.juror, False)])
    assert _errors(caught) == {"team": ["Bukan verifikator atau panitia Biro Org: verif.lain, juri."]}


def test_a_proposal_out_of_the_running_or_already_visited_is_refused(world):
    out = world.proposal("Gugur", state=ProposalState.ELIMINATED)
    with pytest.raises(ValidationError) as caught:
        world.plan(out)
    assert _errors(caught) == {"proposal": ["Proposal ini tidak sedang diverifikasi pada tahap ini."]}
    visit = world.plan()
    with pytest.raises(ValidationError) as caught:
        world.plan(visit.proposal)
    assert _errors(caught) == {"proposal": ["Proposal ini sudah punya kunjungan pada tahap ini. Ubah kunjungan itu."]}


def test_a_cancelled_visit_lets_the_proposal_be_planned_again(world):
    visit = world.plan()
    services.cancel_visit(visit=visit, actor=world.cast.organizer, reason="Jalan ke lokasi tertutup longsor.")
    again = world.plan(visit.proposal, visit_date=date(2025, 6, 20))
    assert Visit.objects.filter(proposal=visit.proposal).count() == 2
    assert again.state == VisitState.PLANNED


def test_updating_the_plan_audits_before_and_after(world):
    visit = world.plan()
    services.update_plan(
        visit=visit,
        actor=world.cast.organizer,
        visit_date=date(2025, 6, 11),
        address="Kaliwatu Rafting, Kota Batu",
        latitude="",
        longitude="",
        contact_name="",
        contact_phone="",
        team=[(world.second_verifier, True)],
    )
    visit.refresh_from_db()
    assert (visit.visit_date, visit.address, visit.latitude) == (date(2025, 6, 11), "Kaliwatu Rafting, Kota Batu", None)
    event = AuditEvent.objects.get(action="visit.update_plan")
    assert (event.before["visit_date"], event.after["visit_date"]) == ("2025-06-10", "2025-06-11")
    assert event.after["team"] == [{"user": world.second_verifier.pk, "lead": True}]


def test_the_transition_table_refuses_illegal_moves_clearly(world):
    visit = world.plan()
    with pytest.raises(ValidationError) as caught:
        services.accept_visit(visit=visit, actor=world.cast.organizer)
    assert caught.value.messages == [
        "Kunjungan berstatus “Direncanakan” tidak dapat diubah menjadi “Diterima panitia”."
    ]
    assert set(VISIT_TRANSITIONS) == set(VisitState.values)


# --- The report ---------------------------------------------------------------------------------


def _draft(world, visit, actor=None, version=None, **fields):
    values = {"findings": world.findings(), "beneficiaries_met": 2, "recommendation": "", "reasons": ""}
    values.update(fields)
    return reports.save_report(
        visit=visit, actor=actor or world.verifier, version=visit.version if version is None else version, **values
    )


def test_saving_a_draft_starts_the_visit_and_bumps_the_version(world):
    visit = world.plan()
    visit = _draft(world, visit, findings=world.findings(Met.PARTLY, "Fitur keluhan baru dipakai sebagian petani."))
    assert (visit.state, visit.version, visit.report_updated_by) == (VisitState.IN_PROGRESS, 2, world.verifier)
    assert sorted(Finding.objects.values_list("met", flat=True)) == [Met.PARTLY] * 3
    events = AuditEvent.objects.filter(object_type="verification.visit", object_id=str(visit.pk))
    assert list(events.values_list("action", flat=True)) == [
        "visit.plan",
        "visit.save_report",
        "visit.start",
    ]


def test_a_stale_version_is_refused_naming_who_saved_and_nothing_changes(world):
    visit = world.plan()
    opened_at = visit.version
    _draft(world, Visit.objects.get(pk=visit.pk), actor=world.second_verifier, reasons="Catatan anggota kedua.")
    with pytest.raises(ValidationError) as caught:
        _draft(world, visit, version=opened_at, reasons="Catatan ketua yang menimpa.")
    assert caught.value.code == "stale"
    assert caught.value.messages[0].startswith(
        "Laporan ini sudah diubah oleh verif.dua (pukul 10:00 WIB) setelah Anda membukanya"
    )
    visit.refresh_from_db()
    assert (visit.reasons, visit.version) == ("Catatan anggota kedua.", 2)


def test_a_draft_may_be_incomplete_but_bad_values_are_refused(world):
    visit = world.plan()
    with pytest.raises(ValidationError) as caught:
        _draft(world, visit, beneficiaries_met="-3", score="120", recommendation="terserah")
    assert _errors(caught) == {
        "beneficiaries_met": ["Jumlah penerima manfaat harus bilangan bulat 0 atau lebih."],
        "recommendation": ["Pilih rekomendasi yang tersedia."],
        "score": ["Nilai verifikasi harus angka 0 sampai 100."],
    }
    visit.refresh_from_db()
    assert (visit.state, visit.version, Finding.objects.count()) == (VisitState.PLANNED, 1, 0)


def test_submitting_needs_a_complete_report_photos_and_the_visit_day(world, frozen):
    visit = world.plan(visit_date=date(2025, 6, 20))
    findings = world.findings()
    findings[world.items[1].pk] = (Met.NO, "")
    findings[world.items[2].pk] = ("", "")
    with pytest.raises(ValidationError) as caught:
        _draft(world, visit, findings=findings, beneficiaries_met="", reasons="Baik", submit=True)
    assert _errors(caught) == {
        f"note_{world.items[1].pk}": ["Tuliskan catatan untuk butir yang tidak sepenuhnya terpenuhi."],
        f"met_{world.items[2].pk}": [f"Pilih ya, sebagian atau tidak untuk “{world.items[2].text}”."],
        "beneficiaries_met": ["Isi jumlah penerima manfaat yang ditemui (0 bila tidak ada)."],
        "recommendation": ["Pilih rekomendasi: konfirmasi, penyesuaian atau diskualifikasi."],
        "reasons": ["Tuliskan alasan rekomendasi (minimal 10 karakter)."],
        "photos": ["Unggah minimal satu foto kunjungan sebelum mengirim laporan."],
        "visit_date": ["Laporan baru dapat dikirim pada atau setelah tanggal kunjungan (20 Juni 2025)."],
    }
    visit.refresh_from_db()
    assert (visit.state, visit.version) == (VisitState.PLANNED, 1)


def _submit(world, visit, **fields):
    reports.add_photos(visit=visit, actor=world.verifier, files=[photo()])
    values = {
        "recommendation": Recommendation.CONFIRM,
        "reasons": "Inovasi berjalan dan dua petani memanfaatkannya.",
        "submit": True,
    }
    values.update(fields)
    return _draft(world, Visit.objects.get(pk=visit.pk), **values)


def test_a_complete_report_is_submitted_and_the_organizers_are_told(world, django_capture_on_commit_callbacks):
    visit = world.plan()
    with django_capture_on_commit_callbacks(execute=True):
        visit = _submit(world, visit)
    assert (visit.state, visit.submitted_by) == (VisitState.SUBMITTED, world.verifier)
    assert [m.to for m in mail.outbox] == [["panitia@uji.test"]]
    assert f"/panitia/verifikasi/kunjungan/{visit.pk}/" in mail.outbox[0].body
    with pytest.raises(ValidationError) as caught:
        _draft(world, visit, reasons="Perubahan setelah dikirim.")
    assert caught.value.messages == ["Laporan berstatus “Dikirim, menunggu panitia” tidak dapat diubah lagi."]


def test_a_weighted_stage_needs_the_verification_score(world):
    services.set_policy(
        stage=world.stage, policy=Policy.WEIGHTED, weight="20", adjust_passes=True, actor=world.cast.organizer
    )
    visit = world.plan()
    with pytest.raises(ValidationError) as caught:
        _submit(world, visit)
    assert _errors(caught) == {"score": ["Tahap ini berbobot: isi nilai verifikasi 0 sampai 100."]}
    visit = _draft(
        world,
        Visit.objects.get(pk=visit.pk),
        recommendation=Recommendation.CONFIRM,
        reasons="Sesuai proposal.",
        score="87,5",
        submit=True,
    )
    assert visit.score == Decimal("87.50")


def test_only_team_members_may_write_the_report(world):
    visit = world.plan(team=[(world.verifier, True)])
    with pytest.raises(ValidationError) as caught:
        _draft(world, visit, actor=world.second_verifier)
    assert caught.value.messages == ["Hanya anggota tim kunjungan ini yang dapat mengisi laporannya."]


def test_a_member_who_lost_the_verifier_role_may_no_longer_write(world):
    visit = world.plan()
    Membership.objects.filter(user=world.verifier).update(is_active=False)
    world.verifier.__dict__.pop("_active_memberships", None)
    with pytest.raises(ValidationError):
        _draft(world, visit)


# --- Photos -------------------------------------------------------------------------------------


def test_photos_are_stored_with_hash_exif_and_a_thumbnail_and_audited(world, settings):
    visit = world.plan()
    data = image_bytes(offset="+07:00")
    (stored,) = reports.add_photos(
        visit=visit, actor=world.verifier, files=[photo("Foto Lahan.JPG", data)], caption="Lahan petani"
    )
    import hashlib

    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (stored.original_name, stored.caption, stored.content_type) == (
        "Foto Lahan.JPG",
        "Lahan petani",
        "image/jpeg",
    )
    assert stored.file.name.endswith("/foto-lahan.jpg")
    with stored.file.open("rb") as handle:
        assert handle.read() == data
    assert stored.thumbnail.name.endswith("/kecil/foto-lahan.jpg")
    assert (stored.gps_latitude, stored.gps_longitude) == (Decimal("-7.867100"), Decimal("112.523900"))
    event = AuditEvent.objects.get(action="visit.add_photo")
    assert (event.after["sha256"], event.after["gps"]) == (stored.sha256, ["-7.867100", "112.523900"])


def test_one_bad_file_refuses_the_whole_batch_and_leaves_no_file(world, settings):
    visit = world.plan()
    with pytest.raises(ValidationError) as caught:
        reports.add_photos(
            visit=visit,
            actor=world.verifier,
            files=[photo("baik.jpg"), photo("surat.jpg", PDF_BYTES), photo("halaman.jpg", HTML_BYTES)],
        )
    assert _errors(caught) == {
        "photos": [
            "“surat.jpg” bukan foto JPEG, PNG atau WebP. Isi berkas yang diperiksa, bukan namanya.",
            "“halaman.jpg” bukan foto JPEG, PNG atau WebP. Isi berkas yang diperiksa, bukan namanya.",
        ]
    }
    assert (VisitPhoto.objects.count(), _stored_files(settings)) == (0, [])
    assert not AuditEvent.objects.filter(action="visit.add_photo").exists()


def test_deleting_a_photo_removes_both_files_after_commit(world, settings, django_capture_on_commit_callbacks):
    visit = world.plan()
    (stored,) = reports.add_photos(visit=visit, actor=world.verifier, files=[photo()])
    names = [stored.file.name, stored.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        reports.delete_photo(photo=stored, actor=world.verifier)
    assert [default_storage.exists(n) for n in names] == [False, False]
    assert AuditEvent.objects.get(action="visit.delete_photo").before["sha256"] == stored.sha256


def test_photos_cannot_be_added_after_submission(world):
    visit = _submit(world, world.plan())
    with pytest.raises(ValidationError) as caught:
        reports.add_photos(visit=visit, actor=world.verifier, files=[photo()])
    assert caught.value.messages == [
        "Foto tidak dapat ditambahkan pada kunjungan berstatus “Dikirim, menunggu panitia”."
    ]


# --- Review -------------------------------------------------------------------------------------


def test_the_organizer_accepts_or_returns_a_submitted_report(world, django_capture_on_commit_callbacks):
    visit = _submit(world, world.plan())
    with pytest.raises(ValidationError) as caught:
        services.return_visit(visit=visit, actor=world.cast.organizer, reason="Kurang")
    assert _errors(caught) == {"reason": ["Tuliskan alasan pengembalian (minimal 10 karakter)."]}
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.return_visit(
            visit=visit, actor=world.cast.organizer, reason="Tambahkan foto penerima manfaat."
        )
    assert (visit.state, visit.state_reason, visit.submitted_at) == (
        VisitState.IN_PROGRESS,
        "Tambahkan foto penerima manfaat.",
        None,
    )
    assert [m.to for m in mail.outbox] == [["verif.dua@uji.test"], ["verif@uji.test"]]
    assert "Tambahkan foto penerima manfaat." in mail.outbox[0].body
    visit = _draft(
        world,
        Visit.objects.get(pk=visit.pk),
        recommendation="confirm",
        reasons="Sudah dilengkapi fotonya.",
        submit=True,
    )
    visit = services.accept_visit(visit=visit, actor=world.cast.organizer)
    assert (visit.state, visit.accepted_by) == (VisitState.ACCEPTED, world.cast.organizer)
    actions = list(
        AuditEvent.objects.filter(object_id=str(visit.pk), object_type="verification.visit").values_list(
            "action", flat=True
        )
    )
    assert actions[-4:] == ["visit.return", "visit.save_report", "visit.submit", "visit.accept"]

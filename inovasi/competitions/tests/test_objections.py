from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.competitions import administrative_check, shortlists
from inovasi.competitions.enums import ObjectionState
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Objection, StageResult

from .conftest import WIB, enter, make_innovation, pdf


@pytest.fixture
def top90(kovablik, cast):
    proposals = []
    for innovation, op, admin in (
        (make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a),
        (make_innovation(cast.agency_b, "Rumah Diapers"), cast.operator_b, cast.admin_b),
    ):
        proposal = enter(kovablik, innovation, op, admin)
        items = administrative_check.admin_stage(kovablik).checklist_items.all()
        administrative_check.decide_admin_check(
            proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
        )
        proposals.append(proposal)
    stage = kovablik.stages.get(label="Top 90")
    shortlists.publish_shortlist(stage=stage, proposals=proposals, actor=cast.organizer)
    return stage, proposals


def test_publishing_a_shortlist_labels_proposals_and_opens_the_five_day_window(kovablik, top90):
    stage, proposals = top90
    assert [(r.label, r.rank) for r in StageResult.objects.filter(stage=stage)] == [("Top 90", 1), ("Top 90", 2)]
    for proposal in proposals:
        proposal.refresh_from_db()
        assert proposal.state == S.SHORTLISTED
    window = kovablik.stages.get(kind="objection_window")
    assert window.opens_at == datetime(2025, 6, 2, 10, 0, tzinfo=WIB)
    assert window.closes_at == datetime(2025, 6, 7, 10, 0, tzinfo=WIB)


def test_a_shortlist_longer_than_top_n_is_refused(kovablik, cast, top90):
    final = kovablik.stages.get(label="Top 30")
    final.top_n = 1
    final.save()
    with pytest.raises(ValidationError) as error:
        shortlists.publish_shortlist(stage=final, proposals=top90[1], actor=cast.organizer)
    assert error.value.messages == ["Tahap ini meloloskan paling banyak 1 proposal; dipilih 2."]


def test_anyone_objects_while_the_window_is_open_and_the_upheld_objection_removes_the_proposal(
    kovablik, cast, top90, django_capture_on_commit_callbacks
):
    stage, proposals = top90
    window = kovablik.stages.get(kind="objection_window")
    with django_capture_on_commit_callbacks(execute=True):
        objection = shortlists.file_objection(
            stage=window,
            proposal=proposals[0],
            reason="Inovasi ini belum berjalan satu tahun, aplikasinya baru diluncurkan.",
            contact_name="Warga Batu",
            contact_email="Warga@Contoh.id",
            client_address="10.0.0.1",
        )
    assert objection.contact_email == "warga@contoh.id"
    # One mail per person (the outbox): the organizer, then the Pemda's admin and operator.
    assert [m.to for m in mail.outbox[-3:]] == [["panitia@uji.test"], ["admin.a@uji.test"], ["op.a@uji.test"]]
    shortlists.reply_to_objection(
        objection=objection, reply="Aplikasi berjalan sejak Maret 2021; lihat lampiran.", actor=cast.admin_a
    )
    with pytest.raises(ValidationError):
        shortlists.resolve_objection(objection=objection, outcome="upheld", resolution="ok", actor=cast.organizer)
    with django_capture_on_commit_callbacks(execute=True):
        shortlists.resolve_objection(
            objection=objection,
            outcome=ObjectionState.UPHELD,
            resolution="Terbukti belum satu tahun diterapkan.",
            actor=cast.organizer,
        )
    proposals[0].refresh_from_db()
    assert proposals[0].state == S.ELIMINATED
    assert StageResult.objects.published().filter(stage=stage).count() == 1
    assert mail.outbox[-1].to == ["warga@contoh.id"]
    assert "Diterima" in mail.outbox[-1].body


def test_objections_outside_the_window_or_against_unlisted_proposals_are_refused(kovablik, cast, top90, frozen):
    window = kovablik.stages.get(kind="objection_window")
    outsider = enter(kovablik, make_innovation(cast.unit_a, "Benih Unggul"), cast.operator_a, cast.admin_a)
    with pytest.raises(ValidationError) as error:
        shortlists.file_objection(
            stage=window, proposal=outsider, reason="x" * 40, contact_name="A", contact_email="a@contoh.id"
        )
    assert error.value.message_dict == {
        "proposal": ["Sanggahan hanya untuk proposal yang ada di daftar yang diumumkan."]
    }
    frozen.move_to(window.closes_at + timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        shortlists.file_objection(
            stage=window, proposal=top90[1][0], reason="x" * 40, contact_name="A", contact_email="a@contoh.id"
        )
    assert error.value.messages == ["Masa sanggah tidak sedang dibuka."]
    assert not Objection.objects.exists()


def test_one_email_files_at_most_three_objections_per_window(kovablik, top90):
    window = kovablik.stages.get(kind="objection_window")
    for n in range(3):
        shortlists.file_objection(
            stage=window, proposal=top90[1][1], reason=f"{n} " + "y" * 40, contact_name="B", contact_email="b@contoh.id"
        )
    with pytest.raises(ValidationError) as error:
        shortlists.file_objection(
            stage=window, proposal=top90[1][1], reason="z" * 40, contact_name="B", contact_email="B@contoh.id"
        )
    assert error.value.message_dict == {"contact_email": ["Satu alamat surel paling banyak mengajukan 3 sanggahan."]}


def test_the_same_objection_sent_twice_is_filed_once(kovablik, top90):
    window = kovablik.stages.get(kind="objection_window")
    sent = {"stage": window, "proposal": top90[1][1], "reason": "y" * 40, "contact_name": "B"}
    shortlists.file_objection(**sent, contact_email="b@contoh.id")
    with pytest.raises(ValidationError) as error:
        shortlists.file_objection(**sent, contact_email="B@contoh.id ")
    assert error.value.messages == ["Sanggahan yang sama sudah diterima."]
    assert window.objections.count() == 1


def test_a_rejected_objection_keeps_the_proposal_listed(kovablik, cast, top90, frozen):
    window = kovablik.stages.get(kind="objection_window")
    objection = shortlists.file_objection(
        stage=window, proposal=top90[1][1], reason="z" * 40, contact_name="C", contact_email="c@contoh.id"
    )
    frozen.move_to(objection.reply_due_at)  # the Pemda did not reply within its three days
    shortlists.resolve_objection(
        objection=objection,
        outcome=ObjectionState.REJECTED,
        resolution="Data penerapan sudah diverifikasi.",
        actor=cast.organizer,
    )
    top90[1][1].refresh_from_db()
    assert top90[1][1].state == S.SHORTLISTED
    assert StageResult.objects.published().count() == 2


def test_a_quota_per_region_level_caps_the_list(kovablik, cast):
    proposals = []
    for innovation, op, admin in (
        (make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a),
        (make_innovation(cast.agency_b, "Rumah Diapers"), cast.operator_b, cast.admin_b),
    ):
        proposal = enter(kovablik, innovation, op, admin)
        items = administrative_check.admin_stage(kovablik).checklist_items.all()
        administrative_check.decide_admin_check(
            proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
        )
        proposals.append(proposal)
    stage = kovablik.stages.get(label="Top 90")
    stage.quotas = [{"region_level": "kota", "count": 1}]
    stage.save()
    with pytest.raises(ValidationError) as error:
        shortlists.publish_shortlist(stage=stage, proposals=proposals, actor=cast.organizer)
    assert error.value.messages == ["Kuota tingkat wilayah \u201cKota\u201d paling banyak 1 proposal; dipilih 2."]
    assert not StageResult.objects.exists()
    shortlists.publish_shortlist(stage=stage, proposals=proposals[:1], actor=cast.organizer)
    assert StageResult.objects.count() == 1


# --- Due process: the objected-to Pemda replies before the organizer decides (issue 13) ----------


@pytest.fixture
def objection(kovablik, top90, django_capture_on_commit_callbacks):
    window = kovablik.stages.get(kind="objection_window")
    with django_capture_on_commit_callbacks(execute=True):
        return shortlists.file_objection(
            stage=window,
            proposal=top90[1][0],
            reason="Inovasi ini belum berjalan satu tahun, aplikasinya baru diluncurkan.",
            contact_name="Warga Batu",
            contact_email="warga@contoh.id",
        )


def test_the_objected_to_pemda_is_told_and_has_the_editions_reply_window(kovablik, cast, objection):
    assert kovablik.objection_reply_days == 3
    assert objection.reply_due_at == datetime(2025, 6, 5, 10, 0, tzinfo=WIB)
    told = mail.outbox[-1]
    assert sorted(m.to[0] for m in mail.outbox[-2:]) == ["admin.a@uji.test", "op.a@uji.test"]
    assert mail.outbox[-2].body == told.body
    assert "dapat mengirim tanggapan (teks dan lampiran PDF) sampai 05-06-2025 10:00 WIB" in told.body
    assert f"/ruang-kerja/sanggahan/{objection.pk}/" in told.body
    assert "warga@contoh.id" not in told.body


def test_the_organizer_cannot_decide_before_the_reply_or_the_end_of_the_window(cast, objection, frozen):
    with pytest.raises(ValidationError) as error:
        shortlists.resolve_objection(
            objection=objection,
            outcome=ObjectionState.UPHELD,
            resolution="Terbukti belum satu tahun.",
            actor=cast.organizer,
        )
    assert error.value.messages == [
        "Pemda yang disanggah masih dapat menanggapi sampai 05-06-2025 10:00 WIB. Putuskan setelah tanggapannya "
        "masuk atau batas waktu itu lewat."
    ]
    frozen.move_to(objection.reply_due_at)
    with pytest.raises(ValidationError) as error:
        shortlists.reply_to_objection(
            objection=objection, reply="Terlambat, tetapi ini tanggapan kami.", actor=cast.admin_a
        )
    assert error.value.messages == ["Batas waktu tanggapan sudah lewat (05-06-2025 10:00 WIB)."]
    shortlists.resolve_objection(
        objection=objection,
        outcome=ObjectionState.REJECTED,
        resolution="Data penerapan sudah diverifikasi.",
        actor=cast.organizer,
    )


def test_the_pemda_replies_with_a_pdf_and_both_sides_and_the_decision_are_on_record(client, kovablik, cast, objection):
    url = f"/ruang-kerja/sanggahan/{objection.pk}/"
    client.force_login(cast.operator_a)
    page = client.get(url)
    assert page.status_code == 200
    assert "warga@contoh.id" not in page.content.decode()
    assert client.post(url, {"reply": "Tanggapan dari operator, bukan Admin Pemda."}).status_code == 403
    client.force_login(cast.admin_b)
    assert client.get(url).status_code == 403
    client.force_login(cast.admin_a)
    response = client.post(url, {"reply": "pendek"})
    assert response.status_code == 400
    assert "Tanggapan berisi 20 sampai 5000 karakter." in response.content.decode()
    reply = "Aplikasi berjalan sejak Maret 2021; SK penerapan terlampir."
    response = client.post(url, {"reply": reply, "files": [pdf("sk-penerapan.pdf")]})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert (objection.reply, objection.replied_by) == (reply, cast.admin_a)
    attachment = objection.reply_attachments.get()
    assert attachment.name == "sk-penerapan.pdf"
    event = AuditEvent.objects.get(action="objection.reply")
    assert event.after == {"reply_chars": len(reply), "attachments": [attachment.sha256]}
    with pytest.raises(ValidationError) as error:
        shortlists.reply_to_objection(objection=objection, reply=reply + " Tambahan.", actor=cast.admin_a)
    assert error.value.messages == ["Tanggapan atas sanggahan ini sudah dikirim."]

    shortlists.resolve_objection(
        objection=objection, outcome=ObjectionState.REJECTED, resolution="SK penerapan 2021 sah.", actor=cast.organizer
    )
    client.force_login(cast.organizer)
    page = client.get(f"/panitia/edisi/{kovablik.pk}/sanggahan/").content.decode()
    assert reply in page
    assert f"/ruang-kerja/sanggahan/lampiran/{attachment.pk}/" in page
    assert "Ditolak — SK penerapan 2021 sah." in page
    download = client.get(f"/ruang-kerja/sanggahan/lampiran/{attachment.pk}/")
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")

    record = shortlists.stage_objections(objection.stage)
    assert record == shortlists.stage_objections(kovablik.stages.get(label="Top 90"))
    assert [(r["proposal"], r["reply"], r["reply_attachments"], r["state"], r["resolution"]) for r in record] == [
        (
            "Among Tani Crop",
            reply,
            [{"name": "sk-penerapan.pdf", "sha256": attachment.sha256}],
            "rejected",
            "SK penerapan 2021 sah.",
        )
    ]

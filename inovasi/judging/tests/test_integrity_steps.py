"""Issue 13, items 6, 7 and 10: settings are audited service calls with refusals; closing and
publishing are deliberate (pre-check, confirmation, minutes link); the minutes say what an
inspectorate asks; the minutes carry a PAdES seal that pyHanko validates and a changed byte breaks."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.audit.seal import SEAL_FIELD, SIGNATURE_FIELD, check_seal, seal_certificate
from inovasi.competitions import editions
from inovasi.judging import closing, scoring, setup
from inovasi.judging.assignment import assign
from inovasi.judging.models import Aggregation, Assignment, StageClosure
from inovasi.judging.stages import settings_for
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


def _score(world, juror, proposal, value):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=True, actor=juror.user
    )


def _scored(world):
    """Three proposals, three jurors all assigned to each, scores only from the first juror."""
    proposals = [world.proposal(t) for t in ("Alfa", "Beta", "Gama")]
    jurors = [world.juror(f"j{i}@uji.test", name=f"Juri {i}") for i in range(3)]
    for juror in jurors:
        for proposal in proposals:
            assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    for proposal, value in zip(proposals, (90, 70, 50), strict=True):
        _score(world, jurors[0], proposal, value)
    return proposals, jurors


# --- Item 10: a trimmed mean that trims nothing ------------------------------------------------


def test_a_trimmed_mean_at_k_3_with_0_2_is_refused_because_it_trims_nothing(world):
    with pytest.raises(ValidationError) as error:
        setup.update_judging_settings(
            stage=world.stage,
            actor=world.cast.organizer,
            jurors_per_proposal=3,
            aggregation="trimmed_mean",
            trim_fraction="0.2",
        )
    assert error.value.message_dict == {
        "trim_fraction": [
            "Rata-rata terpangkas dengan k = 3 dan porsi 20 % tidak memangkas apa pun: 3 × 20 % dibulatkan ke "
            "bawah = 0 nilai per sisi, sehingga hasilnya sama dengan rata-rata biasa. Naikkan porsi menjadi "
            "minimal 34 %, naikkan k, atau pilih rata-rata."
        ]
    }
    assert settings_for(world.stage).aggregation == Aggregation.MEAN
    judging = setup.update_judging_settings(
        stage=world.stage,
        actor=world.cast.organizer,
        jurors_per_proposal=5,
        aggregation="trimmed_mean",
        trim_fraction="0.2",
    )
    assert (judging.jurors_per_proposal, judging.aggregation) == (5, "trimmed_mean")


def test_the_desk_form_shows_why_a_trimmed_mean_that_trims_nothing_is_refused(client, world):
    client.force_login(world.cast.organizer)
    response = client.post(
        reverse("organizer:judging_stage", args=[world.stage.pk]),
        {"jurors_per_proposal": 3, "aggregation": "trimmed_mean", "trim_fraction": "20", "tie_breaks": ""},
    )
    assert response.status_code == 200
    assert "tidak memangkas apa pun" in response.content.decode()
    assert not AuditEvent.objects.filter(action="stage.judging_settings").exists()


# --- Item 6: settings without trace --------------------------------------------------------------


def test_jury_settings_change_through_an_audited_service_with_before_and_after(client, world):
    client.force_login(world.cast.organizer)
    response = client.post(
        reverse("organizer:judging_stage", args=[world.stage.pk]),
        {
            "jurors_per_proposal": 4,
            "aggregation": "zscore",
            "trim_fraction": "20 %",
            "anonymise": "on",
            "tie_breaks": ["submitted_at", ""],
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="stage.judging_settings")
    assert event.before == {"jurors_per_proposal": 3, "aggregation": "mean", "anonymise": False, "tie_breaks": []}
    assert event.after == {
        "jurors_per_proposal": 4,
        "aggregation": "zscore",
        "anonymise": True,
        "tie_breaks": ["submitted_at"],
    }


def test_jury_settings_rubric_and_advancement_rule_are_refused_once_the_stage_is_closed(world):
    _scored(world)
    closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    with pytest.raises(ValidationError) as error:
        setup.update_judging_settings(stage=world.stage, actor=world.cast.organizer, aggregation="median")
    assert error.value.messages == [
        "Hasil tahap ini sudah ditetapkan; pengaturan penjurian tidak dapat diubah lagi. "
        "Buka kembali tahap dengan alasan bila memang perlu."
    ]
    world.stage.top_n = 1
    with pytest.raises(ValidationError) as error:
        editions.save_config(instance=world.stage, actor=world.cast.organizer)
    assert error.value.messages == [
        "Hasil tahap ini sudah ditetapkan; aturan lolos dan kuotanya tidak dapat diubah lagi. "
        "Buka kembali tahap dengan alasan bila memang perlu."
    ]
    world.stage.refresh_from_db()
    assert world.stage.top_n == 2
    world.stage.description = "Catatan baru untuk peserta"
    editions.save_config(instance=world.stage, actor=world.cast.organizer)  # not outcome-deciding


def test_the_rubric_cannot_change_once_scores_exist(world):
    _scored(world)
    rows = [
        {"code": c.code, "name": c.name, "weight": c.weight, "scale_min": c.scale_min, "scale_max": c.scale_max}
        for c in world.criteria
    ]
    with pytest.raises(ValidationError) as error:
        editions.save_rubric(stage=world.stage, rows=rows, actor=world.cast.organizer)
    assert error.value.messages == [
        "Rubrik tahap ini tidak dapat diubah karena juri sudah mulai menilai dengannya. "
        "Mengubah kriteria atau bobot sekarang akan mengubah arti nilai yang sudah masuk."
    ]


def test_an_advancement_rule_change_is_audited_with_before_and_after_values(world):
    world.stage.top_n, world.stage.passing_score = 5, 70
    editions.save_config(instance=world.stage, actor=world.cast.organizer)
    event = AuditEvent.objects.filter(action="stage.update").latest("pk")
    assert event.before == {"top_n": 2, "passing_score": None}
    assert event.after == {"str": str(world.stage), "top_n": 5, "passing_score": "70"}


# --- Item 7: closing is one click ------------------------------------------------------------------


def test_closing_with_one_of_three_jurors_in_and_16_days_left_shows_a_pre_check_first(client, world, frozen):
    _scored(world)
    frozen.move_to(datetime(2025, 6, 14, 10, 0, tzinfo=WIB))
    client.force_login(world.cast.organizer)
    desk = client.get(reverse("organizer:judging_stage", args=[world.stage.pk])).content.decode()
    check_url = reverse("organizer:judging_close_check", args=[world.stage.pk])
    assert f'href="{check_url}"' in desk
    assert 'name="confirm"' not in desk  # no one-click close on the desk
    page = client.get(check_url).content.decode()
    assert "6 penilaian belum masuk: Juri 1 (3), Juri 2 (3)." in page
    assert "Jendela penilaian masih terbuka 16 hari lagi (sampai 30-06-2025 23:59 WIB)." in page
    assert "Gama (50,00): nilai 50,00 di bawah nilai terakhir yang lolos (70,00)" in page
    response = client.post(reverse("organizer:judging_close", args=[world.stage.pk]), follow=True)
    assert "Centang konfirmasi untuk menetapkan hasil tahap ini." in response.content.decode()
    assert not StageClosure.objects.exists()
    response = client.post(reverse("organizer:judging_close", args=[world.stage.pk]), {"confirm": "1"}, follow=True)
    closure = StageClosure.objects.get()
    text = response.content.decode()
    assert "Unduh berita acara bersegel (PDF)" in text
    assert f"Sidik: {closure.sha256}" not in text


def test_publishing_needs_its_own_pre_check_and_confirmation(client, world):
    _scored(world)
    closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    client.force_login(world.cast.organizer)
    page = client.get(reverse("organizer:judging_publish_check", args=[world.stage.pk])).content.decode()
    assert "1 proposal lain akan dinyatakan tidak lolos dan keluar dari kompetisi." in page
    assert "Gama" in page
    client.post(reverse("organizer:judging_publish", args=[world.stage.pk]))
    world.stage.refresh_from_db()
    assert world.stage.results_published_at is None
    client.post(reverse("organizer:judging_publish", args=[world.stage.pk]), {"confirm": "1"})
    world.stage.refresh_from_db()
    assert world.stage.results_published_at is not None


# --- Minutes and the seal ---------------------------------------------------------------------


@pytest.fixture
def minutes_pdf(world):
    _scored(world)
    setup.update_judging_settings(stage=world.stage, actor=world.cast.organizer, aggregation=Aggregation.ZSCORE)
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    return closure, closure.minutes.read()


def test_the_minutes_say_the_method_in_words_the_jury_who_scored_and_why_the_next_did_not_advance(minutes_pdf):
    closure, pdf = minutes_pdf
    text = pdf.decode("latin-1")
    assert closure.ranking["method"]["words"].startswith("skor-z per juri")
    assert "zscore" not in closure.ranking["method"]["words"]
    for expected in (
        "skor-z per juri",
        "Juri 0: 3 dari 3 penugasan dinilai",
        "Juri 1: 0 dari 3 penugasan dinilai",
        "Nilai dikecualikan",
        "Alasan tidak lolos",
        "Gama: nilai",
        "Tanda tangan pejabat",
        closure.sha256,
    ):
        assert expected in text, expected
    assert [j["submitted"] for j in closure.ranking["jury"]] == [3, 0, 0]


def test_the_sealed_minutes_validate_with_pyhanko_and_a_changed_byte_breaks_the_seal(minutes_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _closure, pdf = minutes_pdf
    reader = PdfFileReader(io.BytesIO(pdf))
    seal = next(s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD)
    status = validate_pdf_signature(seal, ValidationContext(trust_roots=[seal_certificate()]))
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert SIGNATURE_FIELD in {name for name, _value, _ref in _fields(reader)}  # left for the official
    assert check_seal(pdf).ok
    at = pdf.index(b"(Alfa)")
    tampered = pdf[:at] + b"(Alfx)" + pdf[at + 6 :]
    result = check_seal(tampered)
    assert (result.sealed, result.intact, result.ok) == (True, False, False)
    assert result.message == "Segel rusak: isi berkas sudah diubah setelah disegel."


def _fields(reader):
    from pyhanko.sign.fields import enumerate_sig_fields

    return enumerate_sig_fields(reader, filled_status=False)


def test_the_public_verification_page_checks_an_uploaded_pdfs_seal(client, minutes_pdf):
    _closure, pdf = minutes_pdf
    url = reverse("public:certificate_seal_check")
    assert "Periksa segel elektronik" in client.get(url).content.decode()
    response = client.post(url, {"berkas": SimpleUploadedFile("berita-acara.pdf", pdf, "application/pdf")})
    assert "Segel utuh: berkas tidak berubah sejak disegel oleh penyelenggara." in response.content.decode()
    at = pdf.index(b"(Beta)")
    tampered = pdf[:at] + b"(Bxta)" + pdf[at + 6 :]
    response = client.post(url, {"berkas": SimpleUploadedFile("ubah.pdf", tampered, "application/pdf")})
    assert "Segel rusak: isi berkas sudah diubah setelah disegel." in response.content.decode()
    response = client.post(url, {"berkas": SimpleUploadedFile("bukan.pdf", b"bukan pdf", "application/pdf")})
    assert "Berkas ini tidak bersegel elektronik atau bukan PDF yang dapat dibaca." in response.content.decode()
    assert client.post(url, {}).status_code == 400


def test_a_pdf_sealed_with_another_certificate_is_not_ours(minutes_pdf, settings, tmp_path):
    from inovasi.audit import seal

    _closure, pdf = minutes_pdf
    settings.SEAL_DEV_DIR = tmp_path / "lain"
    with time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=WIB)):
        result = seal.check_seal(pdf)
    assert (result.sealed, result.intact, result.ours) == (True, True, False)
    assert result.message == "Segel utuh, tetapi tidak dibuat dengan sertifikat penyelenggara di sistem ini."


def test_sealing_and_checking_work_inside_a_running_event_loop():
    """pyHanko's sync API calls asyncio.run: inside a running loop (an async view, Playwright's sync
    API in a journey) sealing and checking must still work (they move to a worker thread)."""
    import asyncio

    from inovasi.audit.seal import check_seal, seal_pdf

    async def inside():
        return check_seal(seal_pdf(_tiny_pdf()))

    assert asyncio.run(inside()).ok


def _tiny_pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(72, 720, "Berita acara uji")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- The minutes list objections (with the Pemda's reply and the decision) and disqualifications ---


def test_the_minutes_list_the_objection_with_the_pemdas_reply_the_decision_and_the_disqualification(client, world):
    from inovasi.competitions import shortlists
    from inovasi.competitions.enums import ObjectionState, StageKind

    proposals, jurors = _scored(world)
    closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    closing.publish(stage=world.stage, actor=world.cast.organizer)
    window = world.edition.stages.get(kind=StageKind.OBJECTION_WINDOW)
    objection = shortlists.file_objection(
        stage=window,
        proposal=proposals[1],
        reason="Inovasi Beta sudah diajukan oleh daerah lain pada tahun 2023 dengan nama lain.",
        contact_name="Warga",
        contact_email="warga@uji.test",
    )
    reply = "Beta adalah inovasi kami sendiri sejak 2021; SK penerapan terlampir."
    shortlists.reply_to_objection(objection=objection, reply=reply, actor=world.cast.admin_b)
    shortlists.resolve_objection(
        objection=objection, outcome=ObjectionState.UPHELD, resolution="Terbukti duplikasi.", actor=world.cast.organizer
    )
    presentation = world.edition.stages.get(kind=StageKind.PRESENTATION)
    presentation.opens_at, presentation.closes_at = window.closes_at, window.closes_at + timedelta(days=30)
    presentation.top_n = 1
    presentation.save()
    world.stage = presentation
    world.criteria = list(presentation.criteria.all())
    with time_machine.travel(window.closes_at + timedelta(days=1), tick=False):
        _score(world, jurors[0], proposals[0], 80)
        client.force_login(world.cast.organizer)
        page = client.get(reverse("organizer:judging_close_check", args=[presentation.pk])).content.decode()
        assert "Sanggahan, tanggapan Pemda, dan keputusan" in page
        assert "Beta adalah inovasi kami sendiri sejak 2021; SK penerapan terlampir." in page
        assert "Beta: didiskualifikasi pada Masa sanggah publik" in page
        closure = closing.close_stage(stage=presentation, actor=world.cast.organizer, confirm=True)

    [recorded] = closure.ranking["objections"]
    assert (recorded["proposal"], recorded["reply"], recorded["state"], recorded["resolution"]) == (
        "Beta",
        reply,
        "upheld",
        "Terbukti duplikasi.",
    )
    assert recorded["replied_by"] == world.cast.admin_b.full_name
    [dq] = closure.ranking["disqualifications"]
    assert (dq["title"], dq["stage"]) == ("Beta", window.name)
    assert dq["annotation"].startswith(f"didiskualifikasi pada {window.name}")
    text = closure.minutes.read().decode("latin-1").replace("\\(", "(").replace("\\)", ")")
    for expected in (
        "Sanggahan, tanggapan Pemda, dan keputusan",
        "Tanggapan Pemda (",
        reply,
        "Keputusan: Diterima: Terbukti duplikasi.",
        "Diskualifikasi",
        f"Beta: {dq['annotation']}"[:100],
    ):
        assert expected in text, expected


def test_minutes_without_objections_or_disqualifications_say_so(minutes_pdf):
    closure, pdf = minutes_pdf
    assert (closure.ranking["objections"], closure.ranking["disqualifications"]) == ([], [])
    text = pdf.decode("latin-1")
    assert "Sanggahan, tanggapan Pemda, dan keputusan" in text

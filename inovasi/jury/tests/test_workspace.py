"""The juror's reading-and-scoring workspace: the proposal to read, anchors, Indonesian numbers,
progress and blind review."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inovasi.competitions.models import ProposalAnswer, ProposalAttachment
from inovasi.judging import scoring
from inovasi.judging.assignment import assign
from inovasi.judging.blind import blind_code
from inovasi.judging.models import Scorecard
from inovasi.judging.stages import settings_for
from inovasi.judging.tests.conftest import NOW, World

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def desk(cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(NOW, tick=False)
    world = World(cast)
    world.proposal_a = world.proposal("Inovasi Sehat")
    world.me = world.juror("x", name="Juri Utama", user=cast.juror)
    world.assignment = assign(stage=world.stage, juror=world.me, proposal=world.proposal_a, actor=cast.organizer)
    section = world.edition.sections.get(code="ringkasan")
    ProposalAnswer.objects.create(
        proposal=world.proposal_a, section=section, text="Layanan  posyandu\u200bkeliling tiap pekan."
    )
    letter = ProposalAttachment.objects.create(
        proposal=world.proposal_a,
        requirement=world.edition.attachment_requirements.get(code="surat-identitas"),
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    letter.file.save("surat.pdf", ContentFile(PDF_BYTES))
    world.letter = letter
    ProposalAttachment.objects.create(
        proposal=world.proposal_a,
        requirement=world.edition.attachment_requirements.get(code="video"),
        url="https://www.youtube.com/watch?v=abc123",
    )
    return world


def _page(client, desk, assignment=None):
    client.force_login(desk.cast.juror)
    return client.get(reverse("jury:score", args=[(assignment or desk.assignment).pk])).content.decode()


def test_the_juror_reads_every_section_with_its_word_count_the_pdf_inline_and_the_video(client, desk):
    page = _page(client, desk)
    assert "Layanan  posyandu\u200bkeliling tiap pekan." in page
    assert re.search(r"\d+ / 200 kata", page)
    pdf_url = reverse("files:proposal_attachment", args=[desk.letter.pk])
    assert f'<iframe class="attachment-pdf w-100 border mt-2" src="{pdf_url}"' in page
    assert (
        'href="https://www.youtube.com/watch?v=abc123" target="_blank" rel="noopener noreferrer">Tonton video' in page
    )
    assert reverse("public:innovation_detail", args=[desk.proposal_a.innovation_id]) in page
    assert "Dinas Kesehatan Kota Malang" in page
    # and the PDF itself opens for this juror, inline
    response = client.get(pdf_url)
    assert (response.status_code, response["Content-Disposition"]) == (200, 'inline; filename="surat.pdf"')


def test_each_criterion_shows_its_anchors_and_a_text_input_for_indonesian_numbers(client, desk):
    page = _page(client, desk)
    assert '<li data-min="0" data-max="40"><strong>0–40</strong> Bergantung pada satu orang' in page
    assert 'type="text" inputmode="decimal"' in page
    assert 'type="number"' not in page
    assert 'src="/static/inovasi/score-workspace.js"' in page


def test_85_comma_5_is_saved_as_85_5_and_shown_as_85_comma_5(client, desk):
    client.force_login(desk.cast.juror)
    url = reverse("jury:score", args=[desk.assignment.pk])
    assert (
        client.post(url, {"kebaruan": "85,5", "efektivitas": "85.5", "version": 0, "action": "draft"}).status_code
        == 302
    )
    card = Scorecard.objects.get()
    assert (card.values["kebaruan"], card.values["efektivitas"]) == (85.5, 85.5)
    page = client.get(url).content.decode()
    assert 'name="kebaruan" value="85,5"' in page
    assert 'name="efektivitas" value="85,5"' in page


def test_exponent_notation_is_refused_with_an_indonesian_message(client, desk):
    client.force_login(desk.cast.juror)
    url = reverse("jury:score", args=[desk.assignment.pk])
    page = client.post(url, {"kebaruan": "8E+1", "version": 0, "action": "draft"}).content.decode()
    assert "Nilai Kebaruan: Tulis angka tanpa notasi eksponen (misalnya 80, bukan 8E+1)." in page
    assert not Scorecard.objects.exists()


def test_the_juror_sees_how_many_are_done_and_moves_to_the_next_assignment(client, desk):
    other = desk.proposal("Inovasi Zaitun")
    second = assign(stage=desk.stage, juror=desk.me, proposal=other, actor=desk.cast.organizer)
    scoring.save_scorecard(
        stage=desk.stage, juror=desk.me, proposal=other, values=desk.full(60), submit=True, actor=desk.cast.juror
    )
    page = _page(client, desk)
    assert "1 dari 2 selesai" in page
    assert f'rel="next" href="{reverse("jury:score", args=[second.pk])}"' in page
    assert 'rel="prev"' not in page
    assert f'rel="prev" href="{reverse("jury:score", args=[desk.assignment.pk])}"' in _page(client, desk, second)


def test_a_blind_stage_shows_the_code_and_the_content_but_no_identity(client, desk):
    judging = settings_for(desk.stage)
    judging.anonymise = True
    judging.save()
    page = _page(client, desk)
    code = blind_code(desk.stage.pk, desk.proposal_a.pk)
    assert f'<h1 class="h4 mb-0">{code}</h1>' in page
    for identity in ("Inovasi Sehat", "Dinas Kesehatan Kota Malang", "Kota Malang", f"Proposal #{desk.proposal_a.pk}"):
        assert identity not in page
    assert reverse("public:innovation_detail", args=[desk.proposal_a.innovation_id]) not in page
    assert "Isi lampiran tidak disamarkan" in page
    assert "pengusul diminta tidak menuliskan nama daerah" in page
    assert "Layanan  posyandu" in page
    assert reverse("files:proposal_attachment", args=[desk.letter.pk]) in page


def test_the_blind_code_is_opaque_stable_and_different_per_stage():
    assert re.fullmatch(r"P-[2-9A-HJ-NP-Z]{6}", blind_code(5, 8))
    assert blind_code(5, 8) == blind_code(5, 8)
    assert blind_code(5, 8) != blind_code(6, 8)


def test_the_pemda_is_told_about_a_blind_stage_and_opens_its_own_attachment(client, desk):
    client.force_login(desk.cast.admin_b)
    url = reverse("workspace:proposal_detail", args=[desk.proposal_a.pk])
    page = client.get(url).content.decode()
    assert 'id="blind-notice"' not in page
    letter_url = reverse("files:proposal_attachment", args=[desk.letter.pk])
    assert f'<a href="{letter_url}" target="_blank" rel="noopener">Berkas tersimpan</a>' in page
    assert client.get(letter_url).status_code == 200
    judging = settings_for(desk.stage)
    judging.anonymise = True
    judging.save()
    page = client.get(url).content.decode()
    assert "pengusul diminta tidak menuliskan nama daerah, instansi atau orang di dalamnya" in page

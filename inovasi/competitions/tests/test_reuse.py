"""Record once, submit everywhere: a KOVABLIK proposal feeds the same innovation's KIPP proposal
with zero retyping and no second upload, and the snapshot says where each part came from."""

import base64
import contextlib
import re
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from inovasi.audit.models import AuditEvent
from inovasi.competitions import services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import ProposalAttachment
from inovasi.competitions.reuse import SECTION_EQUIVALENTS, earlier_proposal

from .conftest import WIB, enter, make_innovation, pdf


def pdf_text(data: bytes) -> str:
    """The text drawn by a reportlab PDF: every string shown in its (deflated) content streams."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        if stream.rstrip().endswith(b"~>"):  # reportlab's ASCII85 layer over Flate
            stream = base64.a85decode(stream.strip(), adobe=True)
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        shown += [m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\) Tj", stream)]
    return "\n".join(shown)


KIPP_REGISTRATION = datetime(2026, 4, 1, 9, 0, tzinfo=WIB)


def stored_files(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@pytest.fixture
def kipp(cast, frozen):
    return create_edition_from_preset(preset="kipp", body=cast.other_body, year=2026, actor=cast.organizer)


def test_a_kovablik_proposal_is_reused_for_kipp_with_zero_retyping_and_no_second_upload(
    kovablik, kipp, cast, frozen, settings
):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    first = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    refined = "Petani melapor hama lewat aplikasi; penyuluh datang dalam dua hari."
    first.answers.filter(section__code="ringkasan").update(text=refined)
    files_before = stored_files(settings)

    frozen.move_to(KIPP_REGISTRATION)
    second = services.create_proposal(
        edition=kipp, innovation=innovation, group=kipp.groups.get(code="umum"), actor=cast.operator_a
    )
    assert earlier_proposal(second) == first
    answers = {a.section.code: a.text for a in second.answers.select_related("section")}
    earlier = {a.section.code: a.text for a in first.answers.select_related("section")}
    assert answers["ringkasan"] == refined
    assert {code: answers[code] for code in earlier if code in answers} == {
        code: earlier[code] for code in earlier if code in answers
    }
    reused = {a.requirement.code: a for a in second.attachments.select_related("requirement")}
    original = {a.requirement.code: a for a in first.attachments.select_related("requirement")}
    assert set(reused) == set(original)
    for code, attachment in reused.items():
        assert (attachment.sha256, attachment.file.name, attachment.url) == (
            original[code].sha256,
            original[code].file.name,
            original[code].url,
        )
    assert stored_files(settings) == files_before  # no second copy, no second upload

    # Zero retyping: straight to the Admin Pemda and the organizer, no section or file touched.
    services.send_to_admin(proposal=second, actor=cast.operator_a)
    submitted = services.approve_and_submit(proposal=second, actor=cast.admin_a)
    assert submitted.state == S.SUBMITTED
    sources = submitted.snapshot["sources"]
    assert sources["reused_from"] == {"proposal": first.pk, "edition": str(kovablik)}
    assert sources["sections"]["ringkasan"] == f"proposal:{first.pk}#ringkasan"
    assert sources["attachments"]["video"] == f"proposal:{first.pk}#https://video.example/pentas"
    event = AuditEvent.objects.get(action="proposal.reuse")
    assert event.after["from"] == first.pk


def test_replacing_a_reused_file_keeps_the_earlier_proposal_s_copy(kovablik, kipp, cast, frozen, settings):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    first = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    frozen.move_to(KIPP_REGISTRATION)
    second = services.create_proposal(
        edition=kipp, innovation=innovation, group=kipp.groups.get(code="umum"), actor=cast.operator_a
    )
    shared = second.attachments.exclude(file="").select_related("requirement").first()
    name = shared.file.name
    services.attach(proposal=second, requirement=shared.requirement, upload=pdf("baru.pdf"), actor=cast.operator_a)
    kept = ProposalAttachment.objects.get(proposal=first, requirement__code=shared.requirement.code)
    assert kept.file.name == name and kept.file.storage.exists(name)


def test_no_earlier_proposal_means_the_registry_prefill_only(kovablik, cast):
    proposal = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Baru Sekali"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    assert not proposal.attachments.exists()
    assert not AuditEvent.objects.filter(action="proposal.reuse").exists()


def test_the_equivalence_table_never_puts_one_code_in_two_meanings():
    codes = [code for group in SECTION_EQUIVALENTS for code in group]
    assert len(codes) == len(set(codes))


def test_the_proposal_downloads_in_the_national_form_layout_with_word_counts(kovablik, cast, client):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    client.force_login(cast.operator_a)
    response = client.get(f"/ruang-kerja/proposal/{proposal.pk}/formulir.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Among Tani Crop" in text and "Kota Batu" in text
    sections = list(kovablik.sections.filter(group__isnull=True).order_by("order", "pk"))
    positions = [text.find(section.title) for section in sections]
    assert -1 not in positions and positions == sorted(positions)
    words = proposal.snapshot["answers"]["ringkasan"]["words"]
    assert f"{words} dari 200 kata" in text
    client.force_login(cast.operator_b)
    assert client.get(f"/ruang-kerja/proposal/{proposal.pk}/formulir.pdf").status_code == 403

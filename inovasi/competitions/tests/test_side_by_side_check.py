"""The administrative check side by side: each checklist item beside its attachments, with what the
automatic check already verified."""

import re

from django.urls import reverse

from inovasi.competitions import administrative_check
from inovasi.competitions.models import ProposalAttachment

from .conftest import enter, make_innovation


def _rows(page: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<div class="row g-3 border-top pt-3 mb-3 check-row" id="butir-([\w-]+)">(.*?)</fieldset>', page, re.S
        )
    )


def test_the_checker_sees_the_signed_letter_beside_its_item_and_the_video_beside_its_own(client, cast, kovablik):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    letter = ProposalAttachment.objects.get(proposal=proposal, requirement__code="surat-identitas")
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:proposal_review", args=[proposal.pk])).content.decode()
    rows = _rows(page)
    assert list(rows) == ["lengkap", "sungguh-sungguh", "surat-sah", "video-sesuai"]
    letter_url = reverse("files:proposal_attachment", args=[letter.pk])
    assert f'<iframe class="attachment-pdf w-100 border" src="{letter_url}"' in rows["surat-sah"]
    assert (
        "✓ Diperiksa otomatis: “Surat pernyataan identitas inovasi”: berkas PDF (jenis diperiksa dari isinya)"
        in rows["surat-sah"]
    )
    assert (
        'href="https://video.example/pentas" target="_blank" rel="noopener noreferrer">Tonton video'
        in rows["video-sesuai"]
    )
    assert "“Tautan video inovasi”: tautan terisi." in rows["video-sesuai"]
    assert "Semua bagian wajib terisi dalam batas kata dan semua lampiran wajib ada." in rows["lengkap"]
    assert "iframe" not in rows["sungguh-sungguh"]
    assert client.get(letter_url).status_code == 200  # the organizer opens it: the proposal was received


def test_a_missing_required_letter_is_marked_beside_its_item(client, cast, kovablik):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    ProposalAttachment.objects.filter(proposal=proposal, requirement__code="surat-identitas").delete()
    client.force_login(cast.organizer)
    rows = _rows(client.get(reverse("organizer:proposal_review", args=[proposal.pk])).content.decode())
    assert "✗ “Surat pernyataan identitas inovasi” wajib dilampirkan tetapi belum ada." in rows["surat-sah"]
    assert "✗ Lampiran “Surat pernyataan identitas inovasi” belum diunggah." in rows["lengkap"]
    assert administrative_check.admin_stage(kovablik).checklist_items.get(code="surat-sah").attachment_codes == [
        "surat-implementasi",
        "surat-identitas",
        "surat-bersedia-direplikasi",
    ]

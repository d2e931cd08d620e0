"""Sending a proposal on goes through a check-your-answers page; a submission gets a receipt."""

import pytest
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import deadlines, services
from inovasi.competitions.enums import ProposalState as S

from .conftest import complete, make_innovation


@pytest.fixture
def published(kovablik):
    kovablik.is_published = True
    kovablik.save()
    return kovablik


def _proposal(cast, edition, actor):
    return services.create_proposal(
        edition=edition,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=edition.groups.get(code="umum"),
        actor=actor,
    )


def test_sending_to_the_admin_shows_the_answers_first_and_only_the_confirmation_sends(client, cast, published):
    proposal = complete(_proposal(cast, published, cast.operator_a), cast.operator_a)
    client.force_login(cast.operator_a)
    url = reverse("workspace:proposal_confirm", args=[proposal.pk, "kirim"])
    page = client.get(url).content.decode()
    assert "Periksa sebelum mengirim ke Admin Pemda" in page
    assert "Among Tani Crop" in page and "Yang akan terjadi" in page
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT
    response = client.post(url, {"konfirmasi": "1", "version": proposal.version})
    assert response["Location"] == reverse("workspace:proposal_detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.state == S.AWAITING_APPROVAL


def test_the_check_page_lists_the_blockers_and_offers_no_button(client, cast, published):
    proposal = _proposal(cast, published, cast.operator_a)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:proposal_confirm", args=[proposal.pk, "kirim"])).content.decode()
    assert "Lampiran \u201cTautan video inovasi\u201d belum diunggah." in page
    assert "Kirim ke Admin Pemda</button>" not in page


def test_an_admin_pemda_who_drafted_submits_directly_and_gets_a_receipt(client, cast, published):
    proposal = complete(_proposal(cast, published, cast.admin_a), cast.admin_a)
    client.force_login(cast.admin_a)
    detail = client.get(reverse("workspace:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Periksa dan kirim ke Admin Pemda" not in detail
    assert reverse("workspace:proposal_confirm", args=[proposal.pk, "ajukan-langsung"]) in detail
    url = reverse("workspace:proposal_confirm", args=[proposal.pk, "ajukan-langsung"])
    assert "Yang tidak dapat diubah lagi" in client.get(url).content.decode()
    client.post(url, {"konfirmasi": "1", "version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    number = f"KOVABLIK-{published.year}-{proposal.pk:06d}"
    assert services.receipt_number(proposal) == number == proposal.snapshot["receipt"]
    actions = list(AuditEvent.objects.filter(action__startswith="proposal.").values_list("action", flat=True))
    assert actions[-2:] == ["proposal.send_to_admin", "proposal.submit"]
    detail = client.get(reverse("workspace:proposal_detail", args=[proposal.pk])).content.decode()
    assert number in detail
    pdf = client.get(reverse("workspace:proposal_receipt", args=[proposal.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert number.encode() in pdf.content
    assert f"tanda-terima-{number.lower()}.pdf" in pdf["Content-Disposition"]


def test_an_operator_cannot_submit_directly_nor_download_a_receipt_before_submission(client, cast, published):
    proposal = complete(_proposal(cast, published, cast.operator_a), cast.operator_a)
    client.force_login(cast.operator_a)
    assert client.get(reverse("workspace:proposal_confirm", args=[proposal.pk, "ajukan-langsung"])).status_code == 403
    assert client.get(reverse("workspace:proposal_receipt", args=[proposal.pk])).status_code == 404


def test_the_admin_approves_after_the_check_page(client, cast, published):
    proposal = complete(_proposal(cast, published, cast.operator_a), cast.operator_a)
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    proposal.refresh_from_db()
    client.force_login(cast.admin_a)
    url = reverse("workspace:proposal_confirm", args=[proposal.pk, "ajukan"])
    assert "Setujui dan ajukan ke panitia</button>" in client.get(url).content.decode()
    client.post(url, {"konfirmasi": "1", "version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    # A second confirmation (double click) is told it is done, not refused.
    again = client.post(url, {"konfirmasi": "1", "version": proposal.version}, follow=True)
    assert again.status_code == 200


def test_an_attachment_uploaded_in_the_background_answers_json_and_the_page_loads_its_script(client, cast, published):
    from .conftest import pdf

    proposal = _proposal(cast, published, cast.operator_a)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:proposal_detail", args=[proposal.pk])).content.decode()
    assert "inovasi/attachment-upload.js" in page and "data-async-attachment" in page
    requirement = published.attachment_requirements.filter(kind="pdf").first()
    url = reverse("workspace:proposal_attach", args=[proposal.pk, requirement.pk])
    saved = client.post(url, {"file": pdf()}, HTTP_ACCEPT="application/json")
    assert saved.json()["ok"] is True and "Berkas tersimpan" in saved.json()["saved"]
    refused = client.post(url, {}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and refused.json()["message"].startswith(requirement.title)


def test_a_proposal_left_waiting_at_the_deadline_gets_a_final_state(client, cast, published, frozen):
    from datetime import timedelta

    from django.core.management import call_command

    waiting = complete(_proposal(cast, published, cast.operator_a), cast.operator_a)
    services.send_to_admin(proposal=waiting, actor=cast.operator_a)
    draft = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Bangga E-Lokal"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    assert deadlines.close_unsent_after_deadline() == 0  # before the deadline nothing changes
    frozen.move_to(published.registration_closes_at + timedelta(minutes=1))
    client.force_login(cast.admin_a)
    page = client.get(reverse("workspace:proposal_detail", args=[draft.pk])).content.decode()
    assert "Tidak diajukan ke panitia sampai batas akhir pengajuan" in page
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN
    call_command("close_unsent_proposals")
    waiting.refresh_from_db()
    assert waiting.state == S.WITHDRAWN
    assert "Menunggu persetujuan Admin Pemda" in waiting.state_reason
    assert AuditEvent.objects.filter(action="proposal.withdraw").count() == 2

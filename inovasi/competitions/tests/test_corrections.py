"""Issue #17 on the competition side: a corrected start date flags the proposals it affects for the
organizer; a proposal refused by the cap does not stay "Menunggu persetujuan Admin Pemda" after
the deadline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import deadlines, services
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal
from inovasi.innovations import corrections
from inovasi.innovations.enums import CorrectableField as F

from .conftest import enter, make_innovation


def _correct(cast, innovation, field, value):
    correction = corrections.propose_correction(
        innovation=innovation, field=field, new_value=value, reason="Sesuai SK.", actor=cast.operator_a
    )
    return corrections.approve_correction(correction=correction, actor=cast.admin_a)


def test_a_corrected_start_date_flags_the_received_proposal_for_the_organizer(client, kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    waiting = services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Bangga E-Lokal"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    _correct(cast, innovation, F.NAME, "Among Tani Crop Batu")  # not read by eligibility: no flag
    assert not AuditEvent.objects.filter(action="proposal.data_changed").exists()

    _correct(cast, innovation, F.STARTED_ON, "01-01-2025")  # less than a year before the 30 June deadline
    flag = AuditEvent.objects.get(action="proposal.data_changed")
    assert flag.object_id == str(proposal.pk)
    assert (flag.before, flag.after["started_on"], flag.after["eligible"]) == (
        {"started_on": "2021-03-01"},
        "2025-01-01",
        False,
    )
    assert "minimal 1 tahun" in flag.after["failures"][0]

    client.force_login(cast.organizer)
    review = client.get(reverse("organizer:proposal_review", args=[proposal.pk])).content.decode()
    assert "Data berubah setelah pengajuan" in review
    assert "1 Maret 2021" in review and "1 Januari 2025" in review and "tidak terpenuhi" in review
    listing = client.get(reverse("organizer:edition_proposals", args=[kovablik.pk])).content.decode()
    assert listing.count("Data berubah setelah pengajuan") == 1
    assert waiting.state == S.DRAFT  # not received: its own submission re-checks eligibility with the new date


def test_a_correction_that_keeps_the_proposal_eligible_says_so(client, kovablik, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    proposal = enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    _correct(cast, innovation, F.STARTED_ON, "2019")
    assert AuditEvent.objects.get(action="proposal.data_changed").after["eligible"] is True
    client.force_login(cast.organizer)
    review = client.get(reverse("organizer:proposal_review", args=[proposal.pk])).content.decode()
    assert "aturan kelayakan tetap terpenuhi" in review


def test_a_proposal_refused_by_the_cap_ends_withdrawn_after_the_deadline(client, kovablik, cast, frozen):
    for n in range(3):
        enter(kovablik, make_innovation(cast.agency_a, f"Inovasi {n}"), cast.operator_a, cast.admin_a)
    capped_innovation = make_innovation(cast.unit_a, "Inovasi keempat")
    with pytest.raises(ValidationError, match="Batas kuota terlampaui"):
        enter(kovablik, capped_innovation, cast.operator_a, cast.admin_a)
    capped = Proposal.objects.get(innovation=capped_innovation)
    assert capped.state == S.AWAITING_APPROVAL

    frozen.move_to(kovablik.registration_closes_at + timedelta(minutes=1))
    assert deadlines.close_unsent_after_deadline() == 1
    capped.refresh_from_db()
    assert capped.state == S.WITHDRAWN
    assert "batas akhir pengajuan" in capped.state_reason and "Menunggu persetujuan Admin Pemda" in capped.state_reason
    assert Proposal.objects.filter(state=S.SUBMITTED).count() == 3  # the three within the cap are untouched
    assert AuditEvent.objects.filter(action="proposal.withdraw", object_id=str(capped.pk)).count() == 1
    assert deadlines.close_unsent_after_deadline() == 0  # final: a second run changes nothing

    client.force_login(cast.admin_a)
    page = client.get(reverse("workspace:proposal_detail", args=[capped.pk])).content.decode()
    assert "Ditarik" in page and "Tidak diajukan ke panitia sampai batas akhir pengajuan" in page

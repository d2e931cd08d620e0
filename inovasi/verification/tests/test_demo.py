"""The demo tells story 002's field verification with its facts, and loading it twice changes nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import load_personas
from inovasi.demo.verification import load_verification_demo
from inovasi.verification.enums import VisitState
from inovasi.verification.models import Finding, Visit, VisitMember, VisitPhoto
from inovasi.verification.outcomes import OutcomeStatus, stage_outcome

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    loaded = load_organisations()
    load_personas(loaded)
    load_innovations(loaded)
    load_verification_demo(loaded, {})
    return loaded


def _counts():
    return {m.__name__: m.objects.count() for m in (Visit, VisitMember, Finding, VisitPhoto)}


def test_loading_the_verification_demo_twice_changes_nothing(demo):
    first = _counts()
    load_verification_demo(demo, {})
    assert _counts() == first == {"Visit": 2, "VisitMember": 2, "Finding": 6, "VisitPhoto": 1}


def test_the_iga_team_visited_the_farm_and_the_rafting_site_on_14_november_2024(demo):
    visits = {
        v.proposal.title: v for v in Visit.objects.select_related("proposal", "stage__edition__competition__body")
    }
    farm, rafting = visits["Among Tani Crop"], visits["Bangga E-Lokal"]
    assert (farm.address, farm.contact_name, farm.visit_date) == (
        "CV Rose Asterina, Kota Batu",
        "Aziz (pemilik CV Rose Asterina)",
        date(2024, 11, 14),
    )
    assert (rafting.address, rafting.visit_date) == ("Kaliwatu Rafting, Kota Batu", date(2024, 11, 14))
    assert str(farm.stage.edition.competition.body) == "BSKDN Kemendagri"
    assert farm.stage.edition.is_published is False
    lead = farm.members.get(is_lead=True).user
    assert (lead.email, lead.full_name) == ("verifikator@inovasi.test", "Awan Yanuarko")
    assert (farm.state, farm.beneficiaries_met, farm.recommendation) == (VisitState.SUBMITTED, 2, "confirm")
    assert "berusia 45 tahun" in farm.beneficiaries_note
    assert rafting.state == VisitState.IN_PROGRESS
    assert "Rp109,6 miliar pada tahun 2024" in rafting.findings.get(item__code="bukti-sesuai").note
    photo = farm.photos.get()
    assert photo.taken_at == datetime(2024, 11, 14, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert (photo.gps_latitude, photo.has_gps) == (None, False)
    assert "gambar contoh demo" in photo.caption
    outcome = stage_outcome(farm.stage)
    assert outcome[farm.proposal_id].status == OutcomeStatus.AWAITING


def test_the_demo_verifier_opens_the_draft_on_the_phone_form(client, demo):
    rafting = Visit.objects.get(proposal__title="Bangga E-Lokal")
    client.force_login(rafting.members.get().user)
    page = client.get(reverse("jury:visit_form", args=[rafting.pk])).content.decode()
    assert 'id="visit-report"' in page
    assert "Kaliwatu Rafting, Kota Batu" in page

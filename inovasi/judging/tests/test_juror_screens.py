"""The juror's screens: check-your-answers before sending, distinct messages for "not open yet" and
"already sent", conflicts declared only before sending, and "x dari y selesai" on the desk."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from inovasi.judging import scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Scorecard, ScorecardState
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world, client):
    world.p1, world.p2, world.p3 = (world.proposal(t) for t in ("Inovasi Sehat", "Pasar Daring", "Kampung Hijau"))
    world.me = world.juror("x", name="Juri Utama", user=world.cast.juror)
    world.assignments = [
        assign(stage=world.stage, juror=world.me, proposal=p, actor=world.cast.organizer)
        for p in (world.p1, world.p2, world.p3)
    ]
    client.force_login(world.cast.juror)
    return world


def test_kirim_nilai_saves_a_draft_and_opens_the_check_page_then_confirming_sends(client, desk):
    assignment = desk.assignments[0]
    confirm = reverse("jury:confirm_submit", args=[assignment.pk])
    values = desk.full(75) | {"kebaruan": "85,5"}
    response = client.post(confirm, values | {"action": "review", "comment": "Rapi", "version": "0"})
    assert response.status_code == 302 and response["Location"] == confirm
    card = Scorecard.objects.get()
    assert (card.state, card.values["kebaruan"]) == (ScorecardState.DRAFT, 85.5)
    page = client.get(confirm).content.decode()
    assert "Periksa nilai sebelum mengirim" in page
    assert "85,5" in page and "Rapi" in page and "Ya, kirim nilai" in page
    sent = client.post(confirm, {"action": "confirm", "version": str(card.version)})
    assert sent.status_code == 302 and sent["Location"] == reverse("jury:dashboard")
    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED
    assert "Nilai terkirim 2 Juni 2025 10.00 WIB." in client.get(sent["Location"]).content.decode()


def test_an_incomplete_card_cannot_be_confirmed(client, desk):
    assignment = desk.assignments[0]
    confirm = reverse("jury:confirm_submit", args=[assignment.pk])
    client.post(confirm, {"kebaruan": "70", "action": "review", "version": "0"})
    page = client.get(confirm).content.decode()
    assert "Nilai Efektivitas wajib diisi." in page
    assert "Ya, kirim nilai" not in page
    client.post(confirm, {"action": "confirm", "version": "1"})
    assert Scorecard.objects.get().state == ScorecardState.DRAFT


def test_the_scoring_screen_sends_through_the_check_page(client, desk):
    page = client.get(reverse("jury:score", args=[desk.assignments[0].pk])).content.decode()
    assert f'formaction="{reverse("jury:confirm_submit", args=[desk.assignments[0].pk])}"' in page


def test_already_sent_and_not_yet_open_get_distinct_messages(client, desk):
    scoring.save_scorecard(
        stage=desk.stage, juror=desk.me, proposal=desk.p1, values=desk.full(80), submit=True, actor=None
    )
    sent = client.get(reverse("jury:score", args=[desk.assignments[0].pk])).content.decode()
    assert "Nilai sudah dikirim 2 Jun 2025 10.00 WIB dan tidak dapat diubah lagi." in sent
    assert "Nyatakan konflik" not in sent
    open_card = client.get(reverse("jury:score", args=[desk.assignments[1].pk])).content.decode()
    assert "Nyatakan konflik" in open_card and "status-kunci" not in open_card
    desk.stage.opens_at = datetime(2025, 6, 5, 8, 0, tzinfo=WIB)
    desk.stage.save()
    later = client.get(reverse("jury:score", args=[desk.assignments[1].pk])).content.decode()
    assert "Penilaian belum dibuka (dibuka 5 Jun 2025 08.00 WIB)." in later
    with time_machine.travel(datetime(2025, 7, 1, 9, 0, tzinfo=WIB), tick=False):
        client.force_login(desk.cast.juror)
        closed = client.get(reverse("jury:score", args=[desk.assignments[1].pk])).content.decode()
    assert "Penilaian sudah ditutup 30 Jun 2025 23.59 WIB; nilai tidak dapat disimpan lagi." in closed


def test_the_dashboard_says_how_many_are_done(client, desk):
    scoring.save_scorecard(
        stage=desk.stage, juror=desk.me, proposal=desk.p1, values=desk.full(80), submit=True, actor=None
    )
    scoring.save_scorecard(stage=desk.stage, juror=desk.me, proposal=desk.p2, values=desk.full(80), actor=None)
    page = client.get(reverse("jury:dashboard")).content.decode()
    assert "1 dari 3 selesai" in page


def test_the_empty_dashboard_promises_the_email_that_is_sent(client, world):
    client.force_login(world.cast.juror)
    page = client.get(reverse("jury:dashboard")).content.decode()
    assert "Anda akan menerima e-mail berisi jumlah proposal dan batas waktunya" in page
    assert "Panitia akan memberi tahu" not in page

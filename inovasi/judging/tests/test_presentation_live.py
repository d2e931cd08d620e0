"""Presentation day: slots inside the stage window, panel scores during a slot, the chair closing
it, and the organizer's room screen (partial and JSON) showing who sent and the panel score."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import StageKind
from inovasi.judging import presentation, schedule, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import PresentationSlot, ScorecardState
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime(2025, 6, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def day(world):
    """The presentation stage runs 10 June 08:00 – 11 June 17:00 WIB; three panel jurors, two slots."""
    stage = world.edition.stages.get(kind=StageKind.PRESENTATION)
    stage.opens_at, stage.closes_at = at(10, 8), at(11, 17)
    stage.save()
    world.pstage = stage
    world.p1, world.p2 = world.proposal("Inovasi Sehat"), world.proposal("Pasar Daring")
    world.panel = [world.juror(f"j{n}@uji.test", name=f"Juri {n}") for n in (1, 2, 3)]
    for juror in world.panel:
        for proposal in (world.p1, world.p2):
            assign(stage=stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    world.slot1 = schedule.schedule(
        stage=stage, proposal=world.p1, starts_at=at(10, 9), ends_at=at(10, 9, 30), room="Ruang Arjuna", actor=None
    )
    world.slot2 = schedule.schedule(
        stage=stage, proposal=world.p2, starts_at=at(10, 9, 30), ends_at=at(10, 10), room="Ruang Arjuna", actor=None
    )
    return world


def _values(world, value):
    return {c.code: value for c in world.pstage.criteria.all()}


def _score(world, juror, proposal, value, submit=True):
    return scoring.save_scorecard(
        stage=world.pstage, juror=juror, proposal=proposal, values=_values(world, value), submit=submit, actor=None
    )


def test_a_slot_outside_the_stage_window_is_refused_by_the_service_and_the_model(day):
    with pytest.raises(ValidationError) as refused:
        schedule.schedule(
            stage=day.pstage, proposal=day.p1, starts_at=at(11, 16, 45), ends_at=at(11, 17, 15), room="R", actor=None
        )
    assert refused.value.message_dict == {
        "starts_at": ["Jadwal harus di dalam masa tahap: 10-06-2025 08:00–11-06-2025 17:00 WIB."]
    }
    slot = PresentationSlot(stage=day.pstage, proposal=day.p1, starts_at=at(9, 9), ends_at=at(9, 10), room="R")
    with pytest.raises(ValidationError) as refused:
        slot.full_clean()
    assert refused.value.message_dict["starts_at"] == [
        "Jadwal harus di dalam masa tahap: 10-06-2025 08:00–11-06-2025 17:00 WIB."
    ]


def test_a_stage_without_dates_takes_no_slot(day):
    day.pstage.opens_at = None
    day.pstage.save()
    with pytest.raises(ValidationError) as refused:
        schedule.schedule(
            stage=day.pstage, proposal=day.p1, starts_at=at(10, 9), ends_at=at(10, 10), room="R", actor=None
        )
    assert refused.value.message_dict == {
        "starts_at": ["Atur tanggal dibuka dan ditutup tahap ini sebelum menjadwalkan presentasi."]
    }


def test_panel_scores_are_refused_before_the_slot_and_after_the_chair_closes_it(day):
    with time_machine.travel(at(10, 8, 30), tick=False), pytest.raises(ValidationError) as early:
        _score(day, day.panel[0], day.p1, 80)
    assert early.value.messages == ["Sesi presentasi ini belum dimulai (mulai 10 Juni 2025 09.00 WIB)."]
    with time_machine.travel(at(10, 9, 10), tick=False):
        card = _score(day, day.panel[0], day.p1, 80)
        assert card.state == ScorecardState.SUBMITTED
        presentation.close_slot(slot=day.slot1, actor=day.cast.organizer)
        with pytest.raises(ValidationError) as late:
            _score(day, day.panel[1], day.p1, 70)
        with pytest.raises(ValidationError) as twice:
            presentation.close_slot(slot=day.slot1, actor=day.cast.organizer)
    assert late.value.messages == [
        "Sesi presentasi ini sudah ditutup ketua panel pada 10 Juni 2025 09.10 WIB; nilai tidak dapat disimpan lagi."
    ]
    assert twice.value.messages == ["Sesi ini sudah ditutup pada 10 Juni 2025 09.10 WIB."]
    event = AuditEvent.objects.filter(action="slot.close").get()
    assert (event.before, event.after["submitted"]) == ({"closed_at": None}, 1)


def test_the_panel_score_shows_once_every_panel_juror_has_sent(day):
    with time_machine.travel(at(10, 9, 20), tick=False):
        _score(day, day.panel[0], day.p1, 80)
        _score(day, day.panel[1], day.p1, 70)
        _score(day, day.panel[2], day.p1, 90, submit=False)
        rows = presentation.session(day.pstage)
        assert [(r["title"], r["submitted"], r["panel"], r["score"], r["state"]) for r in rows] == [
            ("Inovasi Sehat", 2, 3, None, "live"),
            ("Pasar Daring", 0, 3, None, "upcoming"),
        ]
        _score(day, day.panel[2], day.p1, 90)
        first = presentation.session(day.pstage)[0]
    assert (first["submitted"], first["complete"], first["score"]) == (3, True, 80.0)
    assert first["jurors"] == [
        {"name": "Juri 1", "submitted": True},
        {"name": "Juri 2", "submitted": True},
        {"name": "Juri 3", "submitted": True},
    ]


def test_closing_a_slot_shows_the_panel_score_of_what_was_sent(day):
    with time_machine.travel(at(10, 9, 40), tick=False):
        _score(day, day.panel[0], day.p2, 60)
        _score(day, day.panel[1], day.p2, 75)
        presentation.close_slot(slot=day.slot2, actor=day.cast.organizer)
        second = presentation.session(day.pstage)[1]
    assert (second["state"], second["submitted"], second["panel"], second["score"]) == ("closed", 2, 3, 67.5)


def test_the_room_screen_partial_and_json_are_for_the_organizer(client, day):
    url = reverse("organizer:presentation_room_status", args=[day.pstage.pk])
    with time_machine.travel(at(10, 9, 20), tick=False):
        _score(day, day.panel[0], day.p1, 80)
        _score(day, day.panel[1], day.p1, 70)
        client.force_login(day.cast.juror)
        assert client.get(url).status_code == 403
        client.force_login(day.cast.organizer)
        partial = client.get(url).content.decode()
        data = client.get(url, {"format": "json"}).json()
        page = client.get(reverse("organizer:presentation_room", args=[day.pstage.pk])).content.decode()
    assert "0 dari 2 proposal sudah bernilai panel" in partial
    assert "2/3 terkirim" in partial and "Sedang berlangsung" in partial
    assert "<html" not in partial
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 5s"' in page
    assert data["scored"] == 0 and data["total"] == 2
    assert data["slots"][0] | {"slot": None} == {
        "slot": None,
        "title": "Inovasi Sehat",
        "room": "Ruang Arjuna",
        "state": "live",
        "state_label": "Sedang berlangsung",
        "jurors": [
            {"name": "Juri 1", "submitted": True},
            {"name": "Juri 2", "submitted": True},
            {"name": "Juri 3", "submitted": False},
        ],
        "submitted": 2,
        "panel": 3,
        "complete": False,
        "score": None,
        "starts_at": "2025-06-10T09:00:00+07:00",
        "ends_at": "2025-06-10T09:30:00+07:00",
    }


def test_the_chair_closes_a_slot_from_the_room_screen(client, day):
    with time_machine.travel(at(10, 9, 40), tick=False):
        client.force_login(day.cast.organizer)  # inside the travel: sessions expire when idle
        _score(day, day.panel[0], day.p2, 60)
        response = client.post(reverse("organizer:presentation_close_slot", args=[day.slot2.pk]))
        data = client.get(
            reverse("organizer:presentation_room_status", args=[day.pstage.pk]), {"format": "json"}
        ).json()
    assert response.status_code == 302
    assert [(s["title"], s["state"], s["score"]) for s in data["slots"]] == [
        ("Inovasi Sehat", "ended", None),
        ("Pasar Daring", "closed", 60.0),
    ]


def test_a_panel_juror_scores_the_live_slot_on_the_tablet_form(client, day):
    juror = day.panel[0]
    assignment = juror.assignments.get(stage=day.pstage, proposal=day.p1)
    url = reverse("jury:presentation_score", args=[assignment.pk])
    with time_machine.travel(at(10, 9, 10), tick=False):
        client.force_login(juror.user)
        live = client.get(reverse("jury:presentation_live")).content.decode()
        values = {c.code: "80" for c in day.pstage.criteria.all()}
        unconfirmed = client.post(url, values | {"action": "submit", "version": "0"}, follow=True)
        sent = client.post(url, values | {"action": "submit", "final": "1", "version": "0"})
        page = client.get(sent["Location"]).content.decode()
    assert "Inovasi Sehat" in live and "Sedang berlangsung" in live
    assert "Centang “nilai saya final” untuk mengirim nilai panel." in unconfirmed.content.decode()
    assert sent.status_code == 302 and sent["Location"].endswith("?tersimpan=1")
    assert 'data-saved="true"' in page and "Nilai panel sudah dikirim 10 Juni 2025 09.10 WIB." in page
    assert juror.scorecards.get(stage=day.pstage).state == ScorecardState.SUBMITTED


def test_a_panel_draft_of_72_comma_5_comes_back_on_the_tablet_as_72_comma_5(client, day):
    juror = day.panel[1]
    assignment = juror.assignments.get(stage=day.pstage, proposal=day.p1)
    url = reverse("jury:presentation_score", args=[assignment.pk])
    codes = [c.code for c in day.pstage.criteria.all()]
    with time_machine.travel(at(10, 9, 10), tick=False):
        client.force_login(juror.user)
        saved = client.post(url, {code: "72,5" for code in codes} | {"action": "draft", "version": "0"})
        page = client.get(saved["Location"]).content.decode()
    assert juror.scorecards.get(stage=day.pstage).values == {code: 72.5 for code in codes}
    for code in codes:
        assert f'id="f-{code}" name="{code}" value="72,5"' in page
    assert 'value="72.5"' not in page

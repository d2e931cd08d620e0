from datetime import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.judging import schedule
from inovasi.judging.assignment import assign
from inovasi.judging.models import PresentationSlot
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


def at(hour, minute=0):
    return datetime(2025, 6, 10, hour, minute, tzinfo=WIB)


def test_a_slot_is_stored_and_the_pemda_is_told_in_wib(world, django_capture_on_commit_callbacks):
    proposal = world.proposal("Inovasi Sehat")
    with django_capture_on_commit_callbacks(execute=True):
        slot = schedule.schedule(
            stage=world.stage,
            proposal=proposal,
            starts_at=at(9),
            ends_at=at(9, 30),
            room="Ruang Arjuna",
            actor=world.cast.organizer,
        )
    assert (slot.room, slot.starts_at) == ("Ruang Arjuna", at(9))
    assert [m.to for m in mail.outbox] == [["admin.b@uji.test"], ["op.b@uji.test"]]  # one mail per person
    assert "10-06-2025 09:00\u201309:30 WIB di Ruang Arjuna" in mail.outbox[0].body


def test_overlapping_slots_in_one_room_and_slots_without_a_place_are_refused(world):
    first, second = world.proposal("Satu"), world.proposal("Dua")
    schedule.schedule(
        stage=world.stage,
        proposal=first,
        starts_at=at(9),
        ends_at=at(10),
        room="Ruang Arjuna",
        actor=world.cast.organizer,
    )
    with pytest.raises(ValidationError) as error:
        schedule.schedule(
            stage=world.stage,
            proposal=second,
            starts_at=at(9, 30),
            ends_at=at(10, 30),
            room="Ruang Arjuna",
            actor=world.cast.organizer,
        )
    assert error.value.message_dict == {
        "starts_at": ["Ruang Ruang Arjuna sudah dipakai \u201cSatu\u201d pada waktu itu."]
    }
    with pytest.raises(ValidationError) as error:
        schedule.schedule(
            stage=world.stage, proposal=second, starts_at=at(11), ends_at=at(10), actor=world.cast.organizer
        )
    assert error.value.message_dict == {
        "ends_at": ["Waktu selesai harus setelah waktu mulai."],
        "room": ["Isi ruang atau tautan daring."],
    }
    online = schedule.schedule(
        stage=world.stage,
        proposal=second,
        starts_at=at(9, 30),
        ends_at=at(10),
        online_link="https://zoom.example/j/1",
        actor=world.cast.organizer,
    )
    assert PresentationSlot.objects.count() == 2
    assert online.online_link == "https://zoom.example/j/1"


def test_the_schedule_page_is_for_organizers_and_its_slot_shows_on_the_scoring_screen(client, world):
    url = reverse("organizer:judging_slots", args=[world.stage.pk])
    client.force_login(world.cast.operator_b)
    assert client.get(url).status_code == 403
    client.force_login(world.cast.organizer)
    counts = []
    for n in (1, 3):
        while len(world.proposals) < n:
            p = world.proposal(f"P{len(world.proposals)}")
            schedule.schedule(
                stage=world.stage,
                proposal=p,
                starts_at=at(8 + len(world.proposals)),
                ends_at=at(8 + len(world.proposals), 30),
                room="Ruang Arjuna",
                actor=world.cast.organizer,
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    response = client.post(
        url,
        {
            "proposal": world.proposals[0].pk,
            "starts_at": "2025-06-10T13:00",
            "ends_at": "2025-06-10T13:30",
            "room": "Ruang Bima",
        },
    )
    assert response.status_code == 302
    slot = PresentationSlot.objects.get(proposal=world.proposals[0])
    assert (slot.starts_at, slot.room) == (at(13), "Ruang Bima")
    juror = world.juror("j@uji.test")
    assignment = assign(stage=world.stage, juror=juror, proposal=world.proposals[0], actor=world.cast.organizer)
    client.force_login(juror.user)
    page = client.get(reverse("jury:score", args=[assignment.pk])).content.decode()
    assert "Ruang Bima" in page

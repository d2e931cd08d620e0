"""Jurors hear about their assignments and about missing scores before the deadline, by e-mail."""

from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase

from inovasi.judging import jury, notifications, scoring
from inovasi.judging.assignment import assign, assign_automatically
from inovasi.judging.models import JurorReminder
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(world):
    world.p1, world.p2 = world.proposal("Inovasi Sehat"), world.proposal("Pasar Daring")
    world.j1, world.j2, world.j3 = (world.juror(f"j{n}@uji.test", name=f"Juri {n}") for n in (1, 2, 3))
    return world


def test_each_newly_assigned_juror_gets_one_email_with_the_deadline_in_wib(three, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assign_automatically(stage=three.stage, actor=three.cast.organizer, k=2)
    assert sorted(m.to[0] for m in mail.outbox) == ["j1@uji.test", "j2@uji.test", "j3@uji.test"]
    first = next(m for m in mail.outbox if m.to == ["j1@uji.test"])
    assert first.subject == "Penugasan penilaian: KOVABLIK Jawa Timur 2025"
    assert "Yth. Juri 1," in first.body
    assert "pada tahap Evaluasi proposal, KOVABLIK Jawa Timur 2025." in first.body
    assert "Batas pengiriman nilai: 30 Juni 2025 23.59 WIB." in first.body
    assert "/juri/" in first.body


def test_assigning_again_without_new_pairs_sends_nothing(three, django_capture_on_commit_callbacks):
    assign_automatically(stage=three.stage, actor=three.cast.organizer, k=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign_automatically(stage=three.stage, actor=three.cast.organizer, k=2)
        assign(stage=three.stage, juror=three.j1, proposal=three.p1, actor=three.cast.organizer)
    assert mail.outbox == []


def test_a_manual_assignment_tells_only_that_juror(world, django_capture_on_commit_callbacks):
    proposal = world.proposal("Inovasi Sehat")
    juror = world.juror("j1@uji.test", name="Juri 1")
    world.juror("j2@uji.test", name="Juri 2")
    with django_capture_on_commit_callbacks(execute=True):
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    assert [m.to for m in mail.outbox] == [["j1@uji.test"]]
    assert "Anda ditugaskan menilai 1 proposal" in mail.outbox[0].body


def _reminders_at(moment):
    """Send the reminders due at `moment`; the outbox delivers them when the transaction commits."""
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        mail.outbox.clear()
        return notifications.send_reminders()


def test_reminders_go_once_a_day_to_jurors_with_missing_scores_in_the_last_three_days(three):
    assign(stage=three.stage, juror=three.j1, proposal=three.p1, actor=None)
    assign(stage=three.stage, juror=three.j2, proposal=three.p1, actor=None)
    assign(stage=three.stage, juror=three.j2, proposal=three.p2, actor=None)
    scoring.save_scorecard(
        stage=three.stage, juror=three.j1, proposal=three.p1, values=three.full(80), submit=True, actor=None
    )
    assert _reminders_at(datetime(2025, 6, 20, 9, 0, tzinfo=WIB)) == 0  # ten days before: too early
    assert _reminders_at(datetime(2025, 6, 28, 9, 0, tzinfo=WIB)) == 1
    assert [m.to for m in mail.outbox] == [["j2@uji.test"]]
    assert mail.outbox[0].subject == "Pengingat: 2 nilai belum dikirim, KOVABLIK Jawa Timur 2025"
    assert "Batas pengiriman nilai: 30 Juni 2025 23.59 WIB." in mail.outbox[0].body
    assert _reminders_at(datetime(2025, 6, 28, 21, 0, tzinfo=WIB)) == 0  # the same WIB day
    assert _reminders_at(datetime(2025, 6, 29, 9, 0, tzinfo=WIB)) == 1
    assert list(JurorReminder.objects.values_list("juror__name", "sent_on", "missing")) == [
        ("Juri 2", datetime(2025, 6, 29).date(), 2),
        ("Juri 2", datetime(2025, 6, 28).date(), 2),
    ]
    assert _reminders_at(datetime(2025, 7, 1, 9, 0, tzinfo=WIB)) == 0  # closed


def test_the_command_prints_how_many_reminders_it_sent(three):
    assign(stage=three.stage, juror=three.j3, proposal=three.p2, actor=None)
    out = StringIO()
    with time_machine.travel(datetime(2025, 6, 29, 9, 0, tzinfo=WIB), tick=False):
        call_command("send_juror_reminders", stdout=out)
        call_command("send_juror_reminders", stdout=out)
    assert out.getvalue() == "1 pengingat terkirim.\n0 pengingat terkirim.\n"


def test_a_conflict_can_be_declared_before_sending_but_not_after(three):
    assign(stage=three.stage, juror=three.j1, proposal=three.p1, actor=None)
    assign(stage=three.stage, juror=three.j1, proposal=three.p2, actor=None)
    scoring.save_scorecard(
        stage=three.stage, juror=three.j1, proposal=three.p1, values=three.full(80), submit=True, actor=None
    )
    with pytest.raises(ValidationError) as refused:
        jury.declare_conflict(juror=three.j1, proposal=three.p1, reason="Saudara kandung", actor=None)
    assert refused.value.messages == [
        "Nilai Anda untuk proposal ini sudah dikirim; laporkan konflik kepentingan kepada panitia."
    ]
    conflict = jury.declare_conflict(juror=three.j1, proposal=three.p2, reason="Saudara kandung", actor=None)
    assert conflict.reason == "Saudara kandung"


def test_presentation_stages_get_no_reminders(three):
    stage = three.edition.stages.get(kind="presentation")
    stage.opens_at, stage.closes_at = three.stage.opens_at, three.stage.closes_at
    stage.save()
    assign(stage=stage, juror=three.j3, proposal=three.p2, actor=None)
    assert _reminders_at(datetime(2025, 6, 29, 9, 0, tzinfo=WIB)) == 0

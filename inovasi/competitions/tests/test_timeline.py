"""Where an edition stands, said the same way on the public list and page (#18: editions that invite)."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from inovasi.competitions.timeline import Phase, edition_status


def _dated_first_stage(edition):
    """The preset's stages carry no dates; give the first one a week after registration closes."""
    stage = edition.stages.order_by("order").first()
    stage.opens_at = edition.registration_closes_at + timedelta(days=1)
    stage.closes_at = stage.opens_at + timedelta(days=7)
    stage.save(update_fields=["opens_at", "closes_at"])
    return stage


def _status_at(edition, moment):
    return edition_status(edition, list(edition.stages.order_by("order")), at=moment)


def test_the_phase_follows_registration_then_the_stages(kovablik):
    opens, closes = kovablik.registration_opens_at, kovablik.registration_closes_at
    assert _status_at(kovablik, opens - timedelta(days=1)).phase == Phase.UPCOMING
    assert _status_at(kovablik, opens + timedelta(hours=1)).phase == Phase.REGISTRATION
    first = _dated_first_stage(kovablik)
    during = _status_at(kovablik, first.opens_at + timedelta(hours=1))
    assert (during.phase, during.running_stage) == (Phase.JUDGING, first)
    between = _status_at(kovablik, closes + timedelta(hours=1))  # before the first stage opens
    assert (between.phase, between.running_stage) == (Phase.JUDGING, None)
    finished = _status_at(kovablik, first.closes_at + timedelta(days=1))
    assert (finished.phase, finished.running_stage, finished.has_results) == (Phase.FINISHED, None, False)


def test_an_open_edition_says_until_when_who_may_submit_and_how_to_join(client, kovablik):
    kovablik.is_published = True
    kovablik.save()
    with time_machine.travel(kovablik.registration_opens_at + timedelta(days=1), tick=False):
        page = client.get(reverse("public:edition_detail", args=[kovablik.pk])).content.decode()
        listing = client.get(reverse("public:edition_list")).content.decode()
    until = timezone.localtime(kovablik.registration_closes_at).strftime("%-d %B %Y %H:%M")
    assert "Pendaftaran dibuka s.d." in page
    assert "Masuk untuk mengajukan" in page
    assert "sedikitnya 1 tahun" in page
    assert "Hasil dan penghargaan (belum ada)" in page and "btn btn-outline-secondary" in page
    assert "Pendaftaran dibuka" in listing and until.split()[0] in listing


def test_the_running_stage_is_marked(client, kovablik):
    kovablik.is_published = True
    kovablik.save()
    stage = _dated_first_stage(kovablik)
    with time_machine.travel(stage.opens_at + timedelta(hours=1), tick=False):
        page = client.get(reverse("public:edition_detail", args=[kovablik.pk])).content.decode()
    assert 'aria-current="step"' in page and "sedang berjalan" in page
    assert f"Tahap yang sedang berjalan: {stage.name}" in page

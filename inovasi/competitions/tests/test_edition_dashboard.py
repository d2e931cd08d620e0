"""The organizer's edition dashboard says where the edition stands and what comes next (#17)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from inovasi.competitions import timeline
from inovasi.competitions.models import Stage


def _stages(edition):
    return list(Stage.objects.filter(edition=edition).order_by("order"))


def _scheduled(edition):
    """Give the first two judged stages a week each, a day apart."""
    start = timezone.now() + timedelta(days=10)
    stages = [s for s in _stages(edition) if s.kind != "objection_window"][:2]
    for i, stage in enumerate(stages):
        opens = start + timedelta(days=8 * i)  # a day between them
        Stage.objects.filter(pk=stage.pk).update(opens_at=opens, closes_at=opens + timedelta(days=7))
    return [Stage.objects.get(pk=s.pk) for s in stages]


def test_next_step_is_the_closed_stage_waiting_for_results_then_the_next_to_open(kovablik):
    first, second = _scheduled(kovablik)
    before = first.opens_at - timedelta(days=1)
    assert timeline.organizer_next_step(_stages(kovablik), at=before).stage == first
    assert timeline.organizer_next_step(_stages(kovablik), at=before).kind == "upcoming"
    after_first = first.closes_at + timedelta(minutes=1)
    step = timeline.organizer_next_step(_stages(kovablik), at=after_first)
    assert (step.kind, step.stage) == ("results", first)
    Stage.objects.filter(pk=first.pk).update(results_published_at=timezone.now())
    step = timeline.organizer_next_step(_stages(kovablik), at=after_first)
    assert (step.kind, step.stage) == ("upcoming", second)
    assert timeline.organizer_next_step(_stages(kovablik), at=second.opens_at - timedelta(hours=1)).stage == second


def test_the_dashboard_marks_the_running_stage_and_names_the_next_step(client, cast, kovablik):
    running, _second = _scheduled(kovablik)
    now = timezone.now()
    Stage.objects.filter(pk=running.pk).update(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=3))
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:edition_dashboard", args=[kovablik.pk])).content.decode()
    assert f"Tahap yang sedang berjalan: {running.name}" in page
    assert 'aria-current="step"' in page
    assert "Langkah berikutnya" in page or "Tidak ada langkah terjadwal berikutnya." in page

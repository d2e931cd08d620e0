"""The demo shows judging: an edition in desk evaluation, open whenever it is loaded, with jurors,
the automatic assignment, a conflict, scores in, a presentation session, and a closed past stage."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inovasi.competitions.enums import StageKind
from inovasi.demo.competitions import load_competitions
from inovasi.demo.innovations import load_innovations
from inovasi.demo.judging import load_judging_demo
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import DEMO_PASSWORD, load_personas
from inovasi.judging import closing, conflicts
from inovasi.judging.models import Assignment, Juror, Scorecard, ScorecardState

pytestmark = pytest.mark.slow
WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.UTC)


def _load(now=NOW):
    loaded = load_organisations()
    load_personas(loaded)
    load_innovations(loaded)
    load_competitions(loaded)
    with time_machine.travel(now, tick=False):
        return load_judging_demo(loaded, now=now)


@pytest.fixture
def figures(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return _load()


def test_the_demo_edition_is_in_desk_evaluation_now(figures):
    desk = figures["desk"]
    assert figures["edition"].name == "KOVABLIK Jawa Timur 2026"
    assert desk.is_open(NOW)
    assert timezone_wib(desk.opens_at) == dt.datetime(2026, 11, 25, 8, 0, tzinfo=WIB)
    assert timezone_wib(desk.closes_at) == dt.datetime(2026, 12, 15, 23, 59, tzinfo=WIB)


def timezone_wib(moment):
    return moment.astimezone(WIB)


def test_the_printed_figures_are_counted_from_the_database(figures):
    assert {k: figures[k] for k in ("proposals", "jurors", "assignments", "submitted", "drafts", "slots")} == {
        "proposals": 7,
        "jurors": 4,
        "assignments": 21,
        "submitted": 5 + 3 + 2,  # Dr. Bagus Santoso's five, three of juri@inovasi.test, two of the Batu juror
        "drafts": 1,
        "slots": 3,
    }
    sent = Scorecard.objects.filter(stage=figures["desk"], state=ScorecardState.SUBMITTED)
    assert set(sent.values_list("juror__user__email", flat=True)) == {
        "juri.batu@inovasi.test",
        "juri.unair@inovasi.test",
        "juri@inovasi.test",
    }


def test_the_batu_juror_is_conflicted_with_the_batu_proposal_and_not_assigned_to_it(figures):
    desk = figures["desk"]
    batu = desk.edition.proposals.get(title="Among Tani Crop")
    juror = Juror.objects.get(user__email="juri.batu@inovasi.test")
    assert conflicts.conflict_reason(juror, batu) == "Pemerintah daerah asal juri mengajukan proposal ini."
    assert not Assignment.objects.filter(stage=desk, juror=juror, proposal=batu).exists()
    loads = sorted(Assignment.objects.filter(stage=desk).values_list("juror__user__email", flat=True))
    assert sorted({e: loads.count(e) for e in loads}.values()) == [5, 5, 5, 6]


def test_the_presentation_slots_lie_inside_the_presentation_window(figures):
    stage = figures["edition"].stages.get(kind=StageKind.PRESENTATION)
    slots = list(stage.slots.order_by("starts_at"))
    assert [s.starts_at.astimezone(WIB).strftime("%d-%m %H:%M") for s in slots] == [
        "22-12 09:00",
        "22-12 09:30",
        "22-12 10:00",
    ]
    assert all(stage.opens_at <= s.starts_at and s.ends_at <= stage.closes_at for s in slots)
    panels = {(a.proposal.title, a.juror.name) for a in Assignment.objects.filter(stage=stage)}
    assert len(panels) == 9
    assert {name for _title, name in panels} == {"Prof. Lestari Juri", "Dr. Bagus Santoso", "Dr. Rahmat Hidayat"}


def test_the_2023_desk_evaluation_is_closed_with_its_minutes_and_a_valid_hash(figures):
    closure = figures["closure"]
    assert closure.stage.edition.year == 2023
    assert closure.closed_at == dt.datetime(2023, 10, 20, 15, 0, tzinfo=WIB)
    assert closing.content_hash(closure.ranking) == closure.sha256
    assert [item["title"] for item in closure.ranking["ranking"]] != []
    assert closure.minutes.read()[:5] == b"%PDF-"


def test_loading_again_changes_nothing_and_a_later_load_reopens_the_desk_window(figures, client):
    first = (Assignment.objects.count(), Scorecard.objects.count(), figures["desk"].closes_at)
    again = _load()
    assert (Assignment.objects.count(), Scorecard.objects.count(), again["desk"].closes_at) == first
    later = NOW + dt.timedelta(days=20)
    moved = _load(later)
    assert moved["desk"].is_open(later)
    assert moved["edition"].pk == figures["edition"].pk
    assert client.login(username="juri.its@inovasi.test", password=DEMO_PASSWORD)

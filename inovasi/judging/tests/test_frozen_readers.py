"""Frozen means frozen: every reader of a stage's ranking, against an open and a closed stage.

Generated: each entry of READERS is one place a stage's ranking is shown (desk, CSV and XLSX
exports, API, public results and their export, gallery, press draft, minutes). While the stage is
open a reader shows the live preview; once closed it shows the frozen record, still after
publishing (which eliminates the others and so moves every z-score), after a score and a title
change behind the services' back, and a record that no longer matches its SHA-256 is shown as an
integrity error, never recomputed.
"""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.competitions.models import Proposal
from inovasi.judging import closing, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Aggregation, Assignment, Scorecard, StageClosure
from inovasi.judging.stages import settings_for
from inovasi.press.drafting import draft_edition_results

pytestmark = pytest.mark.django_db

INTEGRITY = "Integritas data rusak"


def _score(world, juror, proposal, value):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=True, actor=juror.user
    )


@pytest.fixture
def scene(world, client):
    """Four proposals, a harsh juror, z-score aggregation, Top 2: publishing moves the z-scores."""
    x, y, z, w = (world.proposal(t) for t in ("X", "Y", "Z", "W"))
    harsh, n1, n2 = world.juror("keras@uji.test"), world.juror("n1@uji.test"), world.juror("n2@uji.test")
    for juror, scores in (
        (harsh, {x: 40, z: 10, w: 20}),
        (n1, {x: 80, y: 70, z: 60, w: 65}),
        (n2, {y: 70, z: 65, w: 60}),
    ):
        for proposal, value in scores.items():
            _score(world, juror, proposal, value)
    judging = settings_for(world.stage)
    judging.aggregation = Aggregation.ZSCORE
    judging.save()
    world.edition.is_published = True
    world.edition.save()
    client.force_login(world.cast.organizer)
    world.client = client
    return world


# --- The readers: each returns what it shows as (title, rank, score) rows, or INTEGRITY ---------


def _body(response) -> bytes:
    """The bytes of a response, streamed (exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _number(text):
    return None if text in ("", None) else float(str(text).replace(",", "."))


def read_desk(world):
    response = world.client.get(reverse("organizer:judging_stage", args=[world.stage.pk]))
    assert response.status_code == 200
    if response.context["integrity_error"]:
        assert INTEGRITY in response.content.decode()
        return INTEGRITY
    return [(i["row"].title, i["row"].rank, i["row"].score) for i in response.context["rows"]]


def read_csv(world):
    response = world.client.get(reverse("organizer:judging_export", args=[world.stage.pk, "csv"]))
    if response.status_code == 409:
        assert INTEGRITY in response.content.decode()
        return INTEGRITY
    rows = list(csv.reader(io.StringIO(_body(response).decode().lstrip("\ufeff"))))[1:]
    return [(r[2], int(r[0]) if r[0] else None, _number(r[4])) for r in rows]


def read_xlsx(world):
    response = world.client.get(reverse("organizer:judging_export", args=[world.stage.pk, "xlsx"]))
    if response.status_code == 409:
        return INTEGRITY
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return [(r[2], r[0], _number(r[4])) for r in rows]


def read_api(world):
    response = world.client.get(f"/api/v1/judging/stages/{world.stage.pk}/ranking")
    if response.status_code == 409:
        assert INTEGRITY in response.json()["detail"]
        return INTEGRITY
    return [(r[2], r[0], r[4]) for r in response.json()["rows"]]


def _public_rows(results):
    stage_list = next(s for s in results.stages if s.stage.pk == results.stage_pk)
    if stage_list.integrity_error:
        return INTEGRITY
    return [(e.title, e.rank) for e in stage_list.entries]


def read_public_results(world):
    response = world.client.get(reverse("public:edition_results", args=[world.edition.pk]))
    assert response.status_code == 200
    results = response.context["results"]
    lists = [s for s in results.stages if s.stage.pk == world.stage.pk]
    if not lists:
        return []
    if lists[0].integrity_error:
        assert INTEGRITY in response.content.decode()
        return INTEGRITY
    return [(e.title, e.rank) for e in lists[0].entries]


def read_public_export(world):
    response = world.client.get(reverse("public:edition_results_export", args=[world.edition.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(_body(response).decode().lstrip("\ufeff"))))[1:]
    return [(r[3], int(r[2])) for r in rows if r[1] == world.stage.label]


def read_gallery(world):
    response = world.client.get(reverse("public:edition_gallery_data", args=[world.edition.pk]))
    return sorted(slide["name"] for slide in json.loads(response.content)["slides"])


def read_press(world):
    try:
        draft = draft_edition_results(world.edition)
    except ValidationError as exc:  # "nothing published yet" is what an open stage shows
        return exc.messages[0]
    return draft.body


def read_minutes(world):
    response = world.client.get(reverse("organizer:judging_minutes", args=[world.stage.pk]))
    if response.status_code == 404:
        return None
    return b"".join(response.streaming_content).decode("latin-1")


READERS = {
    "desk": read_desk,
    "export_csv": read_csv,
    "export_xlsx": read_xlsx,
    "api": read_api,
    "public_results": read_public_results,
    "public_export": read_public_export,
    "gallery": read_gallery,
    "press": read_press,
    "minutes": read_minutes,
}


# --- What each reader must show, from the live preview or the frozen record ---------------------


def live_rows(world):
    outcome = closing.preview(world.stage)
    return [
        (outcome.proposals[r.proposal_id].title, r.rank, None if r.score is None else round(r.score, 2))
        for r in outcome.rows
    ]


def frozen_rows(closure):
    return [(i["title"], i["rank"], i["score"]) for i in closure.ranking["ranking"]]


def expected(name, world, closure, published):
    advancing = [] if closure is None else [i for i in closure.ranking["ranking"] if i["advances"]]
    if name in ("desk", "export_csv", "export_xlsx", "api"):
        return live_rows(world) if closure is None else frozen_rows(closure)
    if name in ("public_results", "public_export"):
        return [(i["title"], i["rank"]) for i in advancing] if published else []
    if name == "gallery":
        return sorted(i["title"] for i in advancing) if published else []
    if name == "press":
        return None  # checked by content below
    if name == "minutes":
        return None


def check(name, world, closure, published):
    shown = READERS[name](world)
    if name == "press":
        if not published:
            assert shown == f"Belum ada hasil yang diumumkan untuk {world.edition.name}."
        else:
            for item in closure.ranking["ranking"]:
                assert (item["title"] in shown) is item["advances"], item["title"]
        return
    if name == "minutes":
        if closure is None:
            assert shown is None
        else:
            for item in closure.ranking["ranking"]:
                assert f"({item['score']:.2f})".replace(".", ",") in shown
            assert closure.sha256 in shown
        return
    assert shown == expected(name, world, closure, published)


@pytest.mark.parametrize("reader", list(READERS))
def test_every_reader_shows_the_live_preview_while_open_and_the_frozen_record_once_closed(scene, reader):
    world = scene
    check(reader, world, None, published=False)

    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    check(reader, world, closure, published=False)

    closing.publish(stage=world.stage, actor=world.cast.organizer)
    world.stage.refresh_from_db()
    # Publishing eliminated Z and W: recomputing now would move every z-score.
    assert live_rows(world) != [row for row in frozen_rows(closure) if row[0] in ("X", "Y")]
    check(reader, world, closure, published=True)

    # A score and a title changed behind the services' back after closing change nothing shown.
    card = Scorecard.objects.filter(stage=world.stage, proposal__title="X").first()
    Scorecard.objects.filter(pk=card.pk).update(values=world.full(0))
    Proposal.objects.filter(title="Y").update(title="Y (diubah)")
    check(reader, world, closure, published=True)


@pytest.mark.parametrize("reader", ["desk", "export_csv", "export_xlsx", "api", "public_results"])
def test_a_frozen_record_that_no_longer_matches_its_hash_is_shown_as_an_integrity_error(scene, reader):
    world = scene
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    closing.publish(stage=world.stage, actor=world.cast.organizer)
    tampered = json.loads(json.dumps(closure.ranking))
    tampered["ranking"][0]["score"] = 99.0
    StageClosure.objects.filter(pk=closure.pk).update(ranking=tampered)
    assert READERS[reader](world) == INTEGRITY


def test_after_publishing_the_screen_shows_the_minutes_numbers_not_a_recomputation(scene):
    """Issue 13, item 5: the desk showed 65,12 where the hashed minutes said 75,88."""
    world = scene
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    closing.publish(stage=world.stage, actor=world.cast.organizer)
    frozen = {i["title"]: i["score"] for i in closure.ranking["ranking"]}
    recomputed = {title: score for title, _rank, score in live_rows(world)}
    assert recomputed["X"] != frozen["X"]
    desk = {title: score for title, _rank, score in read_desk(world)}
    api = {title: score for title, _rank, score in read_api(world)}
    assert desk == api == frozen
    page = world.client.get(reverse("organizer:judging_stage", args=[world.stage.pk])).content.decode()
    assert f"{frozen['X']:.2f}".replace(".", ",") in page
    assert f"{recomputed['X']:.2f}".replace(".", ",") not in page


def test_a_tampered_frozen_record_is_never_published(scene):
    world = scene
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    tampered = json.loads(json.dumps(closure.ranking))
    tampered["ranking"][2]["advances"] = True
    StageClosure.objects.filter(pk=closure.pk).update(ranking=tampered)
    with pytest.raises(ValidationError) as error:
        closing.publish(stage=world.stage, actor=world.cast.organizer)
    assert error.value.messages[0].startswith("Integritas data rusak: peringkat tersimpan tahap")
    world.stage.refresh_from_db()
    assert world.stage.results_published_at is None


def test_only_the_ranking_reader_and_the_closing_steps_compute_the_live_preview():
    """A new screen that called `closing.preview` itself would show a recomputation of a closed
    stage; every reader goes through `ranking.stage_ranking` instead."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {"judging/closing.py", "judging/ranking.py", "judging/precheck.py"}
    callers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and re.search(r"\bpreview\(\s*stage", path.read_text(encoding="utf-8"))
        and str(path.relative_to(root)) not in allowed
    )
    assert callers == []

"""The full ranking export, CSV and XLSX, streamed through the one exporter, equals the ranking that
`stage_ranking()` reads, row by row and cell by cell: the live preview while the stage is open, the
frozen record once it is closed (still after a score changed behind the services' back)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.judging import closing, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Scorecard
from inovasi.judging.ranking import stage_ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world, client):
    """Five proposals, three jurors each scoring some of them differently; Top 2 advance."""
    proposals = [world.proposal(f"Inovasi {name}") for name in ("Alpha", "Beta", "Gamma", "Delta", "=Epsilon")]
    jurors = [world.juror(f"juri{n}@uji.test") for n in range(3)]
    for n, proposal in enumerate(proposals):
        for m, juror in enumerate(jurors):
            if (n + m) % 4 == 3:
                continue  # not every juror scores every proposal: empty per-juror cells
            assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
            scoring.save_scorecard(
                stage=world.stage,
                juror=juror,
                proposal=proposal,
                values=world.full(40 + 9 * n + 5 * m),
                submit=True,
                actor=juror.user,
            )
    client.force_login(world.cast.organizer)
    return client


def _expected(stage):
    """The ranking as `stage_ranking()` reads it, one list of cells per row."""
    ranking = stage_ranking(stage)
    codes = [c.code for c in stage.criteria.all()]
    jurors = [pk for pk, _name in sorted(ranking.jurors.items(), key=lambda item: (item[1], item[0]))]
    return [
        [row.rank, row.proposal_id, row.title, row.government, row.score, "Ya" if row.advances else None]
        + [row.criteria.get(code) for code in codes]
        + [row.totals.get(pk) for pk in jurors]
        for row in ranking.rows
    ]


def _csv_rows(client, stage):
    response = client.get(reverse("organizer:judging_export", args=[stage.pk, "csv"]))
    assert response.streaming and response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))[1:]


def _xlsx_rows(client, stage):
    response = client.get(reverse("organizer:judging_export", args=[stage.pk, "xlsx"]))
    assert response.streaming and response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _as_csv(value):
    """How a cell of `_expected` reads back from CSV (the csv module writes str(); the formula
    guard puts an apostrophe before text that starts like a formula)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return str(value)


def _assert_exports_equal_the_ranking(client, stage):
    expected = _expected(stage)
    assert len(expected) == 5
    csv_rows = _csv_rows(client, stage)
    xlsx_rows = _xlsx_rows(client, stage)
    assert len(csv_rows) == len(xlsx_rows) == len(expected)
    width = len(expected[0])
    for want, from_csv, from_xlsx in zip(expected, csv_rows, xlsx_rows, strict=True):
        assert from_csv == [_as_csv(value) for value in want]
        assert from_xlsx[:width] + [None] * (width - len(from_xlsx)) == want


def test_the_streamed_exports_of_an_open_stage_equal_its_live_ranking(scored, world):
    assert not stage_ranking(world.stage).frozen
    _assert_exports_equal_the_ranking(scored, world.stage)


def test_the_streamed_exports_of_a_closed_stage_equal_its_frozen_record(scored, world):
    closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    frozen = _expected(world.stage)
    # A score changed behind the services' back moves the live preview, not the record.
    card = Scorecard.objects.filter(stage=world.stage).order_by("pk").first()
    card.values = world.full(100)
    card.save()
    assert stage_ranking(world.stage).frozen
    assert _expected(world.stage) == frozen
    live = {row.proposal_id: row.score for row in closing.preview(world.stage).rows}
    assert live != {row.proposal_id: row.score for row in stage_ranking(world.stage).rows}  # the live one moved
    _assert_exports_equal_the_ranking(scored, world.stage)

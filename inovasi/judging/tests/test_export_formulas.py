"""A proposal title that looks like a spreadsheet formula stays text in the ranking export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

TRAP = '=HYPERLINK("http://jahat.test","Klik")'


def test_a_formula_title_stays_text_in_the_ranking_export(client, world):
    world.proposal(TRAP)
    client.force_login(world.cast.organizer)
    url = reverse("organizer:judging_export", args=[world.stage.pk, "csv"])
    text = client.get(url).getvalue().decode("utf-8-sig")
    assert [row[2] for row in csv.reader(io.StringIO(text))][1:] == ["'" + TRAP]
    response = client.get(reverse("organizer:judging_export", args=[world.stage.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert (sheet["C2"].value, sheet["C2"].data_type) == (TRAP, "s")

"""A proposal title that looks like a spreadsheet formula stays text in the organizer's export."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from inovasi.competitions.models import Proposal

from .conftest import enter, make_innovation

TRAP = '=HYPERLINK("http://jahat.test","Klik")'


def test_a_formula_title_stays_text_in_the_proposal_export(client, cast, kovablik):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani"), cast.operator_a, cast.admin_a)
    Proposal.objects.filter(pk=proposal.pk).update(title=TRAP)
    client.force_login(cast.organizer)
    text = client.get(reverse("organizer:edition_export", args=[kovablik.pk, "csv"])).getvalue().decode("utf-8-sig")
    assert [row[1] for row in csv.reader(io.StringIO(text))][1:] == ["'" + TRAP]
    response = client.get(reverse("organizer:edition_export", args=[kovablik.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert (sheet["B2"].value, sheet["B2"].data_type) == (TRAP, "s")

"""A Pemda's text that looks like a spreadsheet formula stays text in the public open-data export."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from inovasi.search.tests.factories import make_innovation

TRAP = '=HYPERLINK("http://jahat.test","Klik")'


def test_an_acronym_expansion_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(client, cast):
    make_innovation(cast.agency_a, "SI JAHAT", acronym_expansion=TRAP)
    url = reverse("public:catalog_export")
    text = client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[2] for row in rows[1:]] == ["'" + TRAP]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).getvalue()))["Inovasi"]
    assert (sheet["C2"].value, sheet["C2"].data_type) == (TRAP, "s")

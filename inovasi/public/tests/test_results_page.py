"""The public results page: only announced lists, awards by label, search without JavaScript,
share tags, CSV/XLSX export with the same rows, and the API over the same data."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.accounts.enums import Role
from inovasi.press.tests.builders import award, build_kovablik, enter
from inovasi.search.tests.factories import make_innovation
from tests_support.personas import make_user


@pytest.fixture
def kovablik(cast):
    return build_kovablik(cast)


def url(kovablik, name="public:edition_results", *args):
    return reverse(name, args=[kovablik.edition.pk, *args])


def listed(response):
    results = response.context["results"]
    stages = [(s.label, [e.title for e in s.entries]) for s in results.stages]
    awards = [(g.label.name, [e.title for e in g.entries]) for g in results.awards]
    return stages, awards


def test_the_page_shows_announced_shortlists_and_awards_by_label_only(client, kovablik):
    response = client.get(url(kovablik))
    assert response.status_code == 200
    assert listed(response) == (
        [
            ("Top 90", ["Segar Kagemi", "Rumah Diapers", "Among Tani Crop"]),
            ("Top 45", ["Rumah Diapers"]),
            ("Top 30", ["Segar Kagemi"]),
        ],
        [("Top 30", ["Segar Kagemi"]), ("Top 45", ["Rumah Diapers"])],
    )
    # The Top 30 and Top 45 lists hold exactly their awards' recipients: shown once, as awards.
    assert [s.label for s in response.context["results"].separate_stages] == ["Top 90"]
    html = response.content.decode()
    assert html.count(">Segar Kagemi</a>") == 2  # in the Top 30 awards and the Top 90 list
    assert "Sepasar Pedas" not in html  # withdrawn after an upheld objection
    assert "Inovasi Rahasia" not in html  # its list is not announced
    assert "Replikasi Terbaik" not in html
    assert "The Singhasari Resort Kota Batu" in html
    assert reverse("public:innovation_detail", args=[kovablik.segar.pk]) in html
    assert reverse("public:region_detail", args=["35.73"]) in html
    assert "SMP Negeri Sepuluh Malang" in html


def test_an_unpublished_edition_is_hidden_except_from_its_organizers(client, cast):
    kovablik = build_kovablik(cast, published=False)
    assert client.get(url(kovablik)).status_code == 404
    stranger = make_user("panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", cast.other_body)
    client.force_login(stranger)
    assert client.get(url(kovablik)).status_code == 404
    client.force_login(cast.organizer)
    response = client.get(url(kovablik))
    assert response.status_code == 200
    assert "hanya terlihat oleh panitia" in response.content.decode()


def test_search_by_region_keeps_matching_entries_in_every_list(client, kovablik):
    response = client.get(url(kovablik), {"q": "malang"})
    assert listed(response) == (
        [("Top 90", ["Segar Kagemi", "Rumah Diapers"]), ("Top 45", ["Rumah Diapers"]), ("Top 30", ["Segar Kagemi"])],
        [("Top 30", ["Segar Kagemi"]), ("Top 45", ["Rumah Diapers"])],
    )
    assert 'value="malang"' in response.content.decode()


def test_search_needs_every_word_and_ignores_case(client, kovablik):
    response = client.get(url(kovablik), {"q": "TANI  batu"})
    assert listed(response) == ([("Top 90", ["Among Tani Crop"]), ("Top 45", []), ("Top 30", [])], [])
    assert response.context["results"].query == "TANI batu"
    response = client.get(url(kovablik), {"q": "diapers batu"})
    assert response.context["results"].is_empty
    assert "Tidak ada hasil yang cocok" in response.content.decode()


def test_the_page_carries_a_canonical_url_and_open_graph_tags(client, kovablik, settings):
    settings.SITE_URL = "https://inovasi.jatimprov.go.id"
    html = client.get(url(kovablik), {"q": "malang"}).content.decode()
    canonical = f"https://inovasi.jatimprov.go.id/kompetisi/{kovablik.edition.pk}/hasil/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Hasil KOVABLIK Jawa Timur 2020">' in html
    assert "Top 30: 1; Top 45: 1; Top 90: 3" in html  # og:description counts the whole edition, not the search


def read_csv(response):
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_has_one_row_per_published_entry(client, kovablik, settings):
    settings.SITE_URL = "https://contoh.id"
    response = client.get(url(kovablik, "public:edition_results_export", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="hasil-kovablik-jawa-timur-2020-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Bagian", "Label", "Peringkat", "Inovasi / penerima"]
    link = {i.name: f"https://contoh.id/inovasi/{i.pk}/" for i in (kovablik.segar, kovablik.diapers, kovablik.tani)}
    segar = ["Segar Kagemi", "SMP Negeri Sepuluh Malang", "Pemerintah Kota Malang", "35.73"]
    diapers = ["Rumah Diapers", "Puskesmas Polowijen", "Pemerintah Kota Malang", "35.73"]
    tani = ["Among Tani Crop", "Dinas Pertanian Kota Batu", "Pemerintah Kota Batu", "35.79"]
    assert rows[1:] == [
        ["Daftar tahap", "Top 90", "1", *segar, "2020-10-01", link["Segar Kagemi"]],
        ["Daftar tahap", "Top 90", "2", *diapers, "2020-10-01", link["Rumah Diapers"]],
        ["Daftar tahap", "Top 90", "3", *tani, "2020-10-01", link["Among Tani Crop"]],
        ["Daftar tahap", "Top 45", "1", *diapers, "2020-11-15", link["Rumah Diapers"]],
        ["Daftar tahap", "Top 30", "1", *segar, "2020-11-15", link["Segar Kagemi"]],
        ["Penghargaan", "Top 30", "", *segar, "2020-11-15", link["Segar Kagemi"]],
        ["Penghargaan", "Top 45", "", *diapers, "2020-11-15", link["Rumah Diapers"]],
    ]


def test_xlsx_export_holds_the_same_rows_as_the_csv_and_follows_the_search(client, kovablik):
    csv_rows = read_csv(client.get(url(kovablik, "public:edition_results_export", "csv"), {"q": "batu"}))
    response = client.get(url(kovablik, "public:edition_results_export", "xlsx"), {"q": "batu"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    xlsx_rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == csv_rows
    assert [row[3] for row in xlsx_rows[1:]] == ["Among Tani Crop"]


def test_a_name_that_looks_like_a_formula_stays_text_in_both_exports(client, cast, kovablik):
    trap = make_innovation(cast.agency_a, '=HYPERLINK("http://jahat.test")', year=2020)
    award(kovablik.label30, enter(kovablik.edition, trap))
    rows = read_csv(client.get(url(kovablik, "public:edition_results_export", "csv")))
    assert [row[3] for row in rows if "HYPERLINK" in row[3]] == ['\'=HYPERLINK("http://jahat.test")']
    response = client.get(url(kovablik, "public:edition_results_export", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cells = [(c.value, c.data_type) for c in sheet["D"] if c.value and "HYPERLINK" in str(c.value)]
    assert cells == [('=HYPERLINK("http://jahat.test")', "s")]


def test_an_unknown_export_format_is_404(client, kovablik):
    assert client.get(url(kovablik, "public:edition_results_export", "pdf")).status_code == 404


def test_the_api_returns_the_same_published_results(client, kovablik):
    data = client.get(f"/api/v1/editions/{kovablik.edition.pk}/results").json()
    assert [(s["label"], [e["title"] for e in s["entries"]]) for s in data["stages"]] == [
        ("Top 90", ["Segar Kagemi", "Rumah Diapers", "Among Tani Crop"]),
        ("Top 45", ["Rumah Diapers"]),
        ("Top 30", ["Segar Kagemi"]),
    ]
    assert data["awards"][0] == {
        "label_id": kovablik.label30.pk,
        "label": "Top 30",
        "kind": "shortlist",
        "entries": [
            {
                "title": "Segar Kagemi",
                "label": "Top 30",
                "rank": None,
                "innovation_id": kovablik.segar.pk,
                "government": "Pemerintah Kota Malang",
                "region_code": "35.73",
                "agency": "SMP Negeri Sepuluh Malang",
                "disqualification": "",
                "awarded_on": "2020-11-15",
                "ceremony": "Penganugerahan KOVABLIK",
            }
        ],
    }
    filtered = client.get(f"/api/v1/editions/{kovablik.edition.pk}/results", {"q": "batu"}).json()
    assert [len(s["entries"]) for s in filtered["stages"]] == [1, 0, 0]
    assert filtered["awards"] == []


def test_the_api_hides_an_unpublished_edition(client, kovablik):
    kovablik.edition.is_published = False
    kovablik.edition.save()
    assert client.get(f"/api/v1/editions/{kovablik.edition.pk}/results").status_code == 404


def test_the_page_costs_the_same_queries_with_one_or_three_more_awards(client, cast, kovablik):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(kovablik)).status_code == 200
        return len(captured)

    before = queries()
    for n in range(3):
        extra = make_innovation(cast.agency_a, f"Inovasi Tambahan {n}", year=2020)
        award(kovablik.label45, enter(kovablik.edition, extra))
    assert queries() == before


def test_the_edition_page_links_its_results_and_gallery(client, kovablik):
    html = client.get(reverse("public:edition_detail", args=[kovablik.edition.pk])).content.decode()
    assert f'href="{url(kovablik)}"' in html
    assert f'href="{url(kovablik, "public:edition_gallery")}"' in html
